/*
** bl_host.h — the generic core of bybit-lua's Lua host: a state and its allocator,
** limits (memory, time, instructions) and the kill flag, protected calls and the
** trampolines of Swift functions, the sandbox, tracked coroutines, module searchers
** and the filesystem policy. Nothing here knows about terminals, signals or money.
**
** CLuaShim is one C target with one header per concern (this one, bl_stop_signals.h,
** bl_terminal.h, bl_decimal.h) rather than several targets: the signal bracket and
** the decimal fast paths share bl_Host with the core (the kill flag, the metatable
** cache), so separate targets would only re-export this header. Each C file includes
** the headers of the concerns it implements or uses, and bl_terminal.h includes none
** of the others. Only LuaKit imports the module from Swift.
**
** Swift cannot import Lua's function-like macros or its variadic functions, and it
** must never be unwound by a longjmp (lua_error). Everything that raises a Lua error
** on Swift's behalf, every hook and the signal handler therefore live here, in C.
** See reference/lua-embedding.md §1–§3 for why each piece exists.
*/
#ifndef BL_HOST_H
#define BL_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/* {======================================================================
** Status codes a Swift function returns to the trampoline (never >= 0).
** ======================================================================= */
#define BL_RAISE     (-1) /* error object on top of the stack: raise it        */
#define BL_ARGERROR  (-2) /* stack top: [argindex, message] -> luaL_argerror   */
#define BL_TYPEERROR (-3) /* stack top: [argindex, typename] -> luaL_typeerror */
#define BL_ERROR                                                                                   \
  (-4) /* message string on top: raise it with the caller's
                                position in front, as luaL_error does           */

/* Why a run was stopped by the host (bl_Host.kill). */
enum bl_KillReason {
  BL_KILL_NONE = 0,
  BL_KILL_TIMEOUT = 1,
  BL_KILL_INSTRUCTIONS = 2,
  BL_KILL_MEMORY = 3,
  BL_KILL_INTERRUPT = 4,
  BL_KILL_EXIT = 5,     /* os.exit through the host */
  BL_KILL_TERMINATE = 6 /* SIGTERM/SIGHUP: stop at the next instruction, after any call in flight */
};

/*
** Per-state host data. Its address sits in lua_getextraspace(L) of every thread, so
** a C function or hook reached from any coroutine finds it.
*/
/* Nested resumes a stop can reach; Lua's own C-stack limit (LUAI_MAXCCALLS, 200)
** ends deeper nesting first. */
#define BL_MAX_RUNNING 256

typedef struct bl_Host {
  void *swift;     /* the Swift LuaState (unretained)                  */
  lua_State *main; /* the main thread                                  */
  /* memory */
  size_t used;  /* bytes currently allocated by Lua                 */
  size_t peak;  /* high-water mark                                  */
  size_t limit; /* 0 = none; enforced only while Lua code runs      */
  int enforce;  /* 1 while Lua code (not Swift host code) runs      */
  /* time and instructions */
  double deadline;           /* CLOCK_MONOTONIC seconds; 0 = none                */
  double timeout;            /* the configured timeout, for the message          */
  uint64_t instructions;     /* counted in steps of BL_HOOK_COUNT                */
  uint64_t max_instructions; /* 0 = none                                         */
  /* Threads between their resume and its return, innermost last (coroutines.c): with
  ** the main thread, the ones a stop must reach when no count hook is installed. */
  lua_State *running[BL_MAX_RUNNING];
  volatile int nrunning;
  /* kill state: once set, every thread keeps raising until the host resets it     */
  volatile int kill; /* enum bl_KillReason                               */
  int exit_code;     /* for BL_KILL_EXIT                                 */
  char message[160]; /* the kill message, formatted by bl_kill_message   */
  /* Swift dispatch for boxed closures */
  int (*dispatch)(lua_State *L);
  /* Freed blocks of one hot size (a Decimal userdata's), reused by the allocator
  ** before malloc: each decimal result is garbage soon, so a loop of `+` frees one
  ** block for every one it takes. Not counted in `used` (Lua no longer holds them). */
  void *cache;          /* singly linked through each block's first word     */
  size_t cache_size;    /* the block size kept; 0 = no cache                 */
  unsigned cache_count; /* blocks in the list, at most BL_CACHE_MAX          */
  /* The Decimal metatable, when decimal.c may reach it in the userdata header
  ** (bl_decimal_bind); NULL: it uses lua_getmetatable/lua_setmetatable. */
  const void *decimal_mt;
  /* The tag word LuaValueType writes before each Decimal, for decimal.c (set by
  ** bl_decimal_bind, before the fast paths are installed). */
  uint64_t decimal_tag;
} bl_Host;

/* Blocks the allocator's cache keeps at most (64-byte blocks: 256 KiB). */
#define BL_CACHE_MAX 4096

/* VM instructions between two checks of the limits (Redis uses 100000). */
#define BL_HOOK_COUNT 1000

/* {======================================================================
** State life cycle, limits, interrupts
** ======================================================================= */
lua_State *bl_newstate(bl_Host *host); /* capped allocator, panic, warnings, count hook */
void bl_close(lua_State *L);
/* Lets the allocator keep freed blocks of the size a userdata of `udata_size` bytes
** (no user values) takes, for reuse. */
void bl_alloc_cache(lua_State *L, size_t udata_size);
bl_Host *bl_host(lua_State *L); /* from any thread of the state */
double bl_monotonic(void);
void bl_set_timeout(bl_Host *h, double seconds); /* from now; 0 clears */
void bl_reset_kill(lua_State *L);                /* back to a usable state (REPL) */
void bl_kill(lua_State *L, int reason);          /* sticky stop, from the host thread */
/* The sticky kill hook on the main thread and every running coroutine. */
void bl_stop_everywhere(bl_Host *h);
/* Before a resume: the count hook on `co` when a limit needs one and it has none. */
void bl_limits_prepare_thread(bl_Host *h, lua_State *co);
/* coroutine.resume/wrap that keep h->running (coroutines.c); after luaL_openlibs. */
void bl_track_coroutines(lua_State *L);
const char *bl_kill_message(bl_Host *h);

/* The limits of the run in progress (the state callInterruptibly runs; NULL, 0 or "fits"
** outside one), for host calls that wait or hold memory for the script — the Bybit
** client: its deadline (CLOCK_MONOTONIC s, 0 = none), and whether `bytes` more fit in its
** memory limit; when they do not, the run is stopped with its memory error (sticky). */
bl_Host *bl_running_host(void);
double bl_run_deadline(void);
int bl_run_memory_admits(size_t bytes);
/* {======================================================================
** Protected execution
** ======================================================================= */
int bl_msghandler(lua_State *L); /* lua.c's: __tostring, then traceback */
/* lua_pcall with bl_msghandler underneath and the memory cap enforced while Lua runs. */
int bl_docall(lua_State *L, int narg, int nres);
/* Opens the standard libraries and applies a sandbox profile, under lua_pcall. */
int bl_openlibs(lua_State *L, int strict);
/* guard.c: closes the debug functions a script could turn against the host */
void bl_guard_libs(lua_State *L);
/* fs_open.c: installs the filesystem policy given as the table on top, { read = {dirs},
** write = {dirs}, protect = {paths} }; every file a script names is checked against it
** (fs_policy.c). Without it a script can open no file at all. */
int bl_fs_install(lua_State *L);
/* Runs f(L) with `nargs` arguments under lua_pcall (for 'e'-class work from Swift). */
int bl_protect(lua_State *L, lua_CFunction f, int nargs, int nres);

/* protected.c: the API calls that may run a metamethod, each under lua_pcall. They
** return LUA_OK with the result pushed, or an error status with the error object
** pushed instead; operands given by index stay in place. Swift makes these calls
** only through them (LuaKit's LuaState+Protected.swift). */
int bl_pgetglobal(lua_State *L, const char *name);    /* [-0, +1]: _G[name]         */
int bl_pgetfield(lua_State *L, int t, const char *k); /* [-0, +1]: t[k]             */
int bl_pgettable(lua_State *L, int t);                /* [-1, +1]: t[top]           */
int bl_psetglobal(lua_State *L, const char *name);    /* [-1, +0|+1]: _G[name] = top */
int bl_ptolstring(lua_State *L, int i);               /* [-0, +1]: luaL_tolstring   */
int bl_plen(lua_State *L, int i);                     /* [-0, +1]: #v (__len)       */
int bl_pcompare(lua_State *L, int a, int b, int op);  /* [-0, +1]: boolean          */
/* lua.c's l_print as a C function: calls _PRINT (when a function) or print with its
** arguments, looking them up inside the call. */
int bl_print_results(lua_State *L);

/* {======================================================================
** Swift functions
** ======================================================================= */
/* Pushes a closure whose upvalue 1 is the value on top (a boxed Swift closure); the
** Swift dispatcher in bl_Host runs it and the trampoline raises on its behalf. */
void bl_pushboxed(lua_State *L);
/* Pushes a direct Swift @convention(c) function, trampolined the same way. The
** function's own upvalues start at index 2 (index 1 holds the function pointer). */
void bl_pushdirect(lua_State *L, int (*fn)(lua_State *L), int nup);
/* For direct functions: the index of their own upvalue i (1-based). */
static inline int bl_direct_upvalue(int i) { return lua_upvalueindex(i + 1); }

/* {======================================================================
** Loading (text only, everywhere)
** ======================================================================= */
static inline int bl_loadbuffer(lua_State *L, const char *s, size_t n, const char *name) {
  return luaL_loadbufferx(L, s, n, name, "t");
}
static inline int bl_loadfile(lua_State *L, const char *path) {
  return luaL_loadfilex(L, path, "t");
}
/* Installs the module searchers: package.preload, then the embedded-module searcher
** given as the value on top of the stack (a function), then text-only package.path.
** C searchers are removed and package.cpath emptied. */
int bl_setup_searchers(lua_State *L);

/* {======================================================================
** Macro and variadic wrappers
** ======================================================================= */
static inline int bl_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int bl_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void bl_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline int bl_pcall(lua_State *L, int a, int r, int h) {
  return lua_pcallk(L, a, r, h, 0, NULL);
}
static inline const char *bl_tolstring(lua_State *L, int i, size_t *n) {
  return lua_tolstring(L, i, n);
}
static inline lua_Integer bl_tointegerx(lua_State *L, int i, int *isnum) {
  return lua_tointegerx(L, i, isnum);
}
static inline lua_Number bl_tonumberx(lua_State *L, int i, int *isnum) {
  return lua_tonumberx(L, i, isnum);
}
static inline void bl_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline void bl_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcclosure(L, f, 0); }
static inline void bl_pushglobaltable(lua_State *L) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
}
static inline void bl_insert(lua_State *L, int i) { lua_rotate(L, i, 1); }
static inline void bl_remove(lua_State *L, int i) {
  lua_rotate(L, i, -1);
  lua_settop(L, -2);
}
static inline void bl_replace(lua_State *L, int i) {
  lua_copy(L, -1, i);
  lua_settop(L, -2);
}
static inline int bl_isnoneornil(lua_State *L, int i) { return lua_type(L, i) <= 0; }
static inline void *bl_newuserdata(lua_State *L, size_t n) { return lua_newuserdatauv(L, n, 0); }
static inline void **bl_extraspace(lua_State *L) { return (void **)lua_getextraspace(L); }
static inline int bl_gc(lua_State *L, int what) { return lua_gc(L, what); }
static inline int bl_gc1(lua_State *L, int what, int a) { return lua_gc(L, what, a); }
static inline int bl_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT); }
static inline int bl_gc_generational(lua_State *L) { return lua_gc(L, LUA_GCGEN, 0, 0); }
static inline const char *bl_typename_at(lua_State *L, int i) { return luaL_typename(L, i); }
static inline void bl_traceback(lua_State *L, lua_State *L1, const char *msg, int level) {
  luaL_traceback(L, L1, msg, level);
}
/* The Lua release linked in (the banner). */
const char *bl_copyright(void);
const char *bl_release(void);

#endif
