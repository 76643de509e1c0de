import Testing

@testable import BybitWire

/// Strict parsing: the accepted grammar, kept scales, and every rejected form.
@Suite struct DecimalParsingTests {
    @Test(arguments: [
        // (input, printed, scale)
        ("0", "0", 0),
        ("10.50", "10.50", 2),
        ("-10.50", "-10.50", 2),
        ("+3", "3", 0),
        ("007", "7", 0),
        ("0.00000001", "0.00000001", 8),
        ("1812.70004844", "1812.70004844", 8),
        ("1e2", "100", 0),
        ("1E2", "100", 0),
        ("1e+20", "100000000000000000000", 0),
        ("1e-05", "0.00001", 5),
        ("1.5e-3", "0.0015", 4),
        ("1.25e1", "12.5", 1),
        ("1.25e2", "125", 0),
        ("1000e-2", "10.00", 2),
        ("-0", "0", 0),
        ("-0.00", "0.00", 2),
        ("0e400", "0", 0),
        ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999", 0),
        ("-99999999999999999999999999999999999999", "-99999999999999999999999999999999999999", 0),
        ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001", 38),
        ("0.99999999999999999999999999999999999999", "0.99999999999999999999999999999999999999", 38),
        ("000000000000000000000000000000000000000000001.5", "1.5", 1),
        ("1e37", "10000000000000000000000000000000000000", 0),
        ("1e-38", "0.00000000000000000000000000000000000001", 38),
    ])
    func acceptsAndKeepsScale(input: String, printed: String, scale: Int) throws {
        let value = try ExactDecimal(parsing: input)
        #expect(value.description == printed)
        #expect(value.scale == scale)
        // The generic (Substring) and byte entry points agree with the String one.
        let viaSubstring = try ExactDecimal(parsing: input[...])
        let viaBytes = try Array(input.utf8).withUnsafeBytes { try ExactDecimal(parsingUTF8: $0) }
        #expect(viaSubstring.coefficient == value.coefficient && viaSubstring.scale == scale)
        #expect(viaBytes.coefficient == value.coefficient && viaBytes.scale == scale)
    }

    @Test(arguments: [
        "", " ", ".", ".5", "5.", "+", "-", "+-1", "--1", "1,5", "0.1x", " 1", "1 ", "1\n",
        "1_000", "0x10", "1.2.3", "1e", "1e+", "e5", "1.e5", ".1e5", "1e5.5", "NaN", "nan",
        "inf", "-inf", "Infinity", "١", "１", "1\u{0}", "\u{0}", "1/2", "½",
    ])
    func rejectsSyntax(input: String) {
        let error = #expect(throws: DecimalError.self) { try ExactDecimal(parsing: input) }
        #expect(error?.code == .invalidSyntax)
        let viaSubstring = #expect(throws: DecimalError.self) { try ExactDecimal(parsing: input[...]) }
        #expect(viaSubstring == error)
        let viaBytes = #expect(throws: DecimalError.self) {
            try Array(input.utf8).withUnsafeBytes { try ExactDecimal(parsingUTF8: $0) }
        }
        #expect(viaBytes == error)
    }

    @Test(arguments: [
        ("999999999999999999999999999999999999999", DecimalError.Code.tooManyDigits),
        ("100000000000000000000000000000000000000", .tooManyDigits),
        ("1.00000000000000000000000000000000000000", .tooManyDigits),  // 39 digits
        ("1e38", .tooManyDigits),
        ("1e400", .tooManyDigits),
        ("-1e400", .tooManyDigits),
        ("1e99999999999999999999999", .tooManyDigits),
        ("1e-39", .scaleTooLarge),
        ("0.000000000000000000000000000000000000001", .scaleTooLarge),
        ("0e-400", .scaleTooLarge),
        ("1e-99999999999999999999999", .scaleTooLarge),
    ])
    func rejectsValuesThatDoNotFit(input: String, code: DecimalError.Code) {
        let error = #expect(throws: DecimalError.self) { try ExactDecimal(parsing: input) }
        #expect(error?.code == code)
    }

    @Test func leadingZerosDoNotCountAsDigits() throws {
        let value = try ExactDecimal(parsing: "0000" + String(repeating: "9", count: 38))
        #expect(value.coefficient == 99_999_999_999_999_999_999_999_999_999_999_999_999)
    }

    @Test func parsesSubstringsAndBytes() throws {
        let line = "margin=25.5;"
        let start = line.index(line.startIndex, offsetBy: 7)
        let end = line.index(before: line.endIndex)
        #expect(try ExactDecimal(parsing: line[start..<end]).description == "25.5")

        let bytes: [UInt8] = Array("-0.0015".utf8)
        let parsed = try bytes.withUnsafeBytes { try ExactDecimal(parsingUTF8: $0) }
        #expect(parsed.description == "-0.0015")
        let invalid: [UInt8] = [0x31, 0xFF]  // "1" followed by a non-UTF-8 byte
        let error = #expect(throws: DecimalError.self) {
            try invalid.withUnsafeBytes { try ExactDecimal(parsingUTF8: $0) }
        }
        #expect(error?.code == .invalidSyntax)
        #expect(throws: DecimalError.self) {
            try ExactDecimal(parsingUTF8: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    @Test func losslessStringConvertible() {
        #expect(ExactDecimal("10.50")?.description == "10.50")
        #expect(ExactDecimal("1,5") == nil)
        #expect(ExactDecimal("") == nil)
    }

    @Test(arguments: [
        "0", "-1", "10.50", "0.0015", "123456789012345678901234567890.12345678",
        "-0.00000000000000000000000000000000000001",
    ])
    func descriptionParsesBackToSameValueAndScale(input: String) throws {
        let value = try ExactDecimal(parsing: input)
        let again = try ExactDecimal(parsing: value.description)
        #expect(again.coefficient == value.coefficient)
        #expect(again.scale == value.scale)
    }
}
