import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// Doubles in (shortest round-trip text only) and out (explicit, lossy), and integers.
@Suite struct DecimalConversionTests {
    @Test(arguments: [
        // (double, decimal text)
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "0.00001"),
        (1e20, "100000000000000000000"),
        (9007199254740992.0, "9007199254740992"),  // 2^53
        (9007199254740993.0, "9007199254740992"),  // not a double: the literal rounds to 2^53
        (1.0, "1"),
        (-2.0, "-2"),
        (-0.0, "0"),
        (123.456, "123.456"),
        (-1812.70004844, "-1812.70004844"),
        (0.000123, "0.000123"),
        (1e37, "10000000000000000000000000000000000000"),
        (9.223372036854776e18, "9223372036854776000"),  // 2^63: shortest digits, not binary
        (4611686018427387904.0, "4611686018427388000"),  // 2^62, the same
        (9007199254740991.0, "9007199254740991"),  // 2^53 - 1
        (1e-38, "0.00000000000000000000000000000000000001"),
        (2.5e-10, "0.00000000025"),
    ])
    func doublesUseShortestRoundTripText(value: Double, text: String) throws {
        let decimal = try ExactDecimal(exactly: value)
        #expect(decimal.description == text)
        #expect(decimal.doubleValue == value)
    }

    @Test(arguments: [Double.nan, -Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFiniteDoublesAreErrors(value: Double) {
        let error = #expect(throws: DecimalError.self) { try ExactDecimal(exactly: value) }
        #expect(error?.code == .notFinite)
    }

    @Test(arguments: [
        (1e38, DecimalError.Code.tooManyDigits),
        (1e300, .tooManyDigits),
        (.greatestFiniteMagnitude, .tooManyDigits),
        (1e-39, .scaleTooLarge),
        (.leastNonzeroMagnitude, .scaleTooLarge),  // 5e-324
        (1.2345e-36, .scaleTooLarge),
    ])
    func doublesOutsideTheRangeAreErrors(value: Double, code: DecimalError.Code) {
        let error = #expect(throws: DecimalError.self) { try ExactDecimal(exactly: value) }
        #expect(error?.code == code)
    }

    @Test(arguments: [
        // (decimal, nearest double)
        ("0.1", 0.1),
        ("-0.30000000000000004", -0.30000000000000004),
        ("9007199254740993", 9007199254740992.0),  // ties to even
        ("9007199254740995", 9007199254740996.0),
        ("0.00000000000000000000000000000000000001", 1e-38),
        ("99999999999999999999999999999999999999", 1e38),
        ("123456789.123456789123", 123456789.12345679),
        ("0.00", 0.0),
        ("1812.70004844", 1812.70004844),
    ])
    func doubleValueIsTheNearestDouble(text: String, expected: Double) {
        #expect(d(text).doubleValue == expected)
    }

    @Test func intValueOnlyForIntegersInRange() {
        #expect(d("2.00").intValue == 2)
        #expect(d("-7").intValue == -7)
        #expect(d("9223372036854775807").intValue == Int.max)
        #expect(d("-9223372036854775808.000").intValue == Int.min)
        #expect(d("9223372036854775808").intValue == nil)
        #expect(d("2.5").intValue == nil)
        #expect(d("0.000").intValue == 0)
    }
}
