/*
** coroutines.c — coroutine.resume and coroutine.wrap that record which threads are
** running, so a stop reaches them without a hook on every thread.
**
** Why: in Lua 5.4 any hook makes the VM check a trap before every instruction
** (lvm.c), which costs a decimal `+` in a loop about a sixth of its time. A run with
** no --timeout and no instruction budget therefore has no hook at all, and a stop
** (Ctrl-C, SIGTERM, os.exit, the memory cap) sets the sticky kill hook on the main
** thread and on every thread between its resume and the resume's return — the ones
** that can be executing Lua code. lua_sethook is safe to call from a signal handler
** (ldebug.c), which is what lua.c's laction relies on.
**
** The functions are lcorolib.c's (Lua 5.4.4, MIT licence) with the bookkeeping added
** around lua_resume and lua_resetthread (coroutine.close and a failed wrap run the
** coroutine's __close handlers in it), which run protected and never unwind past it.
*/
#include "bl_host.h"
#include "shim_internal.h"

/* `co` may run Lua code until the matching bl_untrack: its resume, or the __close
** handlers lua_resetthread runs in it. Returns 0 when the record is full. */
static int bl_track(bl_Host *h, lua_State *co) {
  if (h->nrunning >= BL_MAX_RUNNING) return 0;
  h->running[h->nrunning] = co; /* the slot first, then the count a handler reads */
  h->nrunning++;
  return 1;
}

static void bl_untrack(bl_Host *h) { h->nrunning--; }

/* lua_resetthread(co) with co tracked: it runs co's pending __close handlers. */
static int bl_resetthread(bl_Host *h, lua_State *co) {
  int tracked = bl_track(h, co);
  int status = lua_resetthread(co);
  if (tracked) bl_untrack(h);
  return status;
}

/* Resumes `co` from L with narg arguments (lcorolib.c auxresume). */
static int bl_auxresume(lua_State *L, lua_State *co, int narg) {
  bl_Host *h = bl_host(L);
  int status, nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  bl_limits_prepare_thread(h, co);
  if (!bl_track(h, co)) { /* Lua's C-stack limit (200 nested resumes) comes first */
    lua_pushliteral(L, "too many nested coroutines");
    return -1;
  }
  lua_xmove(L, co, narg);
  status = lua_resume(co, L, narg, &nres);
  bl_untrack(h);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  }
  lua_xmove(co, L, 1); /* the error object */
  return -1;
}

static lua_State *bl_getco(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  luaL_argexpected(L, co, 1, "coroutine");
  return co;
}

/* coroutine.resume(co, ...) -> true, ... | false, err */
static int bl_coresume(lua_State *L) {
  lua_State *co = bl_getco(L);
  int r = bl_auxresume(L, co, lua_gettop(L) - 1);
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

/* The function coroutine.wrap returns (upvalue 1: the coroutine). */
static int bl_auxwrap(lua_State *L) {
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int r = bl_auxresume(L, co, lua_gettop(L));
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) { /* an error in the coroutine */
      stat = bl_resetthread(bl_host(L), co);   /* close its to-be-closed variables */
      lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  return r;
}

/* coroutine.wrap(f) */
static int bl_cowrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushcclosure(L, bl_auxwrap, 1);
  return 1;
}

/* coroutine.close(co) (lcorolib.c luaB_close and auxstatus). */
static int bl_coclose(lua_State *L) {
  lua_State *co = bl_getco(L);
  int dead_or_suspended;
  const char *state = "running";
  if (co == L)
    dead_or_suspended = 0;
  else if (lua_status(co) == LUA_YIELD)
    dead_or_suspended = 1;
  else if (lua_status(co) != LUA_OK)
    dead_or_suspended = 1; /* died with an error */
  else {
    lua_Debug ar;
    dead_or_suspended = !lua_getstack(co, 0, &ar); /* frames: it is resuming */
    if (!dead_or_suspended) state = "normal";
  }
  if (!dead_or_suspended) return luaL_error(L, "cannot close a %s coroutine", state);
  if (bl_resetthread(bl_host(L), co) == LUA_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_xmove(co, L, 1);
  return 2;
}

void bl_track_coroutines(lua_State *L) {
  lua_getglobal(L, "coroutine");
  if (lua_istable(L, -1)) {
    lua_pushcfunction(L, bl_coresume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, bl_cowrap);
    lua_setfield(L, -2, "wrap");
    lua_pushcfunction(L, bl_coclose);
    lua_setfield(L, -2, "close");
  }
  lua_pop(L, 1);
}
