/* libedit's readline-compatible interface (Debian: libedit-dev). BSD-licensed,
** unlike GNU readline. */
#include <stdio.h>
#include <editline/readline.h>

/* libedit's settings are C globals; Swift 6 will not touch shared mutable globals,
** so they are set here. */
static inline void bl_el_configure(rl_completion_func_t *complete, int (*getc_fn)(FILE *)) {
  rl_getc_function = getc_fn;         /* returns EOF when Ctrl-C interrupts the read */
  rl_readline_name = "bybit-lua";     /* for `bybit-lua:` lines in ~/.editrc */
  rl_catch_signals = 0;               /* SIGINT is the host's */
  rl_completion_append_character = 0; /* no space after `bybit.` */
  rl_attempted_completion_function = complete;
}
