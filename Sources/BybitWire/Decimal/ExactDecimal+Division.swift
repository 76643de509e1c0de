/// Division to a stated precision, and Lua's floor division and modulo.
///
/// There is no `/` operator: a quotient such as `1 / 3` has no exact decimal, so every
/// division names its scale and rounding. `floorDivided(by:)` and `floorModulo(_:)` are exact
/// and follow Lua's `//` and `%` (floor toward -∞; the remainder has the divisor's sign), not
/// Python's `Decimal` (which truncates).
extension ExactDecimal {
    /// `self / divisor` rounded to `scale` digits after the point under `mode`.
    ///
    /// The result has exactly `scale` digits (`1 / 4` at scale 4 is `0.2500`); a negative
    /// scale rounds to tens, hundreds, … and gives scale 0, as in ``rounded(scale:mode:)``.
    /// Matches Python's `(a / b).quantize(Decimal(10) ** -scale, rounding=mode)` computed
    /// with unlimited precision: the quotient is rounded once, from its exact value.
    ///
    /// - Parameters:
    ///   - divisor: any non-zero decimal.
    ///   - scale: digits after the point, `-maxScale...maxScale`.
    ///   - mode: how to round the discarded part; `halfEven` by default.
    /// - Throws: ``DecimalError/Code/divisionByZero``; ``DecimalError/Code/invalidArgument``
    ///   for a scale out of range; ``DecimalError/Code/overflow`` when the quotient needs more
    ///   than 38 digits at that scale.
    public func divided(
        by divisor: ExactDecimal, scale: Int, rounding mode: RoundingMode = .halfEven
    ) throws(DecimalError) -> ExactDecimal {
        guard (-Self.maxScale...Self.maxScale).contains(scale) else {
            throw .invalidArgument(
                "division scale \(scale) is outside \(-Self.maxScale)...\(Self.maxScale)")
        }
        return try divide(by: divisor, scale: scale, mode: mode, symbol: "/")
    }

    /// `floor(self / divisor)`, exact, as an integer-valued decimal with scale 0: Lua's `//`.
    ///
    /// `7 // 2 = 3`, `-7 // 2 = -4`, `7 // -2 = -4`, `7.5 // 0.5 = 15`.
    ///
    /// - Throws: ``DecimalError/Code/divisionByZero``; ``DecimalError/Code/overflow`` when the
    ///   quotient needs more than 38 digits.
    public func floorDivided(by divisor: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        try divide(by: divisor, scale: 0, mode: .floor, symbol: "//")
    }

    /// `self - floor(self / divisor) × divisor`, exact: Lua's `%`.
    ///
    /// The result has the divisor's sign (or is zero) and scale `max(self.scale,
    /// divisor.scale)`: `7 % -2 = -1`, `-7 % 2 = 1`, `5.5 % 2 = 1.5`, `-5.5 % 2 = 0.5`.
    /// It is computed without forming the quotient, so it never overflows when the
    /// remainder itself fits.
    ///
    /// - Throws: ``DecimalError/Code/divisionByZero``; ``DecimalError/Code/overflow`` when the
    ///   remainder needs more than 38 digits at that scale.
    public func floorModulo(_ divisor: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        guard !divisor.isZero else {
            throw .divisionByZero(DecimalError.describe(self, "%", divisor))
        }
        let scale = Swift.max(storedScale, divisor.storedScale)
        let (magnitude, divisorMagnitude) = (coefficient.magnitude, divisor.coefficient.magnitude)
        // |self| mod |divisor|, both taken at the common scale; `modulus` is |divisor| there,
        // nil when it is 2^128 or more (then it exceeds |self| and the remainder is |self|).
        let modulus: UInt128?
        let truncated: UInt128
        if storedScale >= divisor.storedScale {
            modulus = Pow10.multiply(divisorMagnitude, byPowerOfTen: Int(scale - divisor.storedScale))
            truncated = modulus.map { magnitude % $0 } ?? magnitude
        } else {
            modulus = divisorMagnitude
            truncated = Pow10.remainder(
                magnitude, shiftedBy: Int(scale - storedScale), modulo: divisorMagnitude)
        }
        var result = truncated
        if truncated != 0 && isNegative != divisor.isNegative {
            // Floor instead of truncation: move the remainder to the divisor's side.
            guard let modulus else { throw .overflow(DecimalError.describe(self, "%", divisor)) }
            result = modulus - truncated
        }
        guard result < Pow10.limit else {
            throw .overflow(DecimalError.describe(self, "%", divisor))
        }
        return ExactDecimal(uncheckedMagnitude: result, negative: divisor.isNegative, scale: scale)
    }

    /// The shared division: checks for zero, then rounds the exact quotient once.
    private func divide(
        by divisor: ExactDecimal, scale: Int, mode: RoundingMode, symbol: String
    ) throws(DecimalError) -> ExactDecimal {
        guard !divisor.isZero else {
            throw .divisionByZero(DecimalError.describe(self, symbol, divisor))
        }
        // self / divisor = (c1 / c2) × 10^(s2 - s1); at `scale` the coefficient is
        // (c1 × 10^(scale + s2 - s1)) / c2.
        return try Self.roundedQuotient(
            coefficient.magnitude, shiftedBy: scale + divisor.scale - self.scale,
            dividedBy: divisor.coefficient.magnitude, negative: isNegative != divisor.isNegative,
            scale: scale, mode: mode
        ) {
            let operation = DecimalError.describe(self, symbol, divisor)
            return symbol == "/" ? "\(operation) at scale \(scale)" : operation
        }
    }
}
