/*
** protected.c — the Lua API calls that may run a metamethod (and so raise), made
** from Swift only through these: each runs its operation in a C function under
** lua_pcall, so an error (a script's __index, __tostring, __len, __lt …) comes back
** as a status and a message instead of a longjmp through Swift frames or, outside
** any pcall, lua's panic and abort().
**
** Each returns LUA_OK with the result pushed, or an error status with the error
** object pushed in its place (stack effects as the Lua manual writes them; the
** operands are given by index and stay where they are).
*/
#include "bl_host.h"

/* [-0, +1]: _G[name]; upvalue-free, the name is argument 1. */
static int p_getglobal(lua_State *L) {
  lua_getglobal(L, lua_tostring(L, 1));
  return 1;
}

/* [-0, +1]: t[k] for arguments (t, k). */
static int p_gettable(lua_State *L) {
  lua_gettable(L, 1);
  return 1;
}

/* [-0, +0]: _G[name] = v for arguments (name, v). */
static int p_setglobal(lua_State *L) {
  lua_setglobal(L, lua_tostring(L, 1));
  return 0;
}

/* [-0, +1]: luaL_tolstring of argument 1 (__tostring, __name). */
static int p_tolstring(lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}

/* [-0, +1]: #v (__len) of argument 1. */
static int p_len(lua_State *L) {
  lua_len(L, 1);
  return 1;
}

/* [-0, +1]: a boolean, lua_compare(a, b, op) for arguments (a, b, op). */
static int p_compare(lua_State *L) {
  lua_pushboolean(L, lua_compare(L, 1, 2, (int)lua_tointeger(L, 3)));
  return 1;
}

/* Calls f with the nargs values on top, one result; the metamethods it runs are the
** script's code, so the memory cap applies to them as to any call (bl_docall). */
static int run(lua_State *L, lua_CFunction f, int nargs) {
  bl_Host *h = bl_host(L);
  lua_pushcfunction(L, f);
  lua_insert(L, -(nargs + 1));
  int prev = h->enforce;
  h->enforce = 1;
  int status = lua_pcall(L, nargs, 1, 0);
  h->enforce = prev;
  return status;
}

/* lua.c's l_print: the printer is looked up here, inside the protected call, because
** _G may have an __index that raises. */
int bl_print_results(lua_State *L) {
  int n = lua_gettop(L);
  if (lua_getglobal(L, "_PRINT") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    lua_getglobal(L, "print");
  }
  lua_insert(L, 1);
  lua_call(L, n, 0);
  return 0;
}

int bl_pgetglobal(lua_State *L, const char *name) {
  lua_pushstring(L, name);
  return run(L, p_getglobal, 1);
}

int bl_pgetfield(lua_State *L, int t, const char *k) {
  t = lua_absindex(L, t);
  lua_pushvalue(L, t);
  lua_pushstring(L, k);
  return run(L, p_gettable, 2);
}

int bl_pgettable(lua_State *L, int t) {
  t = lua_absindex(L, t);
  lua_pushvalue(L, t);
  lua_insert(L, -2); /* [k] -> [t, k] */
  return run(L, p_gettable, 2);
}

int bl_psetglobal(lua_State *L, const char *name) {
  lua_pushstring(L, name);
  lua_insert(L, -2); /* [v] -> [name, v] */
  int status = run(L, p_setglobal, 2);
  if (status == LUA_OK) lua_pop(L, 1); /* p_setglobal's one (nil) result */
  return status;
}

int bl_ptolstring(lua_State *L, int i) {
  lua_pushvalue(L, i);
  return run(L, p_tolstring, 1);
}

int bl_plen(lua_State *L, int i) {
  lua_pushvalue(L, i);
  return run(L, p_len, 1);
}

int bl_pcompare(lua_State *L, int a, int b, int op) {
  a = lua_absindex(L, a);
  b = lua_absindex(L, b);
  lua_pushvalue(L, a);
  lua_pushvalue(L, b);
  lua_pushinteger(L, op);
  return run(L, p_compare, 3);
}
