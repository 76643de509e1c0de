import Testing

@testable import BybitWire

/// Parses test data; a typo in the data is recorded as a test issue, not a crash.
private func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .zero
    }
}

/// Output text and error messages.
@Suite struct DecimalFormattingTests {
    @Test(arguments: [
        // (coefficient, scale, text)
        (Int128(0), 0, "0"),
        (0, 2, "0.00"),
        (5, 1, "0.5"),
        (-5, 3, "-0.005"),
        (1050, 2, "10.50"),
        (-1050, 2, "-10.50"),
        (1, 38, "0.00000000000000000000000000000000000001"),
        (
            -99_999_999_999_999_999_999_999_999_999_999_999_999, 0,
            "-99999999999999999999999999999999999999"
        ),
        (
            99_999_999_999_999_999_999_999_999_999_999_999_999, 38,
            "0.99999999999999999999999999999999999999"
        ),
        (12_345_678_901_234_567_890, 19, "1.2345678901234567890"),
        (10_000_000_000_000_000_000, 0, "10000000000000000000"),  // exactly 10^19
        (9_999_999_999_999_999_999, 0, "9999999999999999999"),
        (
            100_000_000_000_000_000_000_000_000_000_000_000, 0,
            "100000000000000000000000000000000000"
        ),  // a zero chunk below the first digits
    ])
    func printsPlainNotationKeepingScale(coefficient: Int128, scale: Int, text: String) throws {
        let value = try ExactDecimal(coefficient: coefficient, scale: scale)
        #expect(value.description == text)
        #expect("\(value)" == text)
        #expect(!value.description.contains("e"))
    }

    @Test func debugDescriptionShowsScale() {
        #expect(String(reflecting: d("10.50")) == "ExactDecimal(10.50, scale: 2)")
    }

    @Test func errorMessagesNameTheProblemAndTheInput() {
        func message(_ body: () throws -> Any) -> String {
            do {
                _ = try body()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(
            message { try ExactDecimal(parsing: "1,5") }
                == #"invalid decimal "1,5": expected [+-]digits[.digits][e[+-]digits], e.g. 12.5, -0.001 or 1e-5"#)
        #expect(message { try ExactDecimal(parsing: " 1") }.hasPrefix(#"invalid decimal " 1": "#))
        #expect(message { try ExactDecimal(parsing: "1\n") }.hasPrefix(#"invalid decimal "1\n": "#))
        #expect(
            message { try ExactDecimal(parsing: "1e400") }
                == #"decimal "1e400" needs 401 significant digits; at most 38 are supported"#)
        #expect(
            message { try ExactDecimal(parsing: "1e-39") }
                == #"decimal "1e-39" needs 39 digits after the point; at most 38 are supported"#)
        #expect(
            message { try ExactDecimal(exactly: .nan) }
                == "cannot make a decimal from the non-finite number nan")
        #expect(
            message { try d("99999999999999999999999999999999999999") + d("1") }
                == "decimal overflow: 99999999999999999999999999999999999999 + 1 needs more than 38 digits")
        #expect(
            message { try d("0.0000000001") * d("0.00000000000000000000000000001") }
                == "decimal result of 0.0000000001 * 0.00000000000000000000000000001 needs 39 digits "
                + "after the point; at most 38 are supported (round an operand first)")
        #expect(
            message { try d("1").divided(by: d("0.00"), scale: 2) }
                == "decimal division by zero: 1 / 0.00")
        #expect(message { try d("1").rounded(scale: 40) } == "rounding scale 40 is outside -38...38")
    }

    @Test func hugeInputsAreShortenedInMessages() {
        let huge = String(repeating: "1", count: 5000) + "x"
        let error = #expect(throws: DecimalError.self) { try ExactDecimal(parsing: huge) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("invalid decimal \"" + String(repeating: "1", count: 40) + "…\" (5001 characters)"))
        #expect(text.count < 200)

        let digits = #expect(throws: DecimalError.self) {
            try ExactDecimal(parsing: String(repeating: "9", count: 1000))
        }
        #expect(digits?.description.contains("(1000 characters) needs 1000 significant digits") == true)
    }

    @Test func errorsCompareByCodeAndMessage() {
        let a = DecimalError(.overflow, "x")
        #expect(a == DecimalError(.overflow, "x"))
        #expect(a != DecimalError(.overflow, "y"))
        #expect(a != DecimalError(.invalidSyntax, "x"))
        #expect(DecimalError.Code.divisionByZero.description == "division_by_zero")
    }
}
