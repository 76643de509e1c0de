/*
** fs_internal.h — the filesystem policy's parts the shim's C files share
** (fs_policy.c checks, fs_open.c opens, fs_lib.c and fs_load.c are what scripts call).
*/
#ifndef BL_FS_INTERNAL_H
#define BL_FS_INTERNAL_H

#include <limits.h>
#include <sys/stat.h>
#include "bl_host.h"

/* The registry key of the policy table { read = {dirs}, write = {dirs}, protect = {paths} }. */
#define BL_FS_KEY "bybit-lua.fs"

enum { BL_FS_READ = 1, BL_FS_WRITE = 2 };

/* What a check found: the resolved path and, when it exists, its stat. */
typedef struct bl_FsTarget {
  char resolved[PATH_MAX];
  int exists;
  int have_st;
  struct stat st;
  const char *why; /* the reason of a denial, NULL for a system error (errno) */
} bl_FsTarget;

/* Resolves `path` (see fs_policy.c); 0, or -1 with errno. */
int bl_fs_resolve(const char *path, char out[PATH_MAX], int *exists);
/* Whether the protected list covers `resolved` (or, with `ancestors`, lies below it). */
int bl_fs_protected(lua_State *L, const char *resolved, const struct stat *st, int ancestors);
/* The one check. 1: allowed (t filled). 0: the message ("fn: read access to 'p'
** denied (why)" or "p: strerror") is pushed, t->why and errno set. `entry`: the
** directory entry itself is meant (remove, rename), not the file a link leads to. */
int bl_fs_check(lua_State *L, const char *fn, const char *path, int access, int entry,
                bl_FsTarget *t);
/* Pushes a denial message, sets t->why and errno = EACCES; returns 0. */
int bl_fs_deny(lua_State *L, const char *fn, const char *path, int access, bl_FsTarget *t,
               const char *why);
/* Checks `path`, then opens it (open(2) flags; O_TRUNC applied after the checks) without
** following a link swapped in since. A descriptor, or -1 with the message pushed
** (*why: the denial's reason, NULL for a system error; errno set). */
int bl_fs_open(lua_State *L, const char *fn, const char *path, int flags, const char **why);
/* An O_PATH descriptor of the resolved directory `dir`, links not followed. */
int bl_fs_open_dir(const char *dir);
/* Loads a text chunk from `filename` through bl_fs_open (NULL: standard input), as
** luaL_loadfilex does; the status, with the chunk or the message on top. */
int bl_fs_loadfile(lua_State *L, const char *fn, const char *filename);
/* package.searchpath(name, path [, sep [, rep]]) through the check. */
int bl_fs_searchpath(lua_State *L);
/* Replaces io.open/lines/input/output, os.remove/rename, loadfile, dofile and
** package.searchpath by the checked versions (called by bl_openlibs_impl). */
void bl_fs_libs(lua_State *L);

#endif
