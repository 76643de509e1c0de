/// Rounding to a scale and to a step (tick size, quantity step).
extension ExactDecimal {
    /// The value rounded to `scale` digits after the point, with exactly that scale.
    ///
    /// A larger scale pads with zeros (`1.5` → `1.5000` for scale 4); a negative scale rounds
    /// to tens, hundreds, … and gives scale 0 (`1250` at scale -2, `halfEven` → `1200`).
    /// Matches Python's `Decimal.quantize(Decimal(10) ** -scale, rounding=mode)`.
    ///
    /// - Parameters:
    ///   - scale: digits after the point, `-maxScale...maxScale`.
    ///   - mode: how to round a discarded part; banker's rounding (`halfEven`) by default.
    /// - Throws: ``DecimalError/Code/invalidArgument`` for a scale out of range,
    ///   ``DecimalError/Code/overflow`` when the result needs more than 38 digits.
    public func rounded(
        scale: Int, mode: RoundingMode = .halfEven
    ) throws(DecimalError) -> ExactDecimal {
        guard (-Self.maxScale...Self.maxScale).contains(scale) else {
            throw .invalidArgument(
                "rounding scale \(scale) is outside \(-Self.maxScale)...\(Self.maxScale)")
        }
        if scale >= self.scale {
            guard
                let magnitude = Pow10.multiply(
                    coefficient.magnitude, byPowerOfTen: scale - self.scale),
                magnitude < Pow10.limit
            else { throw .overflow("\(DecimalError.shorten(description)) at scale \(scale)") }
            return ExactDecimal(
                uncheckedMagnitude: magnitude, negative: isNegative, scale: UInt8(scale))
        }
        return try Self.roundedQuotient(
            coefficient.magnitude, shiftedBy: scale - self.scale, dividedBy: 1,
            negative: isNegative, scale: scale, mode: mode
        ) { "\(DecimalError.shorten(description)) rounded to scale \(scale)" }
    }

    /// The multiple of `step` nearest to the value under `mode`, with `step`'s scale.
    ///
    /// Use it for tick sizes and quantity steps: `1.23456` with step `0.0001` gives `1.2346`
    /// (`halfEven`), `101.3` with tick `0.5` gives `101.5`, and with step `1` an integer.
    ///
    /// - Throws: ``DecimalError/Code/invalidArgument`` when `step` is not positive,
    ///   ``DecimalError/Code/overflow`` when the result does not fit.
    public func quantized(
        step: ExactDecimal, mode: RoundingMode = .halfEven
    ) throws(DecimalError) -> ExactDecimal {
        guard step.sign > 0 else {
            throw .invalidArgument("quantize step must be positive, got \(step)")
        }
        let describe = { "\(DecimalError.shorten(description)) quantized to step \(step)" }
        // Number of steps, rounded to an integer: (c × 10^(step.scale - scale)) / step.c.
        let steps = try Self.roundedQuotient(
            coefficient.magnitude, shiftedBy: step.scale - self.scale,
            dividedBy: step.coefficient.magnitude, negative: isNegative, scale: 0, mode: mode,
            describe: describe)
        do {
            return try steps.multiplied(by: step)
        } catch {
            throw .overflow(describe())
        }
    }

    /// `(magnitude × 10^shift) / divisor` rounded to an integer under `mode`, then placed at
    /// `scale`: a value with that coefficient and scale when `scale ≥ 0`, or that integer
    /// times 10^-scale with scale 0 when `scale < 0`. Shared by rounding, quantizing and
    /// division.
    ///
    /// - Parameters:
    ///   - negative: the sign of the exact quotient (it matters for `floor` and `ceiling`).
    ///   - describe: the operation's text for an overflow message (built only on error).
    static func roundedQuotient(
        _ magnitude: UInt128, shiftedBy shift: Int, dividedBy divisor: UInt128,
        negative: Bool, scale: Int, mode: RoundingMode, describe: () -> String
    ) throws(DecimalError) -> ExactDecimal {
        guard let (truncated, discarded) = Pow10.divide(magnitude, shiftedBy: shift, by: divisor)
        else { throw .overflow(describe()) }
        var quotient = truncated
        if mode.roundsAwayFromZero(discarded: discarded, negative: negative, odd: quotient & 1 == 1) {
            let (incremented, overflow) = quotient.addingReportingOverflow(1)
            guard !overflow else { throw .overflow(describe()) }
            quotient = incremented
        }
        if scale < 0 {
            guard let scaled = Pow10.multiply(quotient, byPowerOfTen: -scale) else {
                throw .overflow(describe())
            }
            quotient = scaled
        }
        guard quotient < Pow10.limit else { throw .overflow(describe()) }
        return ExactDecimal(
            uncheckedMagnitude: quotient, negative: negative, scale: UInt8(Swift.max(scale, 0)))
    }
}
