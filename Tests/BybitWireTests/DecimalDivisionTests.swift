import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// Division to a stated scale, and Lua's `//` and `%`.
@Suite struct DecimalDivisionTests {
    /// Expected values from Python: the exact quotient (`fractions.Fraction`) rounded to the
    /// scale with `Decimal.quantize(…, rounding=ROUND_…)`.
    @Test(arguments: [
        // (a, b, scale, results for down, up, halfUp, halfEven, floor, ceiling)
        ("1", "3", 4, ["0.3333", "0.3334", "0.3333", "0.3333", "0.3333", "0.3334"]),
        ("-1", "3", 4, ["-0.3333", "-0.3334", "-0.3333", "-0.3333", "-0.3334", "-0.3333"]),
        ("2", "3", 4, ["0.6666", "0.6667", "0.6667", "0.6667", "0.6666", "0.6667"]),
        ("2", "-3", 4, ["-0.6666", "-0.6667", "-0.6667", "-0.6667", "-0.6667", "-0.6666"]),
        ("1", "8", 2, ["0.12", "0.13", "0.13", "0.12", "0.12", "0.13"]),
        ("-1", "8", 2, ["-0.12", "-0.13", "-0.13", "-0.12", "-0.13", "-0.12"]),
        ("3", "8", 2, ["0.37", "0.38", "0.38", "0.38", "0.37", "0.38"]),
        ("5", "2", 0, ["2", "3", "3", "2", "2", "3"]),
        ("7", "-2", 0, ["-3", "-4", "-4", "-4", "-4", "-3"]),
        ("1", "4", 4, ["0.2500", "0.2500", "0.2500", "0.2500", "0.2500", "0.2500"]),
        ("10", "4", -1, ["0", "10", "0", "0", "0", "10"]),
        ("-10", "4", -1, ["0", "-10", "0", "0", "-10", "0"]),
        (
            "1812.70004844", "0.002", 8,
            [
                "906350.02422000", "906350.02422000", "906350.02422000",
                "906350.02422000", "906350.02422000", "906350.02422000",
            ]
        ),
        ("0.0001", "7", 2, ["0.00", "0.01", "0.00", "0.00", "0.00", "0.01"]),
        ("-0.0001", "7", 2, ["0.00", "-0.01", "0.00", "0.00", "-0.01", "0.00"]),
        ("100", "0.0003", 0, ["333333", "333334", "333333", "333333", "333333", "333334"]),
        ("0", "-7", 3, ["0.000", "0.000", "0.000", "0.000", "0.000", "0.000"]),
    ])
    func dividesLikePython(a: String, b: String, scale: Int, expected: [String]) throws {
        let modes: [RoundingMode] = [.down, .up, .halfUp, .halfEven, .floor, .ceiling]
        for (mode, want) in zip(modes, expected) {
            let quotient = try d(a).divided(by: d(b), scale: scale, rounding: mode)
            #expect(quotient.description == want, "\(a) / \(b) at \(scale), \(mode)")
        }
    }

    @Test func fullPrecisionQuotients() throws {
        #expect(
            try d("1").divided(by: d("3"), scale: 38).description
                == "0." + String(repeating: "3", count: 38))
        #expect(
            try d("-2").divided(by: d("3"), scale: 38, rounding: .halfUp).description
                == "-0." + String(repeating: "6", count: 37) + "7")
        // c1 × 10^36 needs a 256-bit intermediate; the quotient has 38 digits.
        let three = d("3.000000000000000000")
        #expect(
            try d("98765432109876543210").divided(by: three, scale: 18).description
                == "32921810703292181070.000000000000000000")
        #expect(
            try d("98765432109876543211").divided(by: three, scale: 18).description
                == "32921810703292181070.333333333333333333")
        #expect(try d("1").divided(by: d("7"), scale: 0, rounding: .ceiling).description == "1")
    }

    @Test(arguments: [
        ("99999999999999999999999999999999999999", "0.1", 0),
        ("10", "3", 38),
        ("1", "0.00000000000000000000000000000000000001", 0),
        ("1", "0.00000000000000000000000000000000000001", -1),
        ("99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001", 38),
    ])
    func quotientOverflowIsAnError(a: String, b: String, scale: Int) {
        let error = #expect(throws: DecimalError.self) {
            try d(a).divided(by: d(b), scale: scale, rounding: .down)
        }
        #expect(error?.code == .overflow)
    }

    @Test func divisionByZeroAndBadScale() {
        for zero in ["0", "0.000", "-0"] {
            let slash = #expect(throws: DecimalError.self) { try d("1.5").divided(by: d(zero), scale: 2) }
            #expect(slash?.code == .divisionByZero)
            #expect(slash?.description == "decimal division by zero: 1.5 / \(d(zero))")
            let floor = #expect(throws: DecimalError.self) { try d("1.5").floorDivided(by: d(zero)) }
            #expect(floor?.description == "decimal division by zero: 1.5 // \(d(zero))")
            let modulo = #expect(throws: DecimalError.self) { try d("1.5").floorModulo(d(zero)) }
            #expect(modulo?.description == "decimal division by zero: 1.5 % \(d(zero))")
        }
        let scale = #expect(throws: DecimalError.self) { try d("1").divided(by: d("3"), scale: 39) }
        #expect(scale?.code == .invalidArgument)
    }

    /// Lua's results (`lua5.4 -e 'print(a // b, a % b)'`; exact where floats are exact) and
    /// Python's `fractions` for the rest.
    @Test(arguments: [
        // (a, b, a // b, a % b)
        ("7", "2", "3", "1"),
        ("-7", "2", "-4", "1"),
        ("7", "-2", "-4", "-1"),
        ("-7", "-2", "3", "-1"),
        ("5.5", "2", "2", "1.5"),
        ("-5.5", "2", "-3", "0.5"),
        ("7.5", "0.5", "15", "0.0"),
        ("7", "-2.5", "-3", "-0.5"),
        ("-0.5", "1", "-1", "0.5"),
        ("0", "-3", "0", "0"),
        ("-7.25", "-0.5", "14", "-0.25"),
        ("0.0000000001", "-1", "-1", "-0.9999999999"),
        ("-12.345", "0.1", "-124", "0.055"),
        (
            "99999999999999999999999999999999999999", "0.00000000000000000000000000000000000003",
            "overflow", "0.00000000000000000000000000000000000000"
        ),
        (
            "99999999999999999999999999999999999999", "0.00000000000000000000000000000000000007",
            "overflow", "0.00000000000000000000000000000000000002"
        ),
        (
            "0.00000000000000000000000000000000000001", "99999999999999999999999999999999999999",
            "0", "0.00000000000000000000000000000000000001"
        ),
        (
            "0.00000000000000000000000000000000000001", "-99999999999999999999999999999999999999",
            "-1", "overflow"
        ),
    ])
    func floorDivisionAndModuloFollowLua(a: String, b: String, quotient: String, remainder: String) throws {
        let (x, y) = (d(a), d(b))
        #expect(textOrOverflow { try x.floorDivided(by: y) } == quotient)
        #expect(textOrOverflow { try x.floorModulo(y) } == remainder)
        if let q = try? x.floorDivided(by: y), let r = try? x.floorModulo(y) {
            #expect(q.scale == 0)
            #expect(r.sign == 0 || r.sign == y.sign)
            #expect(try q * y + r == x)  // a == (a // b) * b + a % b
        }
    }

    private func textOrOverflow(_ body: () throws -> ExactDecimal) -> String {
        do {
            return try body().description
        } catch let error as DecimalError where error.code == .overflow {
            return "overflow"
        } catch {
            return "\(error)"
        }
    }
}
