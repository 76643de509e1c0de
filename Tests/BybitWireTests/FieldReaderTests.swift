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
}
