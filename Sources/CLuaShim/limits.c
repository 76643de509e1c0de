/*
** limits.c — timeout, instruction budget, sticky kills and SIGINT.
**
** A run with --timeout or an instruction budget installs a count hook on the main
** thread before any user code runs (so every coroutine inherits it, lstate.c); it
** checks the limits every BL_HOOK_COUNT instructions. A run without either has no
** hook: any hook makes Lua 5.4 check a trap before every instruction, and a stop
** (Ctrl-C, SIGTERM, os.exit, the memory cap) reaches the code that is running through
** the threads coroutines.c records instead. Once a limit trips the kill is sticky (the
** Redis technique): the hook switches to firing on every line and instruction and
** raises again, so a script that catches the error with pcall is stopped again at its
** next line.
*/
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "bl_host.h"
#include "bl_stop_signals.h"
#include "bl_terminal.h"
#include "shim_internal.h"

#define BL_STICKY_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)

const char *bl_kill_message(bl_Host *h) {
  char *m = h->message;
  size_t n = sizeof h->message;
  switch (h->kill) {
    case BL_KILL_TIMEOUT:
      snprintf(m, n, "timeout: the script ran past its time limit of %g s", h->timeout);
      break;
    case BL_KILL_INSTRUCTIONS:
      snprintf(m, n, "instruction limit of %llu reached", (unsigned long long)h->max_instructions);
      break;
    case BL_KILL_MEMORY:
      snprintf(m, n, "not enough memory: the script reached its memory limit of %g MB",
               (double)h->limit / (1024.0 * 1024.0));
      break;
    case BL_KILL_INTERRUPT: snprintf(m, n, "interrupted!"); break;
    case BL_KILL_TERMINATE: {
      int sig = bl_terminating_signal();
      snprintf(m, n, "terminated (%s)", bl_signal_name(sig != 0 ? sig : SIGTERM));
      break;
    }
    case BL_KILL_EXIT: snprintf(m, n, "exit"); break;
    default: snprintf(m, n, "stopped"); break;
  }
  return m;
}

/* Whether a limit needs the count hook on every thread: a timeout or a budget. */
static int bl_needs_count_hook(const bl_Host *h) {
  return h->deadline != 0 || h->max_instructions != 0;
}

/* The hook a thread carries while nothing is stopped: the count hook when a limit
** needs it, else none. */
static void bl_quiet_hook(bl_Host *h, lua_State *L) {
  if (bl_needs_count_hook(h))
    lua_sethook(L, bl_hook, LUA_MASKCOUNT, BL_HOOK_COUNT);
  else
    lua_sethook(L, NULL, 0, 0);
}

void bl_hook(lua_State *L, lua_Debug *ar) {
  bl_Host *h = bl_host(L);
  if (!h->kill) {
    /* a sticky hook left over from a reset kill, or a count hook no limit needs now */
    if (lua_gethookcount(L) == 1 || !bl_needs_count_hook(h)) {
      bl_quiet_hook(h, L);
      return;
    }
    if (ar->event == LUA_HOOKCOUNT) h->instructions += BL_HOOK_COUNT;
    if (h->max_instructions != 0 && h->instructions >= h->max_instructions)
      h->kill = BL_KILL_INSTRUCTIONS;
    else if (h->deadline != 0 && bl_monotonic() >= h->deadline)
      h->kill = BL_KILL_TIMEOUT;
    else
      return;
    bl_stop_everywhere(h);
  }
  if (lua_gethookcount(L) != 1) lua_sethook(L, bl_hook, BL_STICKY_MASK, 1);
  luaL_error(L, "%s", bl_kill_message(h));
}

/* Signal-safe: lua_sethook only stores into the thread (ldebug.c). A slot is written
** before the count that makes it visible, and the count drops before a slot is left. */
void bl_stop_everywhere(bl_Host *h) {
  lua_sethook(h->main, bl_hook, BL_STICKY_MASK, 1);
  int n = h->nrunning;
  if (n > BL_MAX_RUNNING) n = BL_MAX_RUNNING;
  for (int i = 0; i < n; i++) lua_sethook(h->running[i], bl_hook, BL_STICKY_MASK, 1);
}

void bl_limits_prepare_thread(bl_Host *h, lua_State *co) {
  if (bl_needs_count_hook(h) && lua_gethook(co) == NULL)
    lua_sethook(co, bl_hook, LUA_MASKCOUNT, BL_HOOK_COUNT);
}

void bl_kill(lua_State *L, int reason) {
  bl_Host *h = bl_host(L);
  h->kill = reason;
  bl_stop_everywhere(h);
  lua_sethook(L, bl_hook, BL_STICKY_MASK, 1);
}

void bl_reset_kill(lua_State *L) {
  bl_Host *h = bl_host(L);
  h->kill = BL_KILL_NONE;
  h->exit_code = 0;
  h->instructions = 0;
  bl_quiet_hook(h, h->main);
}

void bl_set_timeout(bl_Host *h, double seconds) {
  h->timeout = seconds;
  h->deadline = seconds > 0 ? bl_monotonic() + seconds : 0;
  if (!h->kill) bl_quiet_hook(h, h->main);
}

/* {======================================================================
** SIGINT and the stop signals (lua.c's laction, extended to coroutines through the
** shared kill flag; the list is stop_signals.c's)
** ======================================================================= */
static lua_State *volatile bl_sigL = NULL;
static volatile sig_atomic_t bl_sigs = 0;
/* The stop signal other than SIGINT that stopped the run: the exit status is 128 + it. */
static volatile sig_atomic_t bl_term_sig = 0;
/* A margin call is between its intent line and its outcome line: the exchange may apply
** it, so exiting now would leave an applied mutation without its outcome. */
static volatile sig_atomic_t bl_mutating = 0;
static volatile sig_atomic_t bl_exit_after_mutation = 0;

/*
** A C signal cannot safely change a Lua state, so the handler only sets the kill
** flag and the sticky hook on the main thread and the running coroutines
** (lua_sethook is signal-safe, ldebug.c). A second signal before the first was
** handled ends the process.
*/
static void bl_laction(int sig) {
  /* Hang-ups come in twos and threes when a terminal closes (the shell passes its own on,
  ** the kernel hangs up the foreground group): the first stops the run, none escalates,
  ** or a third could end the process before a margin call in flight is audited. */
  if (sig == SIGHUP && bl_sigs > 0) return;
  bl_sigs++;
  if (bl_sigs == 2 && bl_mutating) { /* exit once the call in flight is audited */
    bl_exit_after_mutation = 128 + sig;
    return;
  }
  if (bl_sigs >= 2) _exit(128 + sig);
  lua_State *L = bl_sigL;
  if (L != NULL) {
    if (sig != SIGINT) bl_term_sig = sig;
    bl_host(L)->kill = sig == SIGINT ? BL_KILL_INTERRUPT : BL_KILL_TERMINATE;
    bl_stop_everywhere(bl_host(L));
  }
}

/* What each stop signal did before the run: put back afterwards (in the REPL, the
** prompt's handler; SIG_DFL there let a Ctrl-C between two statements end the session).
** An ignored one is left ignored: an ignored SIGHUP is `nohup`. */
#define BL_MAX_STOP_SIGNALS 96
static struct sigaction bl_saved[BL_MAX_STOP_SIGNALS];
static int bl_depth = 0; /* runs inside runs keep the outermost disposition */

void bl_sigint_install(lua_State *L) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = bl_laction;
  sigemptyset(&sa.sa_mask);
  int n = bl_stop_signal_count();
  if (n > BL_MAX_STOP_SIGNALS) n = BL_MAX_STOP_SIGNALS;
  if (bl_depth++ == 0) {
    bl_sigs = 0;
    bl_term_sig = 0;
    bl_sigL = bl_host(L)->main;
    bl_sigpipe_ignore();
    for (int i = 0; i < n; i++) {
      int sig = bl_stop_signal_at(i);
      if (sigaction(sig, NULL, &bl_saved[i]) != 0 || bl_saved[i].sa_handler == SIG_IGN) continue;
      sigaction(sig, &sa, NULL);
    }
    /* A Ctrl-C the REPL prompt's handler counted after the line was read, before the
    ** handlers above were in place, was meant for this run: it stops it now. Left with
    ** the prompt, it was lost, and a statement that never ends (a loop) ran on. */
    if (bl_prompt_sigint_take() > 0) bl_laction(SIGINT);
  }
  /* A parent may have started us with these blocked (threads of libdispatch block
  ** signals and children inherit the mask); Ctrl-C must still reach us. */
  sigset_t set;
  sigemptyset(&set);
  for (int i = 0; i < n; i++) sigaddset(&set, bl_stop_signal_at(i));
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void bl_sigint_restore(void) {
  if (bl_depth == 0 || --bl_depth > 0) return;
  /* Handlers first: a signal landing before they are back still stops this state (and
  ** callInterruptibly reports it); one landing after goes to the previous handler. */
  int n = bl_stop_signal_count();
  if (n > BL_MAX_STOP_SIGNALS) n = BL_MAX_STOP_SIGNALS;
  for (int i = 0; i < n; i++)
    if (bl_saved[i].sa_handler != SIG_IGN) sigaction(bl_stop_signal_at(i), &bl_saved[i], NULL);
  bl_sigL = NULL;
}

int bl_sigint_count(void) { return (int)bl_sigs; }

bl_Host *bl_running_host(void) {
  lua_State *L = bl_sigL;
  return L != NULL ? bl_host(L) : NULL;
}

int bl_terminating_signal(void) { return (int)bl_term_sig; }

int bl_signal_is_ignored(int sig) {
  struct sigaction sa;
  return sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;
}

void bl_mutation_begin(void) { bl_mutating = 1; }

/* If the handler deferred a second signal, exit now that the outcome line is written. A
** signal landing between the two stores below is not lost: the first signal's kill flag
** still stops the script at its next instruction, with the same status. */
void bl_mutation_end(void) {
  bl_mutating = 0;
  if (bl_exit_after_mutation) _exit(bl_exit_after_mutation);
}
