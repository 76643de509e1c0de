/*
** bl_terminal.h — the runner's terminal helpers: Ctrl-C at the REPL prompt, the line
** editor's getc (prompt.c) and the C stdio that Lua's print shares. No Lua here: the
** prompt runs no Lua code.
*/
#ifndef BL_TERMINAL_H
#define BL_TERMINAL_H

#include <stddef.h>
#include <stdio.h>

/* At the REPL prompt SIGINT only counts; the front end clears the line (prompt.c). */
void bl_prompt_sigint_install(void);
int bl_prompt_sigint_take(void); /* returns and clears the count */
/* A getc for the line editor: EOF when a prompt SIGINT interrupted the read. */
int bl_prompt_getc(FILE *f);

/* C stdio for the runner: Lua's print writes through the same buffers. */
static inline void bl_write_out(const char *s, size_t n) { fwrite(s, 1, n, stdout); }
static inline void bl_write_err(const char *s, size_t n) { fwrite(s, 1, n, stderr); }
static inline void bl_flush_all(void) {
  fflush(stdout);
  fflush(stderr);
}

#endif
