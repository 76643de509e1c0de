/// Exact addition, subtraction and multiplication.
///
/// Results are exact or an error: `+`/`-` give the larger operand scale, `*` the sum of the
/// scales (`1.5 * 0.20 = 0.300`), and a result that needs more than 38 digits or a scale above
/// 38 throws. The operators throw like the methods (`try a + b * c`); there is no trapping
/// variant, so an overflow can never crash the host.
extension ExactDecimal {
    /// `self + other`, exact, with scale `max(self.scale, other.scale)`.
    ///
    /// - Throws: ``DecimalError/Code/overflow`` when the sum needs more than 38 digits.
    @inlinable
    public func adding(_ other: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        if _fastPath(storedScale == other.storedScale) {
            // |a|, |b| < 10^38, so the true sum is within ±2·10^38; when it wraps past
            // Int128 (±1.7·10^38) the wrapped value has magnitude > 1.4·10^38, so the one
            // magnitude check below catches both wrapping and too many digits.
            let sum = coefficient &+ other.coefficient
            if _fastPath(sum.magnitude < Pow10.limit) {
                return ExactDecimal(uncheckedCoefficient: sum, scale: storedScale)
            }
        }
        return try Self.addAligningScales(self, other, subtract: false)
    }

    /// `self - other`, exact, with scale `max(self.scale, other.scale)`.
    ///
    /// - Throws: ``DecimalError/Code/overflow`` when the difference needs more than 38 digits.
    @inlinable
    public func subtracting(_ other: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        if _fastPath(storedScale == other.storedScale) {
            let difference = coefficient &- other.coefficient  // same argument as in adding
            if _fastPath(difference.magnitude < Pow10.limit) {
                return ExactDecimal(uncheckedCoefficient: difference, scale: storedScale)
            }
        }
        return try Self.addAligningScales(self, other, subtract: true)
    }

    /// `self × other`, exact, with scale `self.scale + other.scale`.
    ///
    /// - Throws: ``DecimalError/Code/scaleTooLarge`` when the scales add up to more than 38,
    ///   ``DecimalError/Code/overflow`` when the product needs more than 38 digits.
    @inlinable
    public func multiplied(by other: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        let scale = storedScale &+ other.storedScale  // ≤ 76, no UInt8 overflow
        // Both coefficients fit in 64 bits (the common case): the 128-bit product is exact.
        if _fastPath(
            high == Int64(bitPattern: low) >> 63
                && other.high == Int64(bitPattern: other.low) >> 63 && scale <= Self.maxScale)
        {
            let (productHigh, productLow) = Int64(bitPattern: low)
                .multipliedFullWidth(by: Int64(bitPattern: other.low))
            let product = Int128(productHigh) << 64 | Int128(productLow)
            if _fastPath(product.magnitude < Pow10.limit) {
                return ExactDecimal(uncheckedCoefficient: product, scale: scale)
            }
        }
        return try Self.multiplyWide(self, other)
    }

    /// The value with the opposite sign and the same scale. Never fails: the range is symmetric.
    @inlinable
    public static prefix func - (operand: ExactDecimal) -> ExactDecimal {
        ExactDecimal(uncheckedCoefficient: 0 &- operand.coefficient, scale: operand.storedScale)
    }

    /// The absolute value, with the same scale.
    @inlinable
    public var abs: ExactDecimal { isNegative ? -self : self }

    /// `lhs + rhs`; see ``adding(_:)``.
    @inlinable
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        try lhs.adding(rhs)
    }

    /// `lhs - rhs`; see ``subtracting(_:)``.
    @inlinable
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        try lhs.subtracting(rhs)
    }

    /// `lhs × rhs`; see ``multiplied(by:)``.
    @inlinable
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        try lhs.multiplied(by: rhs)
    }

    /// Adds `rhs` to `lhs`; `lhs` is unchanged when it throws.
    @inlinable
    public static func += (lhs: inout ExactDecimal, rhs: ExactDecimal) throws(DecimalError) {
        lhs = try lhs.adding(rhs)
    }

    /// Subtracts `rhs` from `lhs`; `lhs` is unchanged when it throws.
    @inlinable
    public static func -= (lhs: inout ExactDecimal, rhs: ExactDecimal) throws(DecimalError) {
        lhs = try lhs.subtracting(rhs)
    }

    /// Multiplies `lhs` by `rhs`; `lhs` is unchanged when it throws.
    @inlinable
    public static func *= (lhs: inout ExactDecimal, rhs: ExactDecimal) throws(DecimalError) {
        lhs = try lhs.multiplied(by: rhs)
    }

    /// The exact sum of `values` (zero when empty), with the largest scale among them.
    ///
    /// - Throws: ``DecimalError/Code/overflow`` when a partial sum needs more than 38 digits.
    public static func sum(_ values: some Sequence<ExactDecimal>) throws(DecimalError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for value in values { total = try total.adding(value) }
        return total
    }
}

extension Sequence where Element == ExactDecimal {
    /// The exact sum of the elements; see ``ExactDecimal/sum(_:)``.
    public func sum() throws(DecimalError) -> ExactDecimal {
        try ExactDecimal.sum(self)
    }
}
