/// Conversions to and from binary numbers.
///
/// A `Double` comes in only through its shortest round-trip text (`Double.description`),
/// never through `%.14g` or its exact binary expansion: `0.1` becomes `0.1` and `0.1 + 0.2`
/// becomes `0.30000000000000004`, which shows the float error where it was made. Going out,
/// ``doubleValue`` is explicit and lossy, for display and statistics only.
extension ExactDecimal {
    /// The decimal whose text is the shortest text that reads back as `value`.
    ///
    /// Integral doubles get scale 0 (`2.0` → `2`, `2^53` → `9007199254740992`, `1e20` →
    /// `100000000000000000000`): the `.0` that `Double.description` appends marks a float, it
    /// is not a digit. Otherwise the scale is the number of shortest digits after the point
    /// (`1e-5` → `0.00001`). `-0.0` becomes `0`. Large doubles keep only their shortest
    /// digits, like Python's `Decimal(repr(x))`: `2^63` becomes `9223372036854776000`.
    ///
    /// - Throws: ``DecimalError/Code/notFinite`` for NaN and infinities,
    ///   ``DecimalError/Code/tooManyDigits`` above 38 digits (`1e38`, `1e300`),
    ///   ``DecimalError/Code/scaleTooLarge`` below 38 decimals (`1e-39`, `5e-324`).
    public init(exactly value: Double) throws(DecimalError) {
        guard value.isFinite else { throw .notFinite(value) }
        // Below 2^53 every integer is a double and its shortest text is all its digits, so an
        // integral value skips the text; above, the text may round (2^63 → 9223372036854776000).
        if value.magnitude < 0x1p53, let integer = Int(exactly: value) {
            self.init(integer)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        try self.init(parsing: text)
    }

    /// The nearest `Double` (ties to even), for display and statistics: **lossy**, never
    /// feed it back into money arithmetic.
    public var doubleValue: Double {
        let magnitude = coefficient.magnitude
        let result: Double
        // Clinger's fast path: both the coefficient (≤ 2^53) and 10^scale (≤ 10^22) are
        // exact doubles, so one IEEE division is correctly rounded.
        if magnitude <= 1 << 53 && scale <= 22 {
            result = Double(UInt64(magnitude)) / Self.exactPowersOfTen[scale]
        } else {
            // Correctly rounded conversion of the decimal text (strtod semantics).
            result = Double(description.drop { $0 == "-" })!
        }
        return isNegative ? -result : result
    }

    /// The value as an `Int` when it is an integer in `Int`'s range (`2.00` → `2`), else nil.
    public var intValue: Int? {
        let (normalizedCoefficient, normalizedScale) = normalized
        guard normalizedScale == 0 else { return nil }
        return Int(exactly: normalizedCoefficient)
    }

    /// 10^0 ... 10^22, every one exactly representable as a `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
