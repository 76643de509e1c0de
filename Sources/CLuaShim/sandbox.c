/*
** sandbox.c — the standard libraries, text-only loading and the two sandbox
** profiles (reference/lua-embedding.md §3).
**
**   default: no os.execute, io.popen, package.loadlib, C modules; os.exit ends the
**            run through the host; load/loadfile/dofile accept text only.
**   strict:  also no io, load, loadfile, dofile, string.dump; debug keeps only
**            traceback; os keeps only time, clock, date and difftime.
*/
#include <stdlib.h>
#include <string.h>
#include "bl_shim.h"

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t". */
static int bl_load_text(lua_State *L) {
  if (lua_gettop(L) < 3) lua_settop(L, 3);  /* keep env "none", not nil */
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* loadfile([filename [, mode [, env]]]) with mode forced to "t". */
static int bl_loadfile_text(lua_State *L) {
  if (lua_gettop(L) < 2) lua_settop(L, 2);
  lua_pushliteral(L, "t");
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int bl_dofile_cont(lua_State *L, int d1, lua_KContext d2) {
  (void)d1; (void)d2;
  return lua_gettop(L) - 1;
}

/* dofile([filename]) loading text only (lbaselib.c's luaB_dofile otherwise). */
static int bl_dofile_text(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  lua_settop(L, 1);
  if (luaL_loadfilex(L, fname, "t") != LUA_OK) return lua_error(L);
  lua_callk(L, 0, LUA_MULTRET, 0, bl_dofile_cont);
  return bl_dofile_cont(L, 0, 0);
}

/* os.exit([code [, close]]) ends the run through the host: the kill is sticky, so
** pcall cannot swallow it, and the host exits with the code after cleaning up. */
static int bl_os_exit(lua_State *L) {
  int status;
  if (lua_isboolean(L, 1))
    status = lua_toboolean(L, 1) ? EXIT_SUCCESS : EXIT_FAILURE;
  else
    status = (int)luaL_optinteger(L, 1, EXIT_SUCCESS);
  bl_Host *h = bl_host(L);
  h->exit_code = status;
  bl_kill(L, BL_KILL_EXIT);
  return luaL_error(L, "exit");
}

/* os.getenv(name) that does not see the names in its upvalue table (secrets). */
static int bl_getenv(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
    luaL_pushfail(L);
    return 1;
  }
  const char *v = getenv(name);
  if (v == NULL) luaL_pushfail(L); else lua_pushstring(L, v);
  return 1;
}

static void bl_setnil(lua_State *L, int t, const char *k) {
  lua_pushnil(L);
  lua_setfield(L, t, k);
}

/* Replaces global library `name` by a new table holding only `keep` fields. */
static void bl_restrict(lua_State *L, const char *name, const char *const keep[]) {
  lua_getglobal(L, name);
  int old = lua_gettop(L);
  lua_newtable(L);
  for (int i = 0; keep[i] != NULL; i++) {
    lua_getfield(L, old, keep[i]);
    lua_setfield(L, -2, keep[i]);
  }
  lua_pushvalue(L, -1);
  lua_setglobal(L, name);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_insert(L, -2);
  lua_setfield(L, -2, name);
  lua_settop(L, old - 1);
}

static void bl_wrap_global(lua_State *L, const char *name, lua_CFunction f) {
  lua_getglobal(L, name);
  lua_pushcclosure(L, f, 1);
  lua_setglobal(L, name);
}

/* Arguments: strict (boolean), hidden env names (table). */
static int bl_openlibs_impl(lua_State *L) {
  int strict = lua_toboolean(L, 1);
  luaL_openlibs(L);
  lua_getglobal(L, "os");
  int os = lua_gettop(L);
  bl_setnil(L, os, "execute");
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, bl_getenv, 1);
  lua_setfield(L, os, "getenv");
  lua_pushcfunction(L, bl_os_exit);
  lua_setfield(L, os, "exit");
  lua_getglobal(L, "io");
  bl_setnil(L, lua_gettop(L), "popen");
  lua_getglobal(L, "package");
  bl_setnil(L, lua_gettop(L), "loadlib");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_settop(L, 2);
  bl_wrap_global(L, "load", bl_load_text);
  bl_wrap_global(L, "loadfile", bl_loadfile_text);
  lua_pushcfunction(L, bl_dofile_text);
  lua_setglobal(L, "dofile");
  bl_guard_libs(L);  /* guard.c: debug.sethook/getregistry/setupvalue, io on /proc */
  bl_track_coroutines(L);  /* coroutines.c: a stop reaches running coroutines */
  if (strict) {
    static const char *const os_keep[] = {"time", "clock", "date", "difftime", NULL};
    static const char *const debug_keep[] = {"traceback", NULL};
    bl_restrict(L, "os", os_keep);
    bl_restrict(L, "debug", debug_keep);
    lua_pushnil(L); lua_setglobal(L, "io");
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    bl_setnil(L, lua_gettop(L), "io");
    lua_pop(L, 1);
    lua_pushnil(L); lua_setglobal(L, "load");
    lua_pushnil(L); lua_setglobal(L, "loadfile");
    lua_pushnil(L); lua_setglobal(L, "dofile");
    lua_getglobal(L, "string");
    bl_setnil(L, lua_gettop(L), "dump");
    lua_pop(L, 1);
  }
  return 0;
}

int bl_openlibs(lua_State *L, int strict) {
  /* stack on entry: hidden-names table */
  lua_pushboolean(L, strict);
  lua_insert(L, -2);
  return bl_protect(L, bl_openlibs_impl, 2, 0);
}
