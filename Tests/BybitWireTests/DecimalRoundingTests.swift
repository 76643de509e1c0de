import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// `rounded(scale:mode:)` and `quantized(step:mode:)`. Expected values come from Python:
/// `Decimal(v).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_…)`.
@Suite struct DecimalRoundingTests {
    static let modes: [RoundingMode] = [.down, .up, .halfUp, .halfEven, .floor, .ceiling]

    @Test(arguments: [
        // (value, scale, results for down, up, halfUp, halfEven, floor, ceiling)
        ("2.5", 0, ["2", "3", "3", "2", "2", "3"]),
        ("-2.5", 0, ["-2", "-3", "-3", "-2", "-3", "-2"]),
        ("3.5", 0, ["3", "4", "4", "4", "3", "4"]),
        ("-3.5", 0, ["-3", "-4", "-4", "-4", "-4", "-3"]),
        ("2.51", 0, ["2", "3", "3", "3", "2", "3"]),
        ("-2.49", 0, ["-2", "-3", "-2", "-2", "-3", "-2"]),
        ("0.5", 0, ["0", "1", "1", "0", "0", "1"]),
        ("-0.5", 0, ["0", "-1", "-1", "0", "-1", "0"]),
        ("0.4", 0, ["0", "1", "0", "0", "0", "1"]),
        ("-0.4", 0, ["0", "-1", "0", "0", "-1", "0"]),
        ("1.005", 2, ["1.00", "1.01", "1.01", "1.00", "1.00", "1.01"]),
        ("-1.005", 2, ["-1.00", "-1.01", "-1.01", "-1.00", "-1.01", "-1.00"]),
        ("1.015", 2, ["1.01", "1.02", "1.02", "1.02", "1.01", "1.02"]),
        ("123.456", 2, ["123.45", "123.46", "123.46", "123.46", "123.45", "123.46"]),
        ("-123.456", 1, ["-123.4", "-123.5", "-123.5", "-123.5", "-123.5", "-123.4"]),
        ("1250", -2, ["1200", "1300", "1300", "1200", "1200", "1300"]),
        ("-1350", -2, ["-1300", "-1400", "-1400", "-1400", "-1400", "-1300"]),
        ("7", 0, ["7", "7", "7", "7", "7", "7"]),
        ("-0.00000001", 4, ["0.0000", "-0.0001", "0.0000", "0.0000", "-0.0001", "0.0000"]),
        ("0.00", 1, ["0.0", "0.0", "0.0", "0.0", "0.0", "0.0"]),
        ("1.5", 4, ["1.5000", "1.5000", "1.5000", "1.5000", "1.5000", "1.5000"]),
        ("0.99999999999999999999999999999999999999", 0, ["0", "1", "1", "1", "0", "1"]),
        ("0.00000000000000000000000000000000000001", -38, ["0", "overflow", "0", "0", "0", "overflow"]),
    ])
    func roundsLikePython(value: String, scale: Int, expected: [String]) {
        for (mode, want) in zip(Self.modes, expected) {
            let got: String
            do {
                got = try d(value).rounded(scale: scale, mode: mode).description
            } catch {
                got = error.code == .overflow ? "overflow" : "\(error)"
            }
            #expect(got == want, "\(value) rounded to \(scale) with \(mode)")
        }
    }

    @Test func defaultModeIsHalfEven() throws {
        #expect(try d("2.345").rounded(scale: 2).description == "2.34")
        #expect(try d("2.355").rounded(scale: 2).description == "2.36")
        #expect(try d("0.125").quantized(step: d("0.25")).description == "0.00")
    }

    @Test func roundingErrors() throws {
        let big = d("99999999999999999999999999999999999999")
        #expect((try? big.rounded(scale: 0))?.description == big.description)
        let padding = #expect(throws: DecimalError.self) { try big.rounded(scale: 1) }
        #expect(padding?.code == .overflow)
        let carry = #expect(throws: DecimalError.self) {
            try big.rounded(scale: -1, mode: .up)  // 10^38: one digit too many
        }
        #expect(
            try d("9999999999999999999999999999999999999.9").rounded(scale: 0, mode: .up)
                .description == "10000000000000000000000000000000000000")
        #expect(carry?.code == .overflow)
        for scale in [39, -39, Int.max, Int.min] {
            let error = #expect(throws: DecimalError.self) { try d("1.5").rounded(scale: scale) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test(arguments: [
        // (value, [step 0.5: down, halfEven, ceiling; step 0.0001: …; step 1: …])
        ("1.23456", ["1.0", "1.0", "1.5", "1.2345", "1.2346", "1.2346", "1", "1", "2"]),
        ("-1.23456", ["-1.0", "-1.0", "-1.0", "-1.2345", "-1.2346", "-1.2345", "-1", "-1", "-1"]),
        ("101.3", ["101.0", "101.5", "101.5", "101.3000", "101.3000", "101.3000", "101", "101", "102"]),
        ("101.25", ["101.0", "101.0", "101.5", "101.2500", "101.2500", "101.2500", "101", "101", "102"]),
        ("-101.25", ["-101.0", "-101.0", "-101.0", "-101.2500", "-101.2500", "-101.2500", "-101", "-101", "-101"]),
        ("101.75", ["101.5", "102.0", "102.0", "101.7500", "101.7500", "101.7500", "101", "102", "102"]),
        ("0.00004", ["0.0", "0.0", "0.5", "0.0000", "0.0000", "0.0001", "0", "0", "1"]),
        ("-0.00005", ["0.0", "0.0", "0.0", "0.0000", "0.0000", "0.0000", "0", "0", "0"]),
        ("7.49999", ["7.0", "7.5", "7.5", "7.4999", "7.5000", "7.5000", "7", "7", "8"]),
        ("-7.5", ["-7.5", "-7.5", "-7.5", "-7.5000", "-7.5000", "-7.5000", "-7", "-8", "-7"]),
        ("-0.25", ["0.0", "0.0", "0.0", "-0.2500", "-0.2500", "-0.2500", "0", "0", "0"]),
    ])
    func quantizesToSteps(value: String, expected: [String]) throws {
        var results: [String] = []
        for step in ["0.5", "0.0001", "1"] {
            for mode in [RoundingMode.down, .halfEven, .ceiling] {
                let quantized = try d(value).quantized(step: d(step), mode: mode)
                #expect(quantized.scale == d(step).scale)
                results.append(quantized.description)
            }
        }
        #expect(results == expected)
    }

    @Test func quantizeToUnusualTicks() throws {
        #expect(try d("58003.7").quantized(step: d("2.5"), mode: .down).description == "58002.5")
        #expect(try d("58003.8").quantized(step: d("2.5"), mode: .halfUp).description == "58005.0")
        #expect(try d("0.123").quantized(step: d("0.05"), mode: .floor).description == "0.10")
        #expect(try d("-0.123").quantized(step: d("0.05"), mode: .floor).description == "-0.15")
        #expect(try d("1234").quantized(step: d("100"), mode: .halfEven).description == "1200")
    }

    @Test func quantizeRejectsNonPositiveStepsAndOverflow() {
        for step in ["0", "0.0000", "-0.5"] {
            let error = #expect(throws: DecimalError.self) { try d("1.5").quantized(step: d(step)) }
            #expect(error?.code == .invalidArgument)
        }
        let error = #expect(throws: DecimalError.self) {
            try d("99999999999999999999999999999999999999").quantized(step: d("0.1"))
        }
        #expect(error?.code == .overflow)
        #expect(error?.description.contains("quantized to step 0.1") == true)
    }

    @Test func roundingModeNamesAreTheLuaNames() {
        #expect(
            RoundingMode.allCases.map(\.rawValue)
                == ["down", "up", "half_up", "half_even", "floor", "ceiling"])
        #expect(RoundingMode(rawValue: "half_even") == .halfEven)
        #expect(RoundingMode(rawValue: "HALF_EVEN") == nil)
    }
}
