/// The out-of-line halves of `+ - *`: operands of different scales, coefficients wider than
/// 64 bits, and error reporting. Kept apart so the inlinable fast paths stay small.
extension ExactDecimal {
    /// `a ± b` for any scales, in sign-magnitude form so no intermediate step can overflow
    /// unless the exact result itself needs more than 38 digits.
    @usableFromInline
    static func addAligningScales(
        _ a: ExactDecimal, _ b: ExactDecimal, subtract: Bool
    ) throws(DecimalError) -> ExactDecimal {
        let scale = Swift.max(a.storedScale, b.storedScale)
        let (aShift, bShift) = (Int(scale - a.storedScale), Int(scale - b.storedScale))
        // Common case: 64-bit coefficients a few digits apart. Each rescaled term is below
        // 9.3·10^36, so the Int128 sum can neither wrap nor reach 10^38.
        if aShift <= 18, bShift <= 18,
            let aSmall = Int64(exactly: a.coefficient), let bSmall = Int64(exactly: b.coefficient)
        {
            let x = Pow10.widen(aSmall, timesPowerOfTen: aShift)
            let y = Pow10.widen(bSmall, timesPowerOfTen: bShift)
            return ExactDecimal(uncheckedCoefficient: subtract ? x &- y : x &+ y, scale: scale)
        }

        let aNegative = a.isNegative
        let bNegative = b.isNegative != subtract
        // A rescaled operand of 2^128 or more makes |result| ≥ 2^128 - 10^38 > 10^38.
        guard let aMagnitude = Pow10.multiply(a.coefficient.magnitude, byPowerOfTen: aShift),
            let bMagnitude = Pow10.multiply(b.coefficient.magnitude, byPowerOfTen: bShift)
        else { throw .overflow(DecimalError.describe(a, subtract ? "-" : "+", b)) }

        let magnitude: UInt128
        let negative: Bool
        if aNegative == bNegative {
            let (sum, overflow) = aMagnitude.addingReportingOverflow(bMagnitude)
            guard !overflow else {
                throw .overflow(DecimalError.describe(a, subtract ? "-" : "+", b))
            }
            (magnitude, negative) = (sum, aNegative)
        } else if aMagnitude >= bMagnitude {
            (magnitude, negative) = (aMagnitude - bMagnitude, aNegative)
        } else {
            (magnitude, negative) = (bMagnitude - aMagnitude, bNegative)
        }
        guard magnitude < Pow10.limit else {
            throw .overflow(DecimalError.describe(a, subtract ? "-" : "+", b))
        }
        return ExactDecimal(uncheckedMagnitude: magnitude, negative: negative, scale: scale)
    }

    /// `a × b` when a coefficient needs more than 64 bits, or to report the error.
    @usableFromInline
    static func multiplyWide(_ a: ExactDecimal, _ b: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        let scale = a.scale + b.scale
        let (magnitude, overflow) = a.coefficient.magnitude
            .multipliedReportingOverflow(by: b.coefficient.magnitude)
        guard scale <= maxScale else {
            throw .resultScaleTooLarge(DecimalError.describe(a, "*", b), scale: scale)
        }
        guard !overflow, magnitude < Pow10.limit else {
            throw .overflow(DecimalError.describe(a, "*", b))
        }
        return ExactDecimal(
            uncheckedMagnitude: magnitude, negative: a.isNegative != b.isNegative,
            scale: UInt8(scale))
    }
}
