/*
** call.c — the error trampoline, lua.c's message handler and protected calls.
**
** A Swift function never raises a Lua error: it returns a status and the trampoline
** raises after the Swift frame has returned (a longjmp through Swift frames leaks
** retains and is undefined behaviour; reference/lua-embedding.md §1).
*/
#include "bl_host.h"
#include "shim_internal.h"

/* Raises on behalf of a Swift function that returned status n (< 0). */
static int bl_finish(lua_State *L, bl_Host *h, int n, int prev_enforce) {
  h->enforce = prev_enforce;
  if (h->kill) {
    /* a limit tripped while Swift ran (memory overshoot, interrupt): stop here */
    bl_kill(L, h->kill);
    return luaL_error(L, "%s", bl_kill_message(h));
  }
  if (prev_enforce && h->limit != 0 && h->used > h->limit) {
    bl_kill(L, BL_KILL_MEMORY);
    return luaL_error(L, "%s", bl_kill_message(h));
  }
  if (n >= 0) return n;
  switch (n) {
    case BL_ARGERROR: {
      int arg = (int)lua_tointeger(L, -2);
      return luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    case BL_TYPEERROR: {
      int arg = (int)lua_tointeger(L, -2);
      return luaL_typeerror(L, arg, lua_tostring(L, -1));
    }
    case BL_ERROR:
      luaL_where(L, 1); /* "file:line: " of the Lua code that called us */
      lua_insert(L, -2);
      lua_concat(L, 2);
      return lua_error(L);
    default: return lua_error(L); /* BL_RAISE: the error object is on top */
  }
}

/* Trampoline for boxed Swift closures (upvalue 1: the box). */
static int bl_boxed_trampoline(lua_State *L) {
  bl_Host *h = bl_host(L);
  int prev = h->enforce;
  h->enforce = 0;
  int n = h->dispatch(L);
  /* A host call may have waited (an exchange's reply, a margin call in flight): past the
  ** run's deadline the run stops here, with the timeout, whatever the call returned. */
  if (!h->kill && h->deadline != 0 && bl_monotonic() >= h->deadline) h->kill = BL_KILL_TIMEOUT;
  return bl_finish(L, h, n, prev);
}

/* Trampoline for direct @convention(c) Swift functions (upvalue 1: the pointer).
** Not static: decimal.c's C metamethods fall back to it. */
int bl_direct_trampoline(lua_State *L) {
  bl_Host *h = bl_host(L);
  int (*fn)(lua_State *) = (int (*)(lua_State *))lua_touserdata(L, lua_upvalueindex(1));
  int prev = h->enforce;
  h->enforce = 0;
  int n = fn(L);
  if (n >= 0 && !h->kill && !(prev && h->limit != 0 && h->used > h->limit)) {
    h->enforce = prev; /* fast path: hot metamethods */
    return n;
  }
  return bl_finish(L, h, n, prev);
}

int bl_direct_finish(lua_State *L, bl_Host *h, int n, int prev_enforce) {
  return bl_finish(L, h, n, prev_enforce);
}

void bl_pushboxed(lua_State *L) { lua_pushcclosure(L, bl_boxed_trampoline, 1); }

void bl_pushdirect(lua_State *L, int (*fn)(lua_State *L), int nup) {
  lua_pushlightuserdata(L, (void *)fn);
  lua_insert(L, -(nup + 1));
  lua_pushcclosure(L, bl_direct_trampoline, nup + 1);
}

/*
** lua.c's msghandler: a non-string error object goes through __tostring when it
** has one; the traceback is appended in every case (lua.c omits it for objects with
** __tostring; a structured Bybit error deserves one too). The original object is
** kept in the registry under "bybit-lua.error" so the host can inspect it.
*/
int bl_msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    lua_pushvalue(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "bybit-lua.error");
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int bl_docall(lua_State *L, int narg, int nres) {
  bl_Host *h = bl_host(L);
  int base = lua_gettop(L) - narg;
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "bybit-lua.error");
  lua_pushcfunction(L, bl_msghandler);
  lua_insert(L, base);
  int prev = h->enforce;
  h->enforce = 1;
  int status = lua_pcall(L, narg, nres, base);
  h->enforce = prev;
  lua_remove(L, base);
  return status;
}

int bl_protect(lua_State *L, lua_CFunction f, int nargs, int nres) {
  lua_pushcfunction(L, f);
  lua_insert(L, -(nargs + 1));
  return lua_pcall(L, nargs, nres, 0);
}
