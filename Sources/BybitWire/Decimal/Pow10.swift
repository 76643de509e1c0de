/// Powers of ten and the wide (up to 256-bit) steps that rescaling, division and modulo need.
///
/// Everything works on magnitudes (`UInt128`); callers apply signs. Coefficients are below
/// ``limit`` (10^38 < 2^127), which the comments below rely on.
@usableFromInline
enum Pow10 {
    /// 10^38: every coefficient's magnitude is below this.
    @inlinable static var limit: UInt128 {
        @inline(__always) get { 100_000_000_000_000_000_000_000_000_000_000_000_000 }
    }

    /// 10^0 ... 10^38 (10^39 does not fit in 128 bits).
    static let table: [UInt128] = [
        1,
        10,
        100,
        1000,
        10000,
        100000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
        10_000_000_000,
        100_000_000_000,
        1_000_000_000_000,
        10_000_000_000_000,
        100_000_000_000_000,
        1_000_000_000_000_000,
        10_000_000_000_000_000,
        100_000_000_000_000_000,
        1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
        100_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000_000_000_000_000,
        1_000_000_000_000_000_000_000_000_000_000_000_000,
        10_000_000_000_000_000_000_000_000_000_000_000_000,
        100_000_000_000_000_000_000_000_000_000_000_000_000,
    ]

    /// 10^0 ... 10^18 as `Int64`, for the 64-bit fast paths.
    static let small: [Int64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000,
        100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
        100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ]

    /// `value × 10^n` for `n` in `0...18`: one 64×64→128-bit multiply, never overflowing
    /// (|result| < 9.3 × 10^36).
    @inline(__always)
    static func widen(_ value: Int64, timesPowerOfTen n: Int) -> Int128 {
        let (high, low) = value.multipliedFullWidth(by: small[n])
        return Int128(high) << 64 | Int128(low)
    }

    /// `m × 10^n` for `n ≥ 0`, or nil when the product is 2^128 or more.
    static func multiply(_ m: UInt128, byPowerOfTen n: Int) -> UInt128? {
        if m == 0 { return 0 }
        if n >= table.count { return nil }  // m ≥ 1 and 10^39 > 2^128
        let (product, overflow) = m.multipliedReportingOverflow(by: table[n])
        return overflow ? nil : product
    }

    /// `(m × 10^shift) / d` truncated, with where the discarded remainder lies; a negative
    /// `shift` divides by `d × 10^-shift` instead. Requires `m < 10^38` and `d > 0`.
    ///
    /// - Returns: nil when the quotient is 2^128 or more (the caller reports an overflow).
    static func divide(
        _ m: UInt128, shiftedBy shift: Int, by d: UInt128
    ) -> (quotient: UInt128, discarded: DiscardedPart)? {
        if shift < 0 {
            guard let divisor = multiply(d, byPowerOfTen: -shift) else {
                // divisor ≥ 2^128 > 2m: the quotient is 0 and the remainder below half.
                return (0, m == 0 ? .zero : .belowHalf)
            }
            let (q, r) = m.quotientAndRemainder(dividingBy: divisor)
            return (q, classify(r, of: divisor))
        }
        // Long division, up to 38 decimal digits per step: q·10^k + (r·10^k) / d.
        // r < d < 2^128 and 10^k ≤ 10^38, so r·10^k / d < 10^k fits: dividingFullWidth is safe.
        var (q, r) = m.quotientAndRemainder(dividingBy: d)
        var k = shift
        while k > 0 {
            let step = Swift.min(k, table.count - 1)
            let (shifted, overflow) = q.multipliedReportingOverflow(by: table[step])
            if overflow { return nil }
            let (digits, rest) = d.dividingFullWidth(r.multipliedFullWidth(by: table[step]))
            let (sum, carry) = shifted.addingReportingOverflow(digits)
            if carry { return nil }
            (q, r, k) = (sum, rest, k - step)
        }
        return (q, classify(r, of: d))
    }

    /// Where remainder `r` of a division by `d` (`r < d`) lies relative to `d / 2`.
    static func classify(_ r: UInt128, of d: UInt128) -> DiscardedPart {
        if r == 0 { return .zero }
        let rest = d - r
        return r < rest ? .belowHalf : (r == rest ? .half : .aboveHalf)
    }

    /// `(m × 10^n) mod d` for `n ≥ 0` and `d > 0`, exact however large `m × 10^n` is.
    static func remainder(_ m: UInt128, shiftedBy n: Int, modulo d: UInt128) -> UInt128 {
        var r = m % d
        var k = n
        while k > 0 && r != 0 {
            let step = Swift.min(k, table.count - 1)
            r = d.dividingFullWidth(r.multipliedFullWidth(by: table[step])).remainder
            k -= step
        }
        return r
    }
}
