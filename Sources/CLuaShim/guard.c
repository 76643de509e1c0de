/*
** guard.c — the parts of `debug` and the base library a script could turn against the
** host, closed in the default profile too (Tests/EndToEndTests/MaliciousScriptTests.swift
** tries each):
**
**   debug.sethook      removes the count hook that enforces --timeout, the instruction
**                      budget and Ctrl-C: a script could unhook itself and run forever.
**   debug.getregistry  exposes the host's state (metatables, globals); replacing an entry
**                      the host reads would crash it.
**   debug.setupvalue   on a C function replaces the host's function pointer or metatable
**                      upvalue: calling it would jump to an arbitrary address.
**   files              not here: every path a script names goes through one allow-list
**                      check (fs_policy.c), so the secret in /proc/self/mem, the config
**                      file and the audit log are out of reach by any spelling.
**   __gc finalizers    Lua runs finalizers with hooks off (lgc.c GCTM): a looping __gc
**                      would ignore --timeout, SIGINT and SIGTERM. setmetatable and
**                      debug.setmetatable refuse a metatable with a __gc field (Lua marks
**                      an object for finalization only if __gc is there at that moment).
**   xpcall handlers    Lua runs a message handler from inside the hook that raised a kill,
**                      with hooks off: a handler that loops would never be stopped. Once a
**                      limit has tripped, the kill message passes the handler by.
**
** The rest of `debug` stays (traceback, getinfo, getlocal, getupvalue, setmetatable, ...):
** userdata are checked by tag and size, so a foreign metatable cannot fool the host.
*/
#include "bl_host.h"

/* Raises the message in upvalue 1. */
static int bl_refuse(lua_State *L) {
  return luaL_error(L, "%s", lua_tostring(L, lua_upvalueindex(1)));
}

/* Calls the original function in upvalue 1 with every argument. */
static int bl_call_original(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* debug.setupvalue for Lua functions only: a C function's upvalues are host state. */
static int bl_setupvalue(lua_State *L) {
  luaL_argcheck(L, !lua_iscfunction(L, 1), 1,
                "cannot change an upvalue of a C function (host state)");
  return bl_call_original(L);
}

/* setmetatable / debug.setmetatable (upvalue 1) refusing a metatable with __gc. */
static int bl_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushstring(L, "__gc");
    int has_gc = lua_rawget(L, 2) != LUA_TNIL; /* raw, as Lua's own check (gfasttm) is */
    lua_pop(L, 1);
    luaL_argcheck(L, !has_gc, 2,
                  "__gc metamethods are not allowed: finalizers run with hooks off, so --timeout "
                  "could not stop one");
  }
  return bl_call_original(L);
}

/* The global setmetatable checks its own arguments first, so an error names
** 'setmetatable' (the original, no longer a global, would be '?'). */
static int bl_setmetatable_global(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int t = lua_type(L, 2);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  return bl_setmetatable(L);
}

static int bl_results(lua_State *L, int status, lua_KContext ctx) {
  (void)status;
  (void)ctx;
  return lua_gettop(L);
}

/* The script's message handler (upvalue 1), skipped once a kill is active. */
static int bl_xpcall_handler(lua_State *L) {
  if (bl_host(L)->kill) return 1; /* the kill message, untouched */
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* xpcall(f, msgh, ...) with msgh wrapped; the original (upvalue 1) may yield. */
static int bl_xpcall(lua_State *L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, bl_xpcall_handler, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, bl_results);
  return lua_gettop(L);
}

static void bl_guard_replace(lua_State *L, int table, const char *field, lua_CFunction f,
                             const char *refusal) {
  if (refusal)
    lua_pushstring(L, refusal);
  else
    lua_getfield(L, table, field);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, table, field);
}

/* Called by bl_openlibs_impl for every profile, before the strict profile trims more. */
void bl_guard_libs(lua_State *L) {
  lua_getglobal(L, "debug");
  int debug = lua_gettop(L);
  bl_guard_replace(L, debug, "sethook", bl_refuse,
                   "debug.sethook is not available: the runner's hook enforces --timeout, the "
                   "instruction budget and Ctrl-C");
  bl_guard_replace(L, debug, "getregistry", bl_refuse,
                   "debug.getregistry is not available: the registry holds the runner's own state");
  bl_guard_replace(L, debug, "setupvalue", bl_setupvalue, NULL);
  bl_guard_replace(L, debug, "setmetatable", bl_setmetatable, NULL);
  lua_getglobal(L, "setmetatable");
  lua_pushcclosure(L, bl_setmetatable_global, 1);
  lua_setglobal(L, "setmetatable");
  lua_getglobal(L, "xpcall");
  lua_pushcclosure(L, bl_xpcall, 1);
  lua_setglobal(L, "xpcall");
  lua_settop(L, debug - 1);
}
