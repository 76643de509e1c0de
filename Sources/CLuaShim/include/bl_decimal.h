/*
** bl_decimal.h — the C fast paths of the Decimal metamethods (decimal.c). A decimal's
** bytes and its exact arithmetic are CExactDecimal's (exact_decimal.h); the userdata
** around them is LuaValueType's: its 64-bit tag word, then the value. The tag is
** LuaKit's too: the Swift side hands it over in bl_decimal_bind.
*/
#ifndef BL_DECIMAL_H
#define BL_DECIMAL_H

#include "bl_host.h"

/* {======================================================================
** Decimal fast paths (decimal.c)
** ======================================================================= */
/* The metamethods with a C fast path. */
enum bl_DecimalEvent {
  BL_DECIMAL_ADD = 0,
  BL_DECIMAL_SUB,
  BL_DECIMAL_MUL,
  BL_DECIMAL_UNM,
  BL_DECIMAL_EQ,
  BL_DECIMAL_LT,
  BL_DECIMAL_LE
};

/* Sets metamethod `event` of the Decimal metatable at index mt to a C function that
** handles Decimal (or integer) operands whose exact result fits, and hands every
** other call to `fallback`, the Swift direct function of the same metamethod. */
void bl_decimal_setmetamethod(lua_State *L, int mt, int event, int (*fallback)(lua_State *L));
/* Binds this state's fast paths to the Decimal type: they take only userdata that
** start with `tag` (the word LuaValueType writes before each value; until bound they
** take none). When this liblua lays out the userdata header as Lua 5.4 does, they
** also read and write the metatable (at index mt) there: returns 1 when they do, 0
** when they keep the API calls. */
int bl_decimal_bind(lua_State *L, int mt, uint64_t tag);
/* The size of a Decimal userdata: the tag word, then an ed_Decimal. */
size_t bl_decimal_udata_size(void);

#endif
