import Testing

@testable import BybitWire

/// Seeded random checks against plain `Int128` arithmetic on coefficients small enough that
/// the reference itself cannot overflow (|coefficient| < 10^12, scale ≤ 8). The seed is
/// fixed, so a failure reproduces; the messages print the operands.
@Suite struct DecimalPropertyTests {
    static let iterations = 5_000

    /// SplitMix64: a tiny, well-mixed generator that is the same on every platform.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random value: coefficient with 1...12 digits (sometimes 0), scale 0...8, either sign.
    static func randomDecimal(_ rng: inout SplitMix64) -> ExactDecimal {
        let digits = Int.random(in: 1...12, using: &rng)
        var coefficient = Int128(Int64.random(in: 0..<pow10(digits), using: &rng))
        if Int.random(in: 0..<10, using: &rng) == 0 { coefficient = 0 }
        if Bool.random(using: &rng) { coefficient = -coefficient }
        return try! ExactDecimal(coefficient: coefficient, scale: Int.random(in: 0...8, using: &rng))
    }

    static func pow10(_ n: Int) -> Int64 { (0..<n).reduce(1) { value, _ in value * 10 } }

    /// The coefficient of `value` at a larger `scale` (exact in Int128 for these sizes).
    static func coefficient(_ value: ExactDecimal, at scale: Int) -> Int128 {
        value.coefficient * Int128(pow10(scale - value.scale))
    }

    @Test func addSubtractMultiplyMatchInt128() throws {
        var rng = SplitMix64(state: 0xB1B1_7DEC)
        for _ in 0..<Self.iterations {
            let (a, b) = (Self.randomDecimal(&rng), Self.randomDecimal(&rng))
            let scale = max(a.scale, b.scale)
            let (ca, cb) = (Self.coefficient(a, at: scale), Self.coefficient(b, at: scale))

            let sum = try a + b
            let difference = try a - b
            let product = try a * b
            #expect(sum.coefficient == ca + cb && sum.scale == scale, "\(a) + \(b) = \(sum)")
            #expect(
                difference.coefficient == ca - cb && difference.scale == scale,
                "\(a) - \(b) = \(difference)")
            #expect(
                product.coefficient == a.coefficient * b.coefficient
                    && product.scale == a.scale + b.scale, "\(a) * \(b) = \(product)")
            #expect(try sum - b == a && sum == (try b + a), "\(a) + \(b) - \(b)")
            #expect(-difference == (try b - a), "\(a) - \(b) antisymmetry")
        }
    }

    @Test func comparisonAndHashingMatchInt128() throws {
        var rng = SplitMix64(state: 0xC0FFEE)
        for _ in 0..<Self.iterations {
            let (a, b) = (Self.randomDecimal(&rng), Self.randomDecimal(&rng))
            let scale = max(a.scale, b.scale)
            let (ca, cb) = (Self.coefficient(a, at: scale), Self.coefficient(b, at: scale))
            let expected = ca < cb ? -1 : (ca == cb ? 0 : 1)
            #expect(a.compare(b) == expected, "compare(\(a), \(b))")
            #expect((a < b) == (expected < 0) && (a == b) == (expected == 0), "\(a) vs \(b)")

            // The same value at a larger scale: equal, same hash, same text after rounding back.
            let widened = try a.rounded(scale: a.scale + Int.random(in: 0...10, using: &rng))
            #expect(widened == a && widened.hashValue == a.hashValue, "\(a) vs \(widened)")
            #expect(try widened.rounded(scale: a.scale, mode: .down).description == a.description)
        }
    }

    @Test func divisionMatchesInt128Truncation() throws {
        var rng = SplitMix64(state: 0xD1D1)
        for _ in 0..<Self.iterations {
            let (a, b) = (Self.randomDecimal(&rng), Self.randomDecimal(&rng))
            guard !b.isZero else { continue }
            let scale = Int.random(in: 0...8, using: &rng)
            // a / b at `scale` = (ca × 10^(scale + sb - sa)) / cb, or / (cb × 10^-(…)).
            let shift = scale + b.scale - a.scale
            let numerator = a.coefficient * Int128(Self.pow10(max(shift, 0)))
            let denominator = b.coefficient * Int128(Self.pow10(max(-shift, 0)))
            let (truncated, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
            let floored =
                remainder != 0 && (remainder < 0) != (denominator < 0)
                ? truncated - 1 : truncated

            let down = try a.divided(by: b, scale: scale, rounding: .down)
            let floor = try a.divided(by: b, scale: scale, rounding: .floor)
            #expect(down.coefficient == truncated && down.scale == scale, "\(a) / \(b) at \(scale)")
            #expect(floor.coefficient == floored, "\(a) / \(b) at \(scale), floor")
        }
    }

    @Test func floorDivisionAndModuloSatisfyLuasIdentity() throws {
        var rng = SplitMix64(state: 0xF100F)
        for _ in 0..<Self.iterations {
            let (a, b) = (Self.randomDecimal(&rng), Self.randomDecimal(&rng))
            guard !b.isZero else { continue }
            let quotient = try a.floorDivided(by: b)
            let remainder = try a.floorModulo(b)
            #expect(quotient.scale == 0, "\(a) // \(b)")
            #expect(remainder.scale == max(a.scale, b.scale), "\(a) % \(b)")
            #expect(try quotient * b + remainder == a, "\(a) = (\(a) // \(b)) * \(b) + \(a) % \(b)")
            #expect(remainder.sign == 0 || remainder.sign == b.sign, "sign of \(a) % \(b)")
            #expect(remainder.abs < b.abs, "|\(a) % \(b)| < |\(b)|")
        }
    }

    @Test func textRoundTripsExactly() throws {
        var rng = SplitMix64(state: 0x7E47)
        for _ in 0..<Self.iterations {
            // Full-width coefficients too: up to 38 digits, scale up to 38.
            let high = Int64.random(in: .min ... .max, using: &rng)  // up to 19 + 19 digits
            let low = Int128(UInt64.random(in: 0..<10_000_000_000_000_000_000, using: &rng))
            let coefficient = Int128(high) * 10_000_000_000_000_000_000 + (high < 0 ? -low : low)
            let value = try ExactDecimal(coefficient: coefficient, scale: Int.random(in: 0...38, using: &rng))
            let parsed = try ExactDecimal(parsing: value.description)
            #expect(
                parsed.coefficient == value.coefficient && parsed.scale == value.scale,
                "\(value.debugDescription)")
        }
    }
}
