/*
** decimal-host.c — a C-only host for profiling the Decimal fast paths (decimal-speed.md).
**
** The CLuaShim C files and liblua, no Swift: D"123.45" builds a Decimal userdata the way
** LuaValueType<ExactDecimal> does (tag, low, high, scale); every case the fast paths hand
** over raises "fallback" instead of running Swift. Linking liblua5.4.a (static) gives
** callgrind the names of Lua's internal functions, which the Debian .so lacks.
**
**   S=Sources/CLuaShim
**   clang -O2 -gdwarf-4 -I$S/include -I$S -I/usr/include/lua5.4 bench/notes/decimal-host.c \
**     $S/*.c /usr/lib/x86_64-linux-gnu/liblua5.4.a -lm -lpthread -ldl -o /tmp/decimal-host
**   /tmp/decimal-host bench/notes/decimal-host-arith.lua 2000000
**   valgrind --tool=callgrind /tmp/decimal-host bench/notes/decimal-host-prof.lua 200000
**
** Environment: NOCACHE=1 (no allocator block cache), NOPROBE=1 (metatable checks through
** the Lua API instead of the userdata header), NOHOOK=1 (remove the count hook that
** bl_newstate installs, to see what it costs).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bl_shim.h"
static int fallback(lua_State *L) { lua_pushstring(L, "fallback"); return BL_ERROR; }
static int newdec(lua_State *L) {
  const char *s = luaL_checkstring(L, 1);
  int neg = 0; if (*s == '-') { neg = 1; s++; }
  unsigned __int128 c = 0; int scale = 0, frac = 0;
  for (; *s; s++) { if (*s == '.') { frac = 1; continue; } c = c * 10 + (*s - '0'); if (frac) scale++; }
  if (neg) c = -c;
  unsigned char *p = lua_newuserdatauv(L, 25, 0);
  uint64_t tag = bl_decimal_tag(), lo = (uint64_t)c; int64_t hi = (int64_t)(c >> 64);
  memcpy(p, &tag, 8); memcpy(p + 8, &lo, 8); memcpy(p + 16, &hi, 8); p[24] = scale;
  lua_pushvalue(L, lua_upvalueindex(1)); lua_setmetatable(L, -2);
  return 1;
}
static int tostr(lua_State *L) {
  unsigned char *p = lua_touserdata(L, 1); uint64_t lo; int64_t hi; memcpy(&lo, p+8, 8); memcpy(&hi, p+16, 8);
  lua_pushfstring(L, "%I:%d:%d", (lua_Integer)lo, (int)hi, p[24]); return 1;
}
int main(int argc, char **argv) {
  static bl_Host host;
  lua_State *L = bl_newstate(&host);
  luaL_openlibs(L);
  luaL_newmetatable(L, "Decimal");
  int mt = lua_gettop(L);
  for (int e = 0; e <= BL_DECIMAL_LE; e++) bl_decimal_setmetamethod(L, mt, e, fallback);
  lua_pushcfunction(L, tostr); lua_setfield(L, mt, "__tostring");
  if (!getenv("NOCACHE")) bl_alloc_cache(L, 25);
  if (!getenv("NOPROBE")) printf("probe %d\n", bl_decimal_probe(L, mt));
  lua_pushvalue(L, mt); lua_pushcclosure(L, newdec, 1); lua_setglobal(L, "D");
  lua_gc(L, LUA_GCGEN, 0, 0);
  lua_createtable(L, argc, 0);
  for (int i = 2; i < argc; i++) { lua_pushstring(L, argv[i]); lua_rawseti(L, -2, i - 1); }
  lua_setglobal(L, "arg");
  if (getenv("NOHOOK")) lua_sethook(L, NULL, 0, 0);
  host.enforce = 1;
  if (luaL_dofile(L, argv[1])) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
  return 0;
}
