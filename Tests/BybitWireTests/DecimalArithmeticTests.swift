import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// Exact `+ - *`, their scales, the unary operations, and overflow at the boundaries.
@Suite struct DecimalArithmeticTests {
    static let max38 = "99999999999999999999999999999999999999"

    @Test(arguments: [
        // (a, b, a + b, a - b)
        ("1.5", "0.25", "1.75", "1.25"),
        ("10.50", "0.50", "11.00", "10.00"),
        ("1", "0.001", "1.001", "0.999"),
        ("-1.5", "1.5", "0.0", "-3.0"),
        ("0.1", "0.3", "0.4", "-0.2"),
        ("0.00", "0", "0.00", "0.00"),
        ("-0.001", "-0.002", "-0.003", "0.001"),
        ("1812.70004844", "-0.00004844", "1812.70000000", "1812.70009688"),
        (
            "-12345678901234567890123.45", "0.000000001",
            "-12345678901234567890123.449999999", "-12345678901234567890123.450000001"
        ),
        (max38, "0", max38, max38),
        (max38, "-1", "99999999999999999999999999999999999998", "overflow"),
        ("-" + max38, "1", "-99999999999999999999999999999999999998", "overflow"),
        (max38, "1", "overflow", "99999999999999999999999999999999999998"),
        (max38, "0.1", "overflow", "overflow"),
        ("9999999999999999999999999999999999999.9", "0.01", "overflow", "overflow"),
        (
            "50000000000000000000000000000000000000", "50000000000000000000000000000000000000",
            "overflow", "0"
        ),
        // Rescaling 1.75 to 38 decimals exceeds Int128, but the exact sum fits.
        (
            "1.75", "-0.90000000000000000000000000000000000000",
            "0.85000000000000000000000000000000000000", "overflow"
        ),
    ])
    func addAndSubtract(a: String, b: String, sum: String, difference: String) {
        let (x, y) = (d(a), d(b))
        #expect(result { try x.adding(y) } == sum)
        #expect(result { try x + y } == sum)
        #expect(result { try y.adding(x) } == sum)
        #expect(result { try x.subtracting(y) } == difference)
        #expect(result { try x - y } == difference)
    }

    /// Operands around the 64-bit mixed-scale fast path (64-bit coefficients at most 18
    /// digits apart) and just past it; expected values from Python.
    @Test(arguments: [
        (
            "9223372036854775807", "-0.000000000000000001",
            "9223372036854775806.999999999999999999", "9223372036854775807.000000000000000001"
        ),
        (
            "9223372036854775807", "0.0000000000000000001",
            "9223372036854775807.0000000000000000001", "9223372036854775806.9999999999999999999"
        ),
        (
            "-9223372036854775808", "0.0000000000000000001",
            "-9223372036854775807.9999999999999999999", "-9223372036854775808.0000000000000000001"
        ),
        (
            "-9223372036854775808", "-0.000000000000000001",
            "-9223372036854775808.000000000000000001", "-9223372036854775807.999999999999999999"
        ),
    ])
    func mixedScaleFastPathBoundaries(a: String, b: String, sum: String, difference: String) throws {
        #expect(try (d(a) + d(b)).description == sum)
        #expect(try (d(b) + d(a)).description == sum)
        #expect(try (d(a) - d(b)).description == difference)
        #expect(try (d(b) - d(a)).description == (-d(difference)).description)
        #expect(d(a).compare(d(b)) == d(difference).sign && d(b).compare(d(a)) == -d(difference).sign)
    }

    @Test(arguments: [
        // (a, b, a × b)
        ("1.5", "0.20", "0.300"),
        ("-2", "0.5", "-1.0"),
        ("0", "-1.5", "0.0"),
        ("-0.5", "-0.5", "0.25"),
        ("25.5", "1", "25.5"),
        ("9223372036854775807", "9223372036854775807", "85070591730234615847396907784232501249"),
        ("-9223372036854775808", "-9223372036854775808", "85070591730234615865843651857942052864"),
        ("123456789012345678", "-98765432109876543210", "-12193263113702179433485749112223746380"),
        ("-0.5", "123456789012345678901234567890123456.7", "-61728394506172839450617283945061728.35"),
        ("10000000000000000000", "10000000000000000000", "overflow"),
        ("9999999999999999999", "10000000000000000000", "99999999999999999990000000000000000000"),
        ("0.0000000000000000001", "0.0000000000000000001", "0.00000000000000000000000000000000000001"),
        ("0.0000000000000000001", "0.00000000000000000001", "scale"),
        ("0.00000000000000000000", "0.0000000000000000000", "scale"),
        (max38, max38, "overflow"),
    ])
    func multiply(a: String, b: String, product: String) {
        let (x, y) = (d(a), d(b))
        #expect(result { try x.multiplied(by: y) } == product)
        #expect(result { try x * y } == product)
        #expect(result { try y * x } == product)
    }

    @Test func operatorsCombineUnderOneTry() throws {
        let price = d("58000.5")
        let size = d("0.002")
        let fee = d("0.06")
        #expect(try price * size + fee == d("116.061"))
        #expect(try (price * size + fee).description == "116.0610")
        #expect(try price - fee * size == d("58000.49988"))
    }

    @Test func compoundAssignmentLeavesTargetUnchangedOnError() throws {
        var total = d("10.5")
        try total += d("0.25")
        #expect(total.description == "10.75")
        try total -= d("0.75")
        #expect(total.description == "10.00")
        try total *= d("1.5")
        #expect(total.description == "15.000")

        var big = d(Self.max38)
        #expect(throws: DecimalError.self) { try big += d("1") }
        #expect(throws: DecimalError.self) { try big *= d("2") }
        #expect(big == d(Self.max38))
    }

    @Test func negationAbsSignAndZero() {
        #expect((-d("1.50")).description == "-1.50")
        #expect((-d("-1.50")).description == "1.50")
        #expect((-d("0.00")).description == "0.00")
        #expect((-d("-" + Self.max38)).description == Self.max38)
        #expect(d("-2.5").abs.description == "2.5")
        #expect(d("2.5").abs.description == "2.5")
        #expect(d("-0.001").sign == -1)
        #expect(d("0.000").sign == 0)
        #expect(d("-0").sign == 0)
        #expect(d("0.001").sign == 1)
        #expect(d("0.00").isZero && d("-0").isZero && !d("0.01").isZero)
        #expect(d("-0.01").isNegative && !d("-0.00").isNegative)
    }

    @Test func sums() throws {
        #expect(try ExactDecimal.sum([]).description == "0")
        #expect(try ExactDecimal.sum([d("1.5"), d("2.25"), d("-0.75")]).description == "3.00")
        #expect(try [d("0.1"), d("0.2")].sum().description == "0.3")
        let error = #expect(throws: DecimalError.self) { try [d(Self.max38), d("1")].sum() }
        #expect(error?.code == .overflow)
    }

    @Test func integersAndLiterals() {
        #expect(ExactDecimal(Int.max).description == "9223372036854775807")
        #expect(ExactDecimal(Int.min).description == "-9223372036854775808")
        let five: ExactDecimal = 5
        #expect(five.scale == 0 && five == d("5.000"))
        #expect(ExactDecimal.zero.isZero && ExactDecimal.one == d("1.0"))
    }

    @Test func coefficientAndScaleInitializer() throws {
        #expect(try ExactDecimal(coefficient: 12345, scale: 2).description == "123.45")
        #expect(try ExactDecimal(coefficient: -5, scale: 38).scale == 38)
        let limit: Int128 = 100_000_000_000_000_000_000_000_000_000_000_000_000
        #expect(throws: DecimalError.self) { try ExactDecimal(coefficient: limit, scale: 0) }
        #expect(throws: DecimalError.self) { try ExactDecimal(coefficient: -limit, scale: 0) }
        #expect(throws: DecimalError.self) { try ExactDecimal(coefficient: 1, scale: 39) }
        #expect(throws: DecimalError.self) { try ExactDecimal(coefficient: 1, scale: -1) }
    }

    /// The result's text, `"overflow"`/`"scale"` for those errors, or the error's message.
    private func result(_ body: () throws -> ExactDecimal) -> String {
        do {
            return try body().description
        } catch let error as DecimalError where error.code == .overflow {
            return "overflow"
        } catch let error as DecimalError where error.code == .scaleTooLarge {
            return "scale"
        } catch {
            return "\(error)"
        }
    }
}
