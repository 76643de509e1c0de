/*
** state.c — creating and closing a lua_State with a capped allocator, a panic
** function and a warning function (lua_newstate installs neither).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bl_host.h"
#include "shim_internal.h"

/* Headroom granted once a state has been killed, so the error message and the
** traceback can still be built while every thread unwinds. */
#define BL_KILL_HEADROOM (1u << 20)

/*
** The allocator (manual, lua_Alloc). The cap is enforced only while Lua code runs
** (h->enforce): Swift host code pushes values with 'm'-class API calls, and a memory
** error raised there would longjmp through Swift frames. Host code may overshoot
** the cap; the trampoline checks the flag when the Swift function returns.
*/
/*
** The count hook sees the deadline only every BL_HOOK_COUNT instructions; a loop of
** string.rep (or table.concat, ..) spends most of its time in C between them, and ran
** a 3 s --timeout to 20 s. So every large allocation also checks the clock (cheap next
** to filling a megabyte), and once the script is out of time large allocations fail:
** it cannot keep working inside C until a coroutine's count hook comes round. The kill
** is the hook's own (sticky, reported as the timeout).
*/
#define BL_LARGE_ALLOC (1u << 20)

static int bl_past_deadline(bl_Host *h) {
  if (h->kill == BL_KILL_TIMEOUT) return 1;
  if (h->kill || bl_monotonic() < h->deadline) return 0;
  h->kill = BL_KILL_TIMEOUT;
  bl_stop_everywhere(h);
  return 1;
}

static void *bl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  bl_Host *h = (bl_Host *)ud;
  size_t old = (ptr == NULL) ? 0 : osize; /* osize is a type tag when ptr is NULL */
  if (nsize == 0) {
    h->used -= old;
    /* Any block Lua holds at size S has room for S bytes (malloc'd or realloc'd to at
    ** least S), so it can serve the next request for exactly S. */
    if (ptr != NULL && osize == h->cache_size && h->cache_count < BL_CACHE_MAX) {
      *(void **)ptr = h->cache;
      h->cache = ptr;
      h->cache_count++;
      return NULL;
    }
    free(ptr);
    return NULL;
  }
  if (h->limit != 0 && nsize > old && h->enforce) {
    size_t cap = h->limit + (h->kill ? BL_KILL_HEADROOM : 0);
    size_t grow = nsize - old;
    if (h->used + grow > cap || grow > cap) {
      if (!h->kill) {
        /* sticky: pcall cannot swallow it. lua_sethook only sets fields (it is even
        ** signal-safe), so it may be called from inside the allocator. */
        h->kill = BL_KILL_MEMORY;
        lua_sethook(h->main, bl_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
      }
      return NULL;
    }
  }
  if (nsize > old && nsize - old >= BL_LARGE_ALLOC && h->enforce && h->deadline != 0 &&
      bl_past_deadline(h))
    return NULL;
  void *p;
  if (ptr != NULL) {
    p = realloc(ptr, nsize);
  } else if (nsize == h->cache_size && h->cache != NULL) {
    p = h->cache;
    h->cache = *(void **)p;
    h->cache_count--;
  } else {
    p = malloc(nsize); /* new blocks: malloc's fast path, not realloc(NULL, n)'s */
  }
  if (p == NULL) return NULL;
  h->used = h->used - old + nsize;
  if (h->used > h->peak) h->peak = h->used;
  return p;
}

static int bl_panic(lua_State *L) {
  const char *msg =
      (lua_type(L, -1) == LUA_TSTRING) ? lua_tostring(L, -1) : "error object is not a string";
  fprintf(stderr, "bybit-lua: PANIC: unprotected error in call to Lua API (%s)\n", msg);
  fflush(stderr);
  return 0; /* Lua then aborts */
}

/* The warning function of lauxlib.c, reduced: "@on"/"@off" control messages,
** pieces concatenated until the last one. Off by default, as in lua.c. */
static void bl_warn(void *ud, const char *msg, int tocont) {
  static int on = 0, cont = 0;
  (void)ud;
  if (!cont && *msg == '@') {
    if (strcmp(msg, "@on") == 0)
      on = 1;
    else if (strcmp(msg, "@off") == 0)
      on = 0;
    return;
  }
  if (!on) {
    cont = tocont;
    return;
  }
  if (!cont) fputs("Lua warning: ", stderr);
  fputs(msg, stderr);
  if (!tocont) fputs("\n", stderr);
  cont = tocont;
}

lua_State *bl_newstate(bl_Host *host) {
  lua_State *L = lua_newstate(bl_alloc, host);
  if (L == NULL) return NULL;
  host->main = L;
  *(bl_Host **)lua_getextraspace(L) = host; /* copied into every new thread */
  lua_atpanic(L, bl_panic);
  lua_setwarnf(L, bl_warn, NULL);
  /* Installed before any user code runs, so every coroutine inherits it; it removes
  ** itself (and bl_set_timeout removes it) when no limit needs it (limits.c). */
  lua_sethook(L, bl_hook, LUA_MASKCOUNT, BL_HOOK_COUNT);
  return L;
}

void bl_close(lua_State *L) {
  bl_Host *h = bl_host(L);
  h->enforce = 0;
  lua_close(L);
  while (h->cache != NULL) {
    void *next = *(void **)h->cache;
    free(h->cache);
    h->cache = next;
  }
  h->cache_count = 0;
}

/* The block size is Lua's (its userdata header is private to Lua): measured as the
** growth of `used` for one new userdata, with the collector held so that no step
** frees anything in between. */
void bl_alloc_cache(lua_State *L, size_t udata_size) {
  bl_Host *h = bl_host(L);
  int running = lua_gc(L, LUA_GCISRUNNING);
  lua_gc(L, LUA_GCSTOP);
  size_t before = h->used;
  lua_newuserdatauv(L, udata_size, 0);
  size_t block = h->used - before;
  lua_settop(L, -2);
  if (running) lua_gc(L, LUA_GCRESTART);
  /* the first word links the list: smaller blocks are not worth keeping anyway */
  if (block >= sizeof(void *) && block <= 256) h->cache_size = block;
}

bl_Host *bl_host(lua_State *L) { return *(bl_Host **)lua_getextraspace(L); }

double bl_run_deadline(void) {
  bl_Host *h = bl_running_host();
  return h != NULL ? h->deadline : 0;
}

/* The one check of memory a host call holds for the script (a reply before it is
** decoded): it must fit in what the allocator's cap leaves, as a Lua allocation must. */
int bl_run_memory_admits(size_t bytes) {
  bl_Host *h = bl_running_host();
  if (h == NULL || h->limit == 0) return 1;
  if (h->used <= h->limit && bytes <= h->limit - h->used) return 1;
  if (!h->kill) {
    h->kill = BL_KILL_MEMORY;
    bl_stop_everywhere(h);
  }
  return 0;
}

double bl_monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *bl_copyright(void) { return LUA_COPYRIGHT; }
const char *bl_release(void) { return LUA_RELEASE; }
