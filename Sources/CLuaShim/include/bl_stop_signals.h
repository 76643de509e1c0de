/*
** bl_stop_signals.h — the money-safety signal bracket. SIGINT and the stop signals
** stop a run through the core's kill flag (bl_host.h) without cutting a host call in
** flight, and a mutation on the wire is bracketed so that even a second signal lets
** its outcome be audited first. Implemented in limits.c (the handler shares the kill
** flag and hook with the limits) and stop_signals.c (which signals, their names).
*/
#ifndef BL_STOP_SIGNALS_H
#define BL_STOP_SIGNALS_H

#include "bl_host.h"

/* SIGINT and the stop signals (SIGTERM, SIGHUP, SIGUSR1, SIGALRM, … stop_signals.c): the
** handler only sets the kill flag and a hook (as lua.c's laction), so a Swift call in
** flight (a margin request) finishes and is audited before the script stops (exit 128 +
** the signal). A second signal while the first is pending exits the process at once —
** except while a mutation is on the wire: then it exits as soon as that call's outcome
** line is written (a third signal still exits at once). SIGHUP never escalates, and an
** ignored signal (SIGHUP under nohup) stays ignored. SIGPIPE is ignored from the first
** run on (writes get EPIPE). */
void bl_sigint_install(lua_State *L);
void bl_sigint_restore(void);    /* back to what they did before the install */
int bl_sigint_count(void);       /* signals the run's handler has taken */
int bl_terminating_signal(void); /* the stop signal (not SIGINT) that stopped a run, else 0 */
int bl_stop_signal_count(void);  /* the stop signals, SIGINT first: count and i-th */
int bl_stop_signal_at(int i);
const char *bl_signal_name(int sig); /* "SIGUSR1", "SIGRTMIN+3" */
void bl_sigpipe_ignore(void);      /* a no-op SIGPIPE handler unless one is set or it is ignored */
int bl_signal_is_ignored(int sig); /* SIG_IGN now (SIGHUP under nohup) */
/* Brackets a mutation from just before it is sent to just after its audit line. */
void bl_mutation_begin(void);
void bl_mutation_end(void); /* may _exit if a second signal came meanwhile */

#endif
