/*
** exact_decimal.h — the one definition of ExactDecimal's bytes, and the exact kernels
** that work on them.
**
** BybitWire's ExactDecimal stores exactly an ed_Decimal (its only stored property), so
** the Swift value and every C reader share this layout by construction. The Lua host
** keeps decimals inline in a userdata and its C metamethods (CLuaShim's decimal.c) read
** and write them through this struct; nothing else in C knows where a field lives.
** The _Static_asserts below stop the build if the layout changes unnoticed, and
** DecimalLayoutTests checks the Swift side against the ED_* constants.
**
** The kernels are static inline: the metamethods run one per operator, and a call
** into another object file would cost more than the addition itself.
*/
#ifndef EXACT_DECIMAL_H
#define EXACT_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* value = (high:low, a two's-complement 128-bit coefficient) × 10^-scale, with
** |coefficient| < 10^38 and scale in 0...ED_MAX_SCALE. */
typedef struct ed_Decimal {
  uint64_t low;
  int64_t high;
  uint8_t scale;
} ed_Decimal;

/* The layout, as constants Swift can read (DecimalLayoutTests). */
enum {
  ED_SIZE = sizeof(ed_Decimal),
  ED_ALIGNMENT = _Alignof(ed_Decimal),
  ED_OFFSET_LOW = offsetof(ed_Decimal, low),
  ED_OFFSET_HIGH = offsetof(ed_Decimal, high),
  ED_OFFSET_SCALE = offsetof(ed_Decimal, scale),
  ED_MAX_SCALE = 38 /* also the most digits a coefficient may have */
};

/* What the users of the bytes rely on: Lua aligns userdata memory to 8, and the
** userdata holding a decimal is a 64-bit tag word then these 24 bytes. */
_Static_assert(sizeof(ed_Decimal) == 24, "ed_Decimal: size changed");
_Static_assert(_Alignof(ed_Decimal) == 8, "ed_Decimal: alignment changed");
_Static_assert(offsetof(ed_Decimal, low) == 0, "ed_Decimal: low moved");
_Static_assert(offsetof(ed_Decimal, high) == 8, "ed_Decimal: high moved");
_Static_assert(offsetof(ed_Decimal, scale) == 16, "ed_Decimal: scale moved");

/* {======================================================================
** Exact kernels. Each returns 1 with *r set when the exact result fits (a coefficient
** below 10^38, a scale up to 38), and 0 when ExactDecimal must decide (maybe with an
** error). An exact result with ExactDecimal's scale rule (the larger scale for + and
** -, their sum for *) is unique, so a result from here is bit for bit ExactDecimal's.
** Unsigned 128-bit arithmetic wraps (no UB); the bit pattern is the coefficient.
** ======================================================================= */
typedef unsigned __int128 ed_u128;

/* 10^0 ... 10^38 (10^38 < 2^127, so every entry is also a positive signed value). */
extern const ed_u128 ed_pow10[ED_MAX_SCALE + 1];
/* 10^38, the bound on every coefficient's magnitude, as a constant expression. */
#define ED_LIMIT ((ed_u128)10000000000000000000ULL * 10000000000000000000ULL)

static inline ed_u128 ed_coefficient(const ed_Decimal *d) {
  return ((ed_u128)(uint64_t)d->high << 64) | d->low;
}

static inline ed_u128 ed_magnitude(ed_u128 c) { return ((__int128)c < 0) ? (ed_u128)0 - c : c; }

static inline void ed_store(ed_Decimal *r, ed_u128 c, unsigned scale) {
  r->low = (uint64_t)c;
  r->high = (int64_t)(uint64_t)(c >> 64);
  r->scale = (uint8_t)scale;
}

/* c × 10^k when its magnitude stays below 10^38 (then no wrap is possible); else 0,
** and the caller leaves the case to ExactDecimal, which handles intermediate values
** up to 2^128 and reports the error when the result itself does not fit. */
static inline int ed_rescale(ed_u128 *c, unsigned k) {
  if (ed_magnitude(*c) >= ed_pow10[ED_MAX_SCALE - k]) return 0;
  *c = *c * ed_pow10[k];
  return 1;
}

/* a + b, or a - b when subtract is 1. */
static inline int ed_add_or_sub(const ed_Decimal *a, const ed_Decimal *b, int subtract,
                                ed_Decimal *r) {
  unsigned sa = a->scale, sb = b->scale, s = sa;
  ed_u128 x = ed_coefficient(a), y = ed_coefficient(b);
  if (sa != sb) {
    if (sa > ED_MAX_SCALE || sb > ED_MAX_SCALE) return 0;
    if (sa < sb) {
      if (!ed_rescale(&x, sb - sa)) return 0;
      s = sb;
    } else if (!ed_rescale(&y, sa - sb)) {
      return 0;
    }
  }
  /* |x|, |y| < 10^38: the true result is within ±2·10^38. When it wraps past the
  ** i128 range (±1.7·10^38) the wrapped value has magnitude > 1.4·10^38, so the one
  ** magnitude check catches both wrapping and too many digits (as ExactDecimal). */
  ed_u128 z = subtract ? x - y : x + y;
  if (ed_magnitude(z) >= ED_LIMIT) return 0;
  ed_store(r, z, s);
  return 1;
}

static inline int ed_add(const ed_Decimal *a, const ed_Decimal *b, ed_Decimal *r) {
  return ed_add_or_sub(a, b, 0, r);
}

static inline int ed_sub(const ed_Decimal *a, const ed_Decimal *b, ed_Decimal *r) {
  return ed_add_or_sub(a, b, 1, r);
}

/* Only 64-bit coefficients (the common case): their product is exact in 128 bits.
** Wider ones go to ExactDecimal.multiplyWide. */
static inline int ed_mul(const ed_Decimal *a, const ed_Decimal *b, ed_Decimal *r) {
  unsigned s = (unsigned)a->scale + b->scale;
  if (s > ED_MAX_SCALE || a->high != ((int64_t)a->low >> 63) || b->high != ((int64_t)b->low >> 63))
    return 0;
  __int128 p = (__int128)(int64_t)a->low * (__int128)(int64_t)b->low;
  if (ed_magnitude((ed_u128)p) >= ED_LIMIT) return 0;
  ed_store(r, (ed_u128)p, s);
  return 1;
}

/* -a; never fails: the range is symmetric. */
static inline void ed_negate(const ed_Decimal *a, ed_Decimal *r) {
  ed_store(r, (ed_u128)0 - ed_coefficient(a), a->scale);
}

/* -1, 0 or 1 by value; exact for every pair (no hand-over needed). */
static inline int ed_compare(const ed_Decimal *a, const ed_Decimal *b) {
  unsigned sa = a->scale, sb = b->scale;
  __int128 x = (__int128)ed_coefficient(a), y = (__int128)ed_coefficient(b);
  if (sa != sb) {
    ed_u128 c;
    if (sa < sb) {
      c = (ed_u128)x;
      /* |x|·10^k ≥ 10^38 > |y|: x decides (it is not zero) */
      if (sb - sa > ED_MAX_SCALE || !ed_rescale(&c, sb - sa)) return x < 0 ? -1 : 1;
      x = (__int128)c;
    } else {
      c = (ed_u128)y;
      if (sa - sb > ED_MAX_SCALE || !ed_rescale(&c, sa - sb)) return y < 0 ? 1 : -1;
      y = (__int128)c;
    }
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

#endif
