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
** paths agree bit for bit (DecimalFastPathTests pins this).
**
** Each closure has the upvalues of a direct Swift function (bl_pushdirect): 1 = the
** Swift function as a light userdata, 2 = the Decimal metatable. So the fallback is
** simply the direct trampoline, run in this same C frame with the same upvalues.
*/
#include <string.h>
#include "bl_decimal.h"
#include "shim_internal.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

/* The userdata LuaValueType<ExactDecimal> writes: the 64-bit type tag, then the
** ExactDecimal (low, high, storedScale) at offsets 8, 16, 24; 25 bytes in all. */
#define DEC_SIZE      25
#define DEC_MAX_SCALE 38
/* userdataTag("Decimal") in LuaKit: FNV-1a of the name, top and low bits set. */
#define DEC_TAG 0xff65309aa41b72adULL

#define E19 ((u128)10000000000000000000ULL)
/* 10^0 ... 10^38 (10^38 < 2^127, so every entry is also a positive i128). */
/* clang-format off */
static const u128 P10[DEC_MAX_SCALE + 1] = {
  1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
  100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
  10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
  100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
  E19 * 10ULL, E19 * 100ULL, E19 * 1000ULL, E19 * 10000ULL, E19 * 100000ULL,
  E19 * 1000000ULL, E19 * 10000000ULL, E19 * 100000000ULL, E19 * 1000000000ULL,
  E19 * 10000000000ULL, E19 * 100000000000ULL, E19 * 1000000000000ULL,
  E19 * 10000000000000ULL, E19 * 100000000000000ULL, E19 * 1000000000000000ULL,
  E19 * 10000000000000000ULL, E19 * 100000000000000000ULL, E19 * 1000000000000000000ULL,
  E19 * 10000000000000000000ULL,
};
/* clang-format on */
#define LIMIT P10[DEC_MAX_SCALE] /* every coefficient's magnitude is below 10^38 */

/* {======================================================================
** Exact kernels on coefficients. Unsigned 128-bit arithmetic wraps (no UB);
** the bit pattern is the two's-complement coefficient.
** ======================================================================= */

static inline u128 dec_coef(const bl_Decimal *d) {
  return ((u128)(uint64_t)d->high << 64) | d->low;
}

static inline u128 dec_mag(u128 c) { return ((i128)c < 0) ? (u128)0 - c : c; }

static inline void dec_store(bl_Decimal *r, u128 c, unsigned scale) {
  r->low = (uint64_t)c;
  r->high = (int64_t)(uint64_t)(c >> 64);
  r->scale = (uint8_t)scale;
}

/* c × 10^k when its magnitude stays below 10^38 (then no wrap is possible); else 0,
** and the caller leaves the case to ExactDecimal, which handles intermediate values
** up to 2^128 and reports the error when the result itself does not fit. */
static inline int dec_rescale(u128 *c, unsigned k) {
  if (dec_mag(*c) >= P10[DEC_MAX_SCALE - k]) return 0;
  *c = *c * P10[k];
  return 1;
}

static inline int dec_add_kernel(const bl_Decimal *a, const bl_Decimal *b, int subtract,
                                 bl_Decimal *r) {
  unsigned sa = a->scale, sb = b->scale, s = sa;
  u128 x = dec_coef(a), y = dec_coef(b);
  if (sa != sb) {
    if (sa > DEC_MAX_SCALE || sb > DEC_MAX_SCALE) return 0;
    if (sa < sb) {
      if (!dec_rescale(&x, sb - sa)) return 0;
      s = sb;
    } else if (!dec_rescale(&y, sa - sb)) {
      return 0;
    }
  }
  /* |x|, |y| < 10^38: the true result is within ±2·10^38. When it wraps past the
  ** i128 range (±1.7·10^38) the wrapped value has magnitude > 1.4·10^38, so the one
  ** magnitude check catches both wrapping and too many digits (as ExactDecimal). */
  u128 z = subtract ? x - y : x + y;
  if (dec_mag(z) >= LIMIT) return 0;
  dec_store(r, z, s);
  return 1;
}

static inline int dec_mul_kernel(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r) {
  unsigned s = (unsigned)a->scale + b->scale;
  /* Only 64-bit coefficients (the common case): their product is exact in 128 bits.
  ** Wider ones go to ExactDecimal.multiplyWide. */
  if (s > DEC_MAX_SCALE || a->high != ((int64_t)a->low >> 63) || b->high != ((int64_t)b->low >> 63))
    return 0;
  i128 p = (i128)(int64_t)a->low * (i128)(int64_t)b->low;
  if (dec_mag((u128)p) >= LIMIT) return 0;
  dec_store(r, (u128)p, s);
  return 1;
}

/* -1, 0, 1 by value; exact for every pair (no fallback needed). */
static inline int dec_compare_kernel(const bl_Decimal *a, const bl_Decimal *b) {
  unsigned sa = a->scale, sb = b->scale;
  i128 x = (i128)dec_coef(a), y = (i128)dec_coef(b);
  if (sa != sb) {
    u128 c;
    if (sa < sb) {
      c = (u128)x;
      /* |x|·10^k ≥ 10^38 > |y|: x decides (it is not zero) */
      if (sb - sa > DEC_MAX_SCALE || !dec_rescale(&c, sb - sa)) return x < 0 ? -1 : 1;
      x = (i128)c;
    } else {
      c = (u128)y;
      if (sa - sb > DEC_MAX_SCALE || !dec_rescale(&c, sa - sb)) return y < 0 ? 1 : -1;
      y = (i128)c;
    }
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

int bl_decimal_add(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r) {
  return dec_add_kernel(a, b, 0, r);
}
int bl_decimal_sub(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r) {
  return dec_add_kernel(a, b, 1, r);
}
int bl_decimal_mul(const bl_Decimal *a, const bl_Decimal *b, bl_Decimal *r) {
  return dec_mul_kernel(a, b, r);
}
int bl_decimal_compare(const bl_Decimal *a, const bl_Decimal *b) {
  return dec_compare_kernel(a, b);
}
uint64_t bl_decimal_tag(void) { return DEC_TAG; }
size_t bl_decimal_udata_size(void) { return DEC_SIZE; }

/* {======================================================================
** The metamethods
** ======================================================================= */

#define MT_UPVALUE lua_upvalueindex(2)

/* The metatable slot of a full userdata with no user values, seen from its memory:
** Lua 5.4's Udata0 (lobject.h) ends with `struct Table *metatable` right before the
** memory block. Reading and writing it there instead of lua_getmetatable +
** lua_rawequal (operands) and lua_pushvalue + lua_setmetatable (results) saves about
** 300 of the ≈1,200 instructions of a `+`. bl_decimal_probe checks the layout on the
** liblua actually loaded and sets h->decimal_mt only if it holds; with NULL there,
** the fast paths use the API calls. */
#define UD_MT(p) (((void **)(void *)(p))[-1])

/* Operand i as a decimal: exactly the test of LuaValueType.value (full userdata of
** our size, our tag, our metatable). On the API path a metatable it pushes stays on
** the stack (*pushed counts it for the fallback). */
static inline int dec_get(lua_State *L, int i, bl_Decimal *d, const void *mt, int *pushed) {
  unsigned char *p = (unsigned char *)lua_touserdata(L, i);
  uint64_t tag;
  if (p == NULL || lua_rawlen(L, i) != DEC_SIZE) return 0; /* light userdata: 0 */
  memcpy(&tag, p, 8);
  if (tag != DEC_TAG) return 0;
  if (mt != NULL) {
    if (UD_MT(p) != mt) return 0;
  } else {
    if (!lua_getmetatable(L, i)) return 0;
    (*pushed)++;
    if (!lua_rawequal(L, -1, MT_UPVALUE)) return 0;
  }
  memcpy(&d->low, p + 8, 8);
  memcpy(&d->high, p + 16, 8);
  d->scale = p[24];
  return 1;
}

/* A Decimal, or a Lua integer as a scale-0 decimal (what the Swift coercion makes of
** it). Floats and strings take the Swift path. */
static inline int dec_operand(lua_State *L, int i, bl_Decimal *d, const void *mt, int *pushed) {
  if (dec_get(L, i, d, mt, pushed)) return 1;
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
static int dec_push(lua_State *L, bl_Host *h, const bl_Decimal *r) {
  int prev = h->enforce;
  h->enforce = 0;
  unsigned char *p = (unsigned char *)lua_newuserdatauv(L, DEC_SIZE, 0);
  h->enforce = prev;
  uint64_t tag = DEC_TAG;
  memcpy(p, &tag, 8);
  memcpy(p + 8, &r->low, 8);
  memcpy(p + 16, &r->high, 8);
  p[24] = r->scale;
  if (h->decimal_mt != NULL) {
    /* What lua_setmetatable does for this metatable: no barrier is needed (the new
    ** object is white, never black) and no finalizer check (the probe saw no __gc). */
    UD_MT(p) = (void *)h->decimal_mt;
  } else {
    lua_pushvalue(L, MT_UPVALUE);
    lua_setmetatable(L, -2);
  }
  return dec_finish(L, h, prev);
}

static inline int dec_arith(lua_State *L, int op) {
  bl_Host *h = dec_host(L);
  bl_Decimal a, b, r;
  int pushed = 0, ok;
  if (!dec_operand(L, 1, &a, h->decimal_mt, &pushed) ||
      !dec_operand(L, 2, &b, h->decimal_mt, &pushed))
    return dec_fallback(L, pushed);
  switch (op) {
    case BL_DECIMAL_ADD: ok = dec_add_kernel(&a, &b, 0, &r); break;
    case BL_DECIMAL_SUB: ok = dec_add_kernel(&a, &b, 1, &r); break;
    default: ok = dec_mul_kernel(&a, &b, &r); break;
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
  bl_Decimal a;
  int pushed = 0;
  if (!dec_get(L, 1, &a, h->decimal_mt, &pushed)) return dec_fallback(L, pushed);
  dec_store(&a, (u128)0 - dec_coef(&a), a.scale); /* never fails: the range is symmetric */
  return dec_push(L, h, &a);
}

static inline int dec_boolean(lua_State *L, bl_Host *h, int value) {
  lua_pushboolean(L, value);
  return dec_finish(L, h, h->enforce);
}

/* __eq runs only between two userdata: anything not a Decimal is the Swift path's
** (which answers false). */
static int dec_eq(lua_State *L) {
  bl_Host *h = dec_host(L);
  bl_Decimal a, b;
  int pushed = 0;
  if (!dec_get(L, 1, &a, h->decimal_mt, &pushed) || !dec_get(L, 2, &b, h->decimal_mt, &pushed))
    return dec_fallback(L, pushed);
  return dec_boolean(L, h, dec_compare_kernel(&a, &b) == 0);
}

static inline int dec_order(lua_State *L, int le) {
  bl_Host *h = dec_host(L);
  bl_Decimal a, b;
  int pushed = 0;
  if (!dec_operand(L, 1, &a, h->decimal_mt, &pushed) ||
      !dec_operand(L, 2, &b, h->decimal_mt, &pushed))
    return dec_fallback(L, pushed);
  int c = dec_compare_kernel(&a, &b);
  return dec_boolean(L, h, le ? c <= 0 : c < 0);
}

static int dec_lt(lua_State *L) { return dec_order(L, 0); }
static int dec_le(lua_State *L) { return dec_order(L, 1); }

int bl_decimal_probe(lua_State *L, int mt) {
  bl_Host *h = dec_host(L);
  int top = lua_gettop(L), ok;
  mt = lua_absindex(L, mt);
  h->decimal_mt = NULL;
  /* writing the slot directly skips lua_setmetatable's finalizer check */
  ok = lua_getfield(L, mt, "__gc") == LUA_TNIL;
  void *p = lua_newuserdatauv(L, DEC_SIZE, 0);
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
