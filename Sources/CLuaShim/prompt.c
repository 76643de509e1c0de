/*
** prompt.c — Ctrl-C at the REPL prompt, and the line editor's getc.
**
** No Lua runs at the prompt, so Ctrl-C only counts; the getc below gives libedit EOF
** when it has, readline returns, and the front end clears the line (LineEditor.swift).
*/
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bl_terminal.h"

static volatile sig_atomic_t bl_prompt_sigs = 0;
static pthread_t bl_prompt_thread;

/* Ctrl-C is sent to the whole process. While the prompt thread blocks SIGINT (outside
** ppoll, below) the kernel hands it to any other thread that does not, and the prompt
** thread's ppoll then slept on until the next key. So another thread only passes the
** signal on: pending on the prompt thread, it interrupts the ppoll. */
static void bl_prompt_action(int sig) {
  if (!pthread_equal(pthread_self(), bl_prompt_thread)) {
    pthread_kill(bl_prompt_thread, sig);
    return;
  }
  bl_prompt_sigs++;
}

void bl_prompt_sigint_install(void) {
  bl_prompt_thread = pthread_self(); /* before the handler that reads it */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = bl_prompt_action; /* no SA_RESTART: poll() returns EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int bl_prompt_sigint_take(void) {
  int n = (int)bl_prompt_sigs;
  bl_prompt_sigs = 0;
  return n;
}

/* The terminal opened a second time, non-blocking, for reading keys. A terminal's
** poll can say "readable" when the next read has nothing to give: Ctrl-C flushes the
** input the poll saw (n_tty's isig). A blocking read() on stdin then slept, with the
** Ctrl-C pending, until the next key, and that key joined the line it should have
** cleared (seen in the pty test under load, with strace). O_NONBLOCK on stdin itself
** would change the file description the shell shares with us; a private one does not. */
static int bl_keys_fd = -1;
static dev_t bl_keys_dev = 0;
static int bl_keys_tried = 0; /* for bl_keys_dev: a failed open is not retried per key */

/* Opens `path` non-blocking if it is the same terminal as `fd` (device `dev`). */
static int bl_open_same_tty(const char *path, dev_t dev) {
  int k = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (k >= 0 && (fstat(k, &st) != 0 || st.st_rdev != dev)) {
    close(k);
    k = -1;
  }
  return k;
}

/* The private descriptor for the terminal on `fd`, or -1 (then the shared one is used,
** guarded by FIONREAD). Found again if `fd` now names another terminal. */
static int bl_keys(int fd) {
  struct stat st;
  if (!isatty(fd) || fstat(fd, &st) != 0) return -1;
  if (bl_keys_tried && bl_keys_dev == st.st_rdev) return bl_keys_fd;
  if (bl_keys_fd >= 0) close(bl_keys_fd);
  char path[40];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  bl_keys_fd = bl_open_same_tty(path, st.st_rdev);
  /* No /proc, or a terminal another user owns (after su): /dev/tty is the controlling one. */
  if (bl_keys_fd < 0) bl_keys_fd = bl_open_same_tty("/dev/tty", st.st_rdev);
  bl_keys_dev = st.st_rdev;
  bl_keys_tried = 1;
  return bl_keys_fd;
}

/* Whether a read on `fd` (the shared, blocking descriptor) would return at once. */
static int bl_read_would_return(int fd, short revents) {
  if (revents & (POLLHUP | POLLERR | POLLNVAL)) return 1; /* EOF or an error */
  int pending = 0;
  return ioctl(fd, FIONREAD, &pending) != 0 || pending > 0;
}

/* SIGINT is blocked except inside ppoll(), which unblocks it atomically while it
** waits: a Ctrl-C that lands between the flag check and the wait would otherwise
** leave the wait asleep until the next key. */
int bl_prompt_getc(FILE *f) {
  int shared = fileno(f);
  int keys = bl_keys(shared);
  int fd = keys >= 0 ? keys : shared;
  sigset_t block, old, waiting;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  waiting = old;
  sigdelset(&waiting, SIGINT);
  int result = EOF;
  for (;;) {
    if (bl_prompt_sigs) break; /* Ctrl-C: readline returns */
    struct pollfd p = {.fd = fd, .events = POLLIN};
    /* The wait is also bounded, so the flag is seen within 100 ms even if a Ctrl-C was
    ** counted without interrupting it. */
    struct timespec tick = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    int r = ppoll(&p, 1, &tick, &waiting);
    if (r == 0 || (r < 0 && errno == EINTR)) continue; /* the flag decides */
    if (r < 0) break;
    if (keys < 0 && !bl_read_would_return(fd, p.revents)) continue;
    unsigned char c;
    ssize_t n = read(fd, &c, 1);
    if (n == 1) {
      result = c;
      break;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue; /* nothing after all */
    break;                                                      /* end of input or an error */
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return result;
}
