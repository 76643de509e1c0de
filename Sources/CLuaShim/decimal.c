/*
** decimal.c — the hot Decimal metamethods (+ - * unary- == < <=) in C.
**
** A decimal `+` in a Lua loop spent ~1,750 instructions, 32 of them adding: the rest
** was the Swift trampoline, per-operand checks through Swift and the result's push.
** These C functions handle the common cases without leaving C: both operands are
** Decimals (or one is a Lua integer), and the exact result fits. Everything else —
** floats, strings, foreign values, a result that needs more than 38 digits or a scale
** above 38, every error — goes to the Swift function the closure also carries, so
** messages and edge cases stay exactly those of ExactDecimal. The C arithmetic only
** ever produces a result when it is exact, and an exact result with the scale rule
** of ExactDecimal (max of the scales for + and -, their sum for *) is unique, so both
** paths agree bit for bit (DecimalFastPathTests pins this). The arithmetic is
** CExactDecimal's kernels; this file is only the Lua side of them.
**
** Each closure has the upvalues of a direct Swift function (bl_pushdirect): 1 = the
** Swift function as a light userdata, 2 = the Decimal metatable. So the fallback is
** simply the direct trampoline, run in this same C frame with the same upvalues.
*/
#include <string.h>
#include "bl_decimal.h"
#include "exact_decimal.h"
#include "shim_internal.h"

/* The userdata LuaValueType writes: its 64-bit tag word, then the ed_Decimal. */
#define DEC_TAG_SIZE   sizeof(uint64_t)
#define DEC_UDATA_SIZE (DEC_TAG_SIZE + sizeof(ed_Decimal))

size_t bl_decimal_udata_size(void) { return DEC_UDATA_SIZE; }

/* {======================================================================
** The metamethods
** ======================================================================= */

#define MT_UPVALUE lua_upvalueindex(2)

/* The metatable slot of a full userdata with no user values, seen from its memory:
** Lua 5.4's Udata0 (lobject.h) ends with `struct Table *metatable` right before the
** memory block. Reading and writing it there instead of lua_getmetatable +
** lua_rawequal (operands) and lua_pushvalue + lua_setmetatable (results) saves about
** 300 of the ≈1,200 instructions of a `+`. bl_decimal_bind checks the layout on the
** liblua actually loaded and sets h->decimal_mt only if it holds; with NULL there,
** the fast paths use the API calls. */
#define UD_MT(p) (((void **)(void *)(p))[-1])

/* What an operand must carry to be a Decimal, read from the host once per call (the
** Lua calls in between keep the compiler from assuming it unchanged). */
typedef struct dec_Type {
  const void *mt; /* h->decimal_mt: NULL keeps the API calls */
  uint64_t tag;   /* h->decimal_tag */
} dec_Type;

static inline dec_Type dec_type(const bl_Host *h) {
  dec_Type t = {h->decimal_mt, h->decimal_tag};
  return t;
}

/* Operand i as a decimal: exactly the test of LuaValueType.value (full userdata of
** our size, the bound tag, our metatable). On the API path a metatable it pushes
** stays on the stack (*pushed counts it for the fallback). */
static inline int dec_get(lua_State *L, int i, ed_Decimal *d, dec_Type t, int *pushed) {
  unsigned char *p = (unsigned char *)lua_touserdata(L, i);
  uint64_t tag;
  if (p == NULL || lua_rawlen(L, i) != DEC_UDATA_SIZE) return 0; /* light userdata: 0 */
  memcpy(&tag, p, DEC_TAG_SIZE);
  if (tag != t.tag) return 0;
  if (t.mt != NULL) {
    if (UD_MT(p) != t.mt) return 0;
  } else {
    if (!lua_getmetatable(L, i)) return 0;
    (*pushed)++;
    if (!lua_rawequal(L, -1, MT_UPVALUE)) return 0;
  }
  memcpy(d, p + DEC_TAG_SIZE, sizeof *d);
  return 1;
}

/* A Decimal, or a Lua integer as a scale-0 decimal (what the Swift coercion makes of
** it). Floats and strings take the Swift path. */
static inline int dec_operand(lua_State *L, int i, ed_Decimal *d, dec_Type t, int *pushed) {
  if (dec_get(L, i, d, t, pushed)) return 1;
  if (!lua_isinteger(L, i)) return 0;
  lua_Integer n = lua_tointegerx(L, i, NULL);
  d->low = (uint64_t)n;
  d->high = n < 0 ? -1 : 0;
  d->scale = 0;
  return 1;
}

static inline bl_Host *dec_host(lua_State *L) { return *(bl_Host **)lua_getextraspace(L); }

/* Everything the fast path does not handle: drop what it pushed and run the Swift
** function exactly as its own closure would have. */
static int dec_fallback(lua_State *L, int pushed) {
  if (pushed) lua_settop(L, -pushed - 1);
  return bl_direct_trampoline(L);
}

/* The trampoline's checks after a call: a kill (interrupt, timeout) that arrived,
** or the memory cap overshot by the push, raises as it would after a Swift call. */
static inline int dec_finish(lua_State *L, bl_Host *h, int prev) {
  if (h->kill || (prev && h->limit != 0 && h->used > h->limit))
    return bl_direct_finish(L, h, 1, prev);
  return 1;
}

/* Pushes a new Decimal. The allocation runs with the cap off, as host code does
** under the trampoline (a memory error is then raised by dec_finish, with the
** trampoline's message, instead of from inside lua_newuserdatauv). */
static int dec_push(lua_State *L, bl_Host *h, const ed_Decimal *r) {
  int prev = h->enforce;
  h->enforce = 0;
  unsigned char *p = (unsigned char *)lua_newuserdatauv(L, DEC_UDATA_SIZE, 0);
  h->enforce = prev;
  memcpy(p, &h->decimal_tag, DEC_TAG_SIZE);
  memcpy(p + DEC_TAG_SIZE, r, sizeof *r);
  if (h->decimal_mt != NULL) {
    /* What lua_setmetatable does for this metatable: no barrier is needed (the new
    ** object is white, never black) and no finalizer check (bl_decimal_bind saw no __gc). */
    UD_MT(p) = (void *)h->decimal_mt;
  } else {
    lua_pushvalue(L, MT_UPVALUE);
    lua_setmetatable(L, -2);
  }
  return dec_finish(L, h, prev);
}

static inline int dec_arith(lua_State *L, int op) {
  bl_Host *h = dec_host(L);
  dec_Type t = dec_type(h);
  ed_Decimal a, b, r;
  int pushed = 0, ok;
  if (!dec_operand(L, 1, &a, t, &pushed) || !dec_operand(L, 2, &b, t, &pushed))
    return dec_fallback(L, pushed);
  switch (op) {
    case BL_DECIMAL_ADD: ok = ed_add(&a, &b, &r); break;
    case BL_DECIMAL_SUB: ok = ed_sub(&a, &b, &r); break;
    default: ok = ed_mul(&a, &b, &r); break;
  }
  if (!ok) return dec_fallback(L, pushed);
  return dec_push(L, h, &r);
}

static int dec_add(lua_State *L) { return dec_arith(L, BL_DECIMAL_ADD); }
static int dec_sub(lua_State *L) { return dec_arith(L, BL_DECIMAL_SUB); }
static int dec_mul(lua_State *L) { return dec_arith(L, BL_DECIMAL_MUL); }

/* Lua calls __unm with the operand twice; only the first counts. */
static int dec_unm(lua_State *L) {
  bl_Host *h = dec_host(L);
  dec_Type t = dec_type(h);
  ed_Decimal a, r;
  int pushed = 0;
  if (!dec_get(L, 1, &a, t, &pushed)) return dec_fallback(L, pushed);
  ed_negate(&a, &r);
  return dec_push(L, h, &r);
}

static inline int dec_boolean(lua_State *L, bl_Host *h, int value) {
  lua_pushboolean(L, value);
  return dec_finish(L, h, h->enforce);
}

/* __eq runs only between two userdata: anything not a Decimal is the Swift path's
** (which answers false). */
static int dec_eq(lua_State *L) {
  bl_Host *h = dec_host(L);
  dec_Type t = dec_type(h);
  ed_Decimal a, b;
  int pushed = 0;
  if (!dec_get(L, 1, &a, t, &pushed) || !dec_get(L, 2, &b, t, &pushed))
    return dec_fallback(L, pushed);
  return dec_boolean(L, h, ed_compare(&a, &b) == 0);
}

static inline int dec_order(lua_State *L, int le) {
  bl_Host *h = dec_host(L);
  dec_Type t = dec_type(h);
  ed_Decimal a, b;
  int pushed = 0;
  if (!dec_operand(L, 1, &a, t, &pushed) || !dec_operand(L, 2, &b, t, &pushed))
    return dec_fallback(L, pushed);
  int c = ed_compare(&a, &b);
  return dec_boolean(L, h, le ? c <= 0 : c < 0);
}

static int dec_lt(lua_State *L) { return dec_order(L, 0); }
static int dec_le(lua_State *L) { return dec_order(L, 1); }

int bl_decimal_bind(lua_State *L, int mt, uint64_t tag) {
  bl_Host *h = dec_host(L);
  int top = lua_gettop(L), ok;
  mt = lua_absindex(L, mt);
  h->decimal_tag = tag;
  h->decimal_mt = NULL;
  /* writing the slot directly skips lua_setmetatable's finalizer check */
  ok = lua_getfield(L, mt, "__gc") == LUA_TNIL;
  void *p = lua_newuserdatauv(L, DEC_UDATA_SIZE, 0);
  ok = ok && UD_MT(p) == NULL;
  lua_pushvalue(L, mt);
  lua_setmetatable(L, -2);
  /* lua_setmetatable wrote exactly the metatable there, so that word is the slot */
  ok = ok && UD_MT(p) == lua_topointer(L, mt);
  if (ok) h->decimal_mt = lua_topointer(L, mt);
  lua_settop(L, top);
  return ok;
}

void bl_decimal_setmetamethod(lua_State *L, int mt, int event, int (*fallback)(lua_State *L)) {
  static const lua_CFunction fns[] = {dec_add, dec_sub, dec_mul, dec_unm, dec_eq, dec_lt, dec_le};
  static const char *const names[] = {"__add", "__sub", "__mul", "__unm", "__eq", "__lt", "__le"};
  if (event < 0 || event >= (int)(sizeof fns / sizeof fns[0])) return;
  mt = lua_absindex(L, mt);
  lua_pushlightuserdata(L, (void *)fallback);
  lua_pushvalue(L, mt);
  lua_pushcclosure(L, fns[event], 2);
  lua_setfield(L, mt, names[event]);
}
