import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// Equality, ordering and hashing by value, across scales, including pairs whose rescaling
/// would not fit in 128 bits.
@Suite struct DecimalComparisonTests {
    static let max38 = "99999999999999999999999999999999999999"
    static let tiny = "0.00000000000000000000000000000000000001"

    @Test(arguments: [
        // (a, b, compare(a, b))
        ("1.0", "1.00", 0),
        ("0", "-0.000", 0),
        ("0.1", "0.10000000001", -1),
        ("-0.1", "-0.10000000001", 1),
        ("2", "1.99999999999999999999999999999999999", 1),
        ("-2", "-1.99999999999999999999999999999999999", -1),
        ("10.50", "10.5", 0),
        ("-1", "0.0", -1),
        ("0.0", "-1", 1),
        ("0.00", "0.01", -1),
        ("-0.01", "0", -1),
        // Rescaling max38 to 38 decimals would need 76 digits: decided by magnitude.
        (max38, tiny, 1),
        (tiny, max38, -1),
        ("-" + max38, "-" + tiny, -1),
        ("-" + tiny, "-" + max38, 1),
        (max38, "-" + tiny, 1),
        ("-" + max38, tiny, -1),
        ("1", "0.99999999999999999999999999999999999999", 1),
        ("1.0000000000000000000000000000000000000", "1", 0),
    ])
    func comparesByValue(a: String, b: String, order: Int) {
        let (x, y) = (d(a), d(b))
        #expect(x.compare(y) == order)
        #expect(y.compare(x) == -order)
        #expect((x == y) == (order == 0))
        #expect((x != y) == (order != 0))
        #expect((x < y) == (order < 0))
        #expect((x <= y) == (order <= 0))
        #expect((x > y) == (order > 0))
        #expect((x >= y) == (order >= 0))
        if order == 0 { #expect(x.hashValue == y.hashValue) }
    }

    @Test func hashingIsConsistentWithEquality() {
        let spellings = ["1.5", "1.50", "1.500000", "15e-1", "1.50000000000000000000000000000000000"]
        let set = Set(spellings.map { d($0) })
        #expect(set.count == 1)
        #expect(Set(["0", "0.0", "-0.00", "0e5"].map { d($0) }).count == 1)
        #expect(Set(["1", "-1", "10", "0.1", "1.01"].map { d($0) }).count == 5)
        let wide = d("12345678901234567890123456789.000000000")
        #expect(wide.hashValue == d("12345678901234567890123456789").hashValue)
        var dictionary: [ExactDecimal: String] = [d("25.50"): "margin"]
        dictionary[d("25.5")] = "same key"
        #expect(dictionary.count == 1 && dictionary[d("25.500")] == "same key")
    }

    @Test func normalizedStripsTrailingZerosOnly() {
        #expect(d("1.500").normalized == (15, 1))
        #expect(d("100").normalized == (100, 0))
        #expect(d("-0.000").normalized == (0, 0))
        let wide = d("1234567890123456789012345.678900")
        #expect(wide.normalized == (12_345_678_901_234_567_890_123_456_789, 4))
    }

    @Test func maxMinReturnTheFirstOnTies() {
        let (a, b) = (d("1.0"), d("1.00"))
        #expect(ExactDecimal.max(a, b).scale == 1)
        #expect(ExactDecimal.min(a, b).scale == 1)
        #expect(ExactDecimal.max(d("-1"), d("0.5")) == d("0.5"))
        #expect(ExactDecimal.min(d("-1"), d("0.5")) == d("-1"))
        #expect([d("3"), d("-2.5"), d("10.01")].max() == d("10.01"))
        #expect([d("3"), d("-2.5"), d("10.01")].sorted().map(\.description) == ["-2.5", "3", "10.01"])
    }
}
