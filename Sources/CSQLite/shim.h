/* The system SQLite 3 header (Debian: libsqlite3-dev), for the paper exchange's --state file. */
#include <sqlite3.h>
