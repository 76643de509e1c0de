/*
** searchers.c — module search: package.preload, the modules embedded in the binary,
** then package.path, loading text only (loadlib.c's searcher_Lua loads "bt").
** C modules are off: package.cpath is empty and the C searchers are removed.
** package.path is the script's to change, but every candidate goes through the
** filesystem check (fs_load.c): the searcher calls the checked searchpath and loader
** directly, not whatever a script put in package.searchpath.
*/
#include <string.h>
#include "bl_host.h"
#include "fs_internal.h"

/* Module names are dot-separated words; '/', "..", and leading or trailing dots
** would let `require` walk out of the search path. */
static int bl_valid_modname(const char *name, size_t len) {
  if (len == 0 || name[0] == '.' || name[len - 1] == '.') return 0;
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-' || c == '.';
    if (!ok) return 0;
    if (c == '.' && name[i + 1] == '.') return 0;
  }
  return 1;
}

/* searcher(name): upvalue 1 is the package table. */
static int bl_searcher_lua(lua_State *L) {
  size_t len;
  const char *name = luaL_checklstring(L, 1, &len);
  if (!bl_valid_modname(name, len)) {
    lua_pushfstring(L, "invalid module name '%s' (use dots between words; no '/' or '..')", name);
    return 1;
  }
  lua_getfield(L, lua_upvalueindex(1), "path");
  if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "'package.path' must be a string");
  lua_pushcfunction(L, bl_fs_searchpath);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -3);
  lua_call(L, 2, 2);              /* filename or nil, message */
  if (lua_isnil(L, -2)) return 1; /* the message lists the files tried */
  lua_pop(L, 1);
  const char *filename = lua_tostring(L, -1);
  if (bl_fs_loadfile(L, "require", filename) != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, filename,
                      lua_tostring(L, -1));
  lua_pushstring(L, filename); /* 2nd argument to the loader */
  return 2;
}

/* Argument 1: the embedded-module searcher (a function). */
static int bl_setup_searchers_impl(lua_State *L) {
  lua_getglobal(L, "package");
  int pkg = lua_gettop(L);
  lua_getfield(L, pkg, "searchers");
  lua_rawgeti(L, -1, 1); /* the stock preload searcher */
  lua_createtable(L, 3, 0);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 2);
  lua_pushvalue(L, pkg);
  lua_pushcclosure(L, bl_searcher_lua, 1);
  lua_rawseti(L, -2, 3);
  lua_setfield(L, pkg, "searchers");
  lua_pushliteral(L, "");
  lua_setfield(L, pkg, "cpath");
  return 0;
}

int bl_setup_searchers(lua_State *L) { return bl_protect(L, bl_setup_searchers_impl, 1, 0); }
