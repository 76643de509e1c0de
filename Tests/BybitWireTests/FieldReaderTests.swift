import Testing

@testable import BybitWire

/// One field reader under the three conventions: Bybit's replies, a GET's query, a POST's body.
@Suite struct FieldReaderTests {
    let object: JSONObject = [
        "text": "BTCUSDT", "empty": "", "null": .null, "int": 42, "digits": "1700000000000",
        "price": .number("0.10"), "priceText": "0.10", "flag": 1, "yes": true, "list": .array([1, 2]),
    ]

    @Test func repliesReadNumbersFromTextAndEmptyAsNoNumber() throws {
        let r = FieldReader(object, convention: .replies)
        #expect(
            try r.string("text") == "BTCUSDT" && r.string("empty") == "" && r.string("null") == nil
                && r.string("absent") == nil)
        #expect(try r.integer("int") == 42 && r.integer("digits") == 1_700_000_000_000 && r.integer("empty") == nil)
        #expect(
            try r.numberText("price") == "0.10" && r.numberText("priceText") == "0.10" && r.numberText("empty") == nil)
        #expect(try r.bool("flag") == true && r.bool("yes") == true && r.bool("absent") == nil)
        #expect(try r.array("list") == [1, 2] && r.array("null") == [])
        #expect(throws: FieldError(key: "text", problem: .wrongType, expected: "an integer", found: "BTCUSDT")) {
            try r.integer("text")
        }
        #expect(throws: FieldError(key: "empty", problem: .missing, expected: "a non-empty string", found: "")) {
            try r.nonEmptyString("empty")
        }
        #expect(throws: FieldError(key: "int", problem: .wrongType, expected: "a string", found: 42)) {
            try r.nonEmptyString("int")
        }
    }

    @Test func aQueryIsAllTextAndAnEmptyValueIsAbsent() throws {
        let q = FieldReader(["symbol": "BTCUSDT", "limit": "50", "cursor": "", "bad": "5x"], convention: .query)
        #expect(try q.string("cursor") == nil && q.integer("cursor") == nil && q.integer("limit") == 50)
        #expect(throws: FieldError(key: "bad", problem: .wrongType, expected: "an integer", found: "5x")) {
            try q.integer("bad")
        }
        #expect(throws: FieldError(key: "cursor", problem: .missing, expected: "a non-empty string", found: "")) {
            try q.nonEmptyString("cursor")
        }
    }

    @Test func aBodyTakesTypesAsTheJSONSaysThem() throws {
        let b = FieldReader(object, convention: .body)
        #expect(try b.string("empty") == "" && b.integer("int") == 42)
        #expect(throws: FieldError(key: "digits", problem: .wrongType, expected: "an integer", found: "1700000000000"))
        { try b.integer("digits") }
        #expect(throws: FieldError(key: "price", problem: .wrongType, expected: "an integer", found: .number("0.10"))) {
            try b.integer("price")
        }
        #expect(throws: FieldError(key: "priceText", problem: .wrongType, expected: "a decimal", found: "0.10")) {
            try b.numberText("priceText")
        }
        #expect(FieldReader(.array([]), convention: .body) == nil)
    }

    @Test func filesTakeDecimalsAsTextOrNumbersButIntegersOnlyAsNumbers() throws {
        let f = FieldReader(object, convention: .files)
        #expect(
            try f.decimal("price") == ExactDecimal(parsing: "0.10") && f.decimal("priceText")?.description == "0.10")
        #expect(try f.decimal("int") == ExactDecimal(42) && f.requiredDecimal("digits") == 1_700_000_000_000)
        #expect(try f.integer("int") == 42)
        #expect(throws: FieldError(key: "digits", problem: .wrongType, expected: "an integer", found: "1700000000000"))
        { try f.integer("digits") }
        // "" is a decimal that does not parse here, not "no value" as in Bybit's replies.
        #expect(try FieldReader(object, convention: .replies).decimal("empty") == nil)
        #expect(throws: FieldError.self) { try f.decimal("empty") }
        #expect(throws: FieldError(key: "absent", problem: .missing, expected: "a decimal", found: nil)) {
            try f.requiredDecimal("absent")
        }
        #expect(throws: FieldError(key: "yes", problem: .wrongType, expected: "a decimal", found: true)) {
            try f.decimal("yes")
        }
    }

    @Test func aDecimalThatDoesNotParseSaysWhyAfterTheFieldsName() {
        let f = FieldReader(["size": "1,000", "n": "x"], convention: .files)
        do {
            _ = try f.decimal("size")
            Issue.record("1,000 read as a decimal")
        } catch {
            let why = ExactDecimalParseReason.of("1,000")
            #expect(!why.isEmpty)
            #expect(error.problem == .wrongType && error.detail == why && error.found == "1,000")
            #expect(error.description == "size: \(why)")
        }
        #expect(
            FieldError(key: "n", problem: .wrongType, expected: "an integer", found: "x").description
                == "n must be an integer")
    }

    @Test func listsOfStringsAndUnknownMembers() throws {
        let f = FieldReader(
            ["paths": .array(["/a", "/b"]), "mixed": .array(["/a", 1]), "typo": 1], convention: .body)
        #expect(try f.strings("paths") == ["/a", "/b"] && f.strings("absent") == [])
        #expect(
            throws: FieldError(
                key: "mixed", problem: .wrongType, expected: "an array of strings", found: .array(["/a", 1]))
        ) { try f.strings("mixed") }
        #expect(f.unknownKeys(["paths", "mixed"]) == ["typo"] && f.unknownKeys(["paths", "mixed", "typo"]) == [])
    }
}

/// The one line `ExactDecimal(parsing:)` refuses `text` with.
enum ExactDecimalParseReason {
    static func of(_ text: String) -> String {
        do {
            _ = try ExactDecimal(parsing: text)
            return ""
        } catch { return error.description }
    }
}
