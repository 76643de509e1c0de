/*
** sandbox.c — the standard libraries, text-only loading and the two sandbox
** profiles (reference/lua-embedding.md §3). Each profile is an allow-list, as Redis's
** libraries_allow_list is: every library keeps the functions named below and loses
** everything else, so a function a new Lua release adds is off until listed here.
**
**   default: no os.execute, os.tmpname, os.setlocale, io.popen, io.tmpfile,
**            debug.debug, package.loadlib, C modules; os.exit ends the run through the
**            host; load/loadfile/dofile accept text only; every file name goes through
**            the filesystem check (fs_policy.c).
**   strict:  also no io, load, loadfile, dofile, string.dump; debug keeps only
**            traceback; os keeps only time, clock, date and difftime.
*/
#include <stdlib.h>
#include <string.h>
#include "bl_host.h"
#include "fs_internal.h"

/* load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t". */
static int bl_load_text(lua_State *L) {
  if (lua_gettop(L) < 3) lua_settop(L, 3); /* keep env "none", not nil */
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
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
  if (v == NULL)
    luaL_pushfail(L);
  else
    lua_pushstring(L, v);
  return 1;
}

static void bl_setnil(lua_State *L, int t, const char *k) {
  lua_pushnil(L);
  lua_setfield(L, t, k);
}

static void bl_wrap_global(lua_State *L, const char *name, lua_CFunction f) {
  lua_getglobal(L, name);
  lua_pushcclosure(L, f, 1);
  lua_setglobal(L, name);
}

static const char *const base_default[] = {
    "assert",       "collectgarbage", "dofile",    "error",  "getmetatable", "ipairs",
    "load",         "loadfile",       "next",      "pairs",  "pcall",        "print",
    "rawequal",     "rawget",         "rawlen",    "rawset", "require",      "select",
    "setmetatable", "tonumber",       "tostring",  "type",   "warn",         "xpcall",
    "_G",           "_VERSION",       "coroutine", "debug",  "io",           "math",
    "os",           "package",        "string",    "table",  "utf8",         NULL};
static const char *const base_strict[] = {"assert",   "collectgarbage",
                                          "error",    "getmetatable",
                                          "ipairs",   "next",
                                          "pairs",    "pcall",
                                          "print",    "rawequal",
                                          "rawget",   "rawlen",
                                          "rawset",   "require",
                                          "select",   "setmetatable",
                                          "tonumber", "tostring",
                                          "type",     "warn",
                                          "xpcall",   "_G",
                                          "_VERSION", "coroutine",
                                          "debug",    "math",
                                          "os",       "package",
                                          "string",   "table",
                                          "utf8",     NULL};
static const char *const coroutine_keep[] = {"close",  "create", "isyieldable", "resume", "running",
                                             "status", "wrap",   "yield",       NULL};
static const char *const debug_default[] = {
    "gethook",    "getinfo",      "getlocal",  "getmetatable", "getregistry",
    "getupvalue", "getuservalue", "sethook",   "setlocal",     "setmetatable",
    "setupvalue", "setuservalue", "traceback", "upvalueid",    "upvaluejoin",
    NULL}; /* getregistry and sethook are guard.c's refusals */
static const char *const debug_strict[] = {"traceback", NULL};
static const char *const io_keep[] = {"close",  "input", "lines",  "open", "output", "read",
                                      "stderr", "stdin", "stdout", "type", "write",  NULL};
static const char *const math_keep[] = {
    "abs", "acos",       "asin", "atan",      "ceil", "cos",    "deg",
    "exp", "floor",      "fmod", "huge",      "log",  "max",    "maxinteger",
    "min", "mininteger", "modf", "pi",        "rad",  "random", "randomseed",
    "sin", "sqrt",       "tan",  "tointeger", "type", "ult",    NULL};
static const char *const os_default[] = {"clock",  "date",   "difftime", "exit", "getenv",
                                         "remove", "rename", "time",     NULL};
static const char *const os_strict[] = {"clock", "date", "difftime", "time", NULL};
static const char *const package_keep[] = {"config",  "cpath",     "loaded",     "path",
                                           "preload", "searchers", "searchpath", NULL};
static const char *const string_default[] = {
    "byte",  "char", "dump",     "find", "format",  "gmatch", "gsub",   "len",   "lower",
    "match", "pack", "packsize", "rep",  "reverse", "sub",    "unpack", "upper", NULL};
static const char *const string_strict[] = {
    "byte", "char",     "find", "format",  "gmatch", "gsub",   "len",   "lower", "match",
    "pack", "packsize", "rep",  "reverse", "sub",    "unpack", "upper", NULL};
static const char *const table_keep[] = {"concat", "insert", "move",   "pack",
                                         "remove", "sort",   "unpack", NULL};
static const char *const utf8_keep[] = {"char", "charpattern", "codepoint", "codes",
                                        "len",  "offset",      NULL};

/* A library and what each profile keeps of it (NULL: the library is gone). */
static const struct bl_Allowed {
  const char *name;
  const char *const *keep_default, *const *keep_strict;
} bl_allowed[] = {
    {"coroutine", coroutine_keep, coroutine_keep},
    {"debug", debug_default, debug_strict},
    {"io", io_keep, NULL},
    {"math", math_keep, math_keep},
    {"os", os_default, os_strict},
    {"package", package_keep, package_keep},
    {"string", string_default, string_strict},
    {"table", table_keep, table_keep},
    {"utf8", utf8_keep, utf8_keep},
};

static int bl_listed(const char *const keep[], const char *name) {
  for (int i = 0; keep[i] != NULL; i++)
    if (strcmp(keep[i], name) == 0) return 1;
  return 0;
}

/* Removes every field of table t whose key is not in `keep` (in place: the string
** metatable's __index and package.loaded keep pointing at the same tables). */
static void bl_keep_only(lua_State *L, int t, const char *const keep[]) {
  t = lua_absindex(L, t);
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING || !bl_listed(keep, lua_tostring(L, -1))) {
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, t); /* clearing a field during lua_next is allowed */
    }
  }
}

/* Applies a profile's allow-list to the globals, the libraries and package.loaded. */
static void bl_apply_allow_list(lua_State *L, int strict) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  int loaded = lua_gettop(L);
  for (size_t i = 0; i < sizeof bl_allowed / sizeof bl_allowed[0]; i++) {
    const char *const *keep = strict ? bl_allowed[i].keep_strict : bl_allowed[i].keep_default;
    if (keep == NULL) {
      bl_setnil(L, loaded, bl_allowed[i].name);
      continue;
    }
    if (lua_getglobal(L, bl_allowed[i].name) == LUA_TTABLE) bl_keep_only(L, -1, keep);
    lua_pop(L, 1);
  }
  static const char *const loaded_libs[] = {"_G",      "coroutine", "debug", "io",   "math", "os",
                                            "package", "string",    "table", "utf8", NULL};
  bl_keep_only(L, loaded, loaded_libs);
  lua_pushglobaltable(L);
  bl_keep_only(L, -1, strict ? base_strict : base_default);
  lua_settop(L, loaded - 1);
}

/* Arguments: strict (boolean), hidden env names (table). */
static int bl_openlibs_impl(lua_State *L) {
  int strict = lua_toboolean(L, 1);
  luaL_openlibs(L);
  lua_getglobal(L, "os");
  int os = lua_gettop(L);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, bl_getenv, 1);
  lua_setfield(L, os, "getenv");
  lua_pushcfunction(L, bl_os_exit);
  lua_setfield(L, os, "exit");
  lua_getglobal(L, "package");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_settop(L, 2);
  bl_wrap_global(L, "load", bl_load_text);
  bl_fs_libs(L);          /* fs_lib.c: io, os.remove/rename, loadfile, dofile, searchpath */
  bl_guard_libs(L);       /* guard.c: debug.sethook/getregistry/setupvalue, __gc, xpcall */
  bl_track_coroutines(L); /* coroutines.c: a stop reaches running coroutines */
  bl_apply_allow_list(L, strict);
  return 0;
}

int bl_openlibs(lua_State *L, int strict) {
  /* stack on entry: hidden-names table */
  lua_pushboolean(L, strict);
  lua_insert(L, -2);
  return bl_protect(L, bl_openlibs_impl, 2, 0);
}
