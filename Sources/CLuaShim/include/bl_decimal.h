/*
** bl_decimal.h — the C fast paths of the Decimal metamethods (decimal.c), which
** know ExactDecimal's byte layout; on the core for the userdata and its metatable.
*/
#ifndef BL_DECIMAL_H
#define BL_DECIMAL_H

#include "bl_host.h"

/* {======================================================================
** Decimal fast paths (decimal.c)
** ======================================================================= */
/* An ExactDecimal's fields: value = (high:low as a two's-complement 128-bit
** coefficient) × 10^-scale. */
typedef struct bl_Decimal {
  uint64_t low;
  int64_t high;
  uint8_t scale;
} bl_Decimal;

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
/* Lets the fast paths read and write the metatable of a Decimal (metatable at index
** mt) in the userdata's header, after checking that this liblua lays it out as Lua
** 5.4 does. Returns 1 when they do, 0 when they keep the API calls. */
int bl_decimal_probe(lua_State *L, int mt);
/* The kernels the metamethods use, for tests: 1 and *r set when the exact result
** fits the fast path, 0 when ExactDecimal must decide (maybe with an error). */
int bl_decimal_add(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r);
int bl_decimal_sub(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r);
int bl_decimal_mul(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r);
/* -1, 0 or 1 by value, for every pair. */
int bl_decimal_compare(const bl_Decimal *a, const bl_Decimal *b);
/* The tag word and userdata size the C side expects (LuaValueType<ExactDecimal>'s). */
uint64_t bl_decimal_tag(void);
size_t bl_decimal_udata_size(void);

#endif
