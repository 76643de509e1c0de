/*
** stop_signals.c — which signals stop a run the way SIGTERM does, and their names.
**
** Every asynchronous signal whose default action ends the process: left at the default,
** any of them (a stray `kill -USR1`, an alarm, a CPU or file-size limit, a real-time
** signal) would end the process between a margin call's reply and its audit line. Not
** the synchronous faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS):
** after one of them the process cannot be trusted to carry on. Not SIGPIPE: it is
** ignored (bl_sigpipe_ignore), so a write to a closed pipe gets EPIPE. SIGKILL and
** SIGSTOP cannot be caught; the write-ahead intent line is what covers SIGKILL.
*/
#include <signal.h>
#include <stdio.h>
#include "bl_stop_signals.h"

static const struct {
  int sig;
  const char *name;
} bl_fixed[] = {
    {SIGINT, "SIGINT"},       {SIGTERM, "SIGTERM"}, {SIGHUP, "SIGHUP"},   {SIGQUIT, "SIGQUIT"},
    {SIGUSR1, "SIGUSR1"},     {SIGUSR2, "SIGUSR2"}, {SIGALRM, "SIGALRM"}, {SIGVTALRM, "SIGVTALRM"},
    {SIGPROF, "SIGPROF"},     {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
#ifdef SIGPOLL
    {SIGPOLL, "SIGPOLL"},
#endif
#ifdef SIGPWR
    {SIGPWR, "SIGPWR"},
#endif
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
};
#define BL_NFIXED ((int)(sizeof bl_fixed / sizeof bl_fixed[0]))

int bl_stop_signal_count(void) {
#ifdef SIGRTMIN
  return BL_NFIXED + (SIGRTMAX - SIGRTMIN + 1);
#else
  return BL_NFIXED;
#endif
}

int bl_stop_signal_at(int i) {
  if (i < 0) return 0;
  if (i < BL_NFIXED) return bl_fixed[i].sig;
#ifdef SIGRTMIN
  if (i < bl_stop_signal_count()) return SIGRTMIN + (i - BL_NFIXED);
#endif
  return 0;
}

/* Async-signal-safe for the fixed names; a real-time signal's name is built once into a
** static buffer, which only the kill message (never a handler) asks for. */
const char *bl_signal_name(int sig) {
  for (int i = 0; i < BL_NFIXED; i++)
    if (bl_fixed[i].sig == sig) return bl_fixed[i].name;
  static char rt[24];
#ifdef SIGRTMIN
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
    snprintf(rt, sizeof rt, "SIGRTMIN+%d", sig - SIGRTMIN);
    return rt;
  }
#endif
  snprintf(rt, sizeof rt, "signal %d", sig);
  return rt;
}

/* SIGPIPE's handler does nothing: the write that raised it returns EPIPE. A handler, not
** SIG_IGN, so that programs a script starts get the default back at exec. */
static void bl_sigpipe_noop(int sig) { (void)sig; }

void bl_sigpipe_ignore(void) {
  struct sigaction sa;
  if (sigaction(SIGPIPE, NULL, &sa) != 0 || sa.sa_handler != SIG_DFL)
    return; /* ignored already, or someone's */
  sa.sa_handler = bl_sigpipe_noop;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGPIPE, &sa, NULL);
}
