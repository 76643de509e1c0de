import Testing

@testable import BybitWire

/// The response parser keeps every number's text and rejects anything RFC 8259 does not allow.
@Suite struct JSONValueTests {
    @Test func numbersKeepTheirOriginalText() throws {
        let v = try JSONValue(
            parsing: #"{"a":10,"b":-0,"c":1.50,"d":1e3,"e":12345678901234567890,"f":-9223372036854775808}"#)
        #expect(v["a"] == .int(10))
        #expect(v["b"] == .int(0))
        #expect(v["c"] == .double(1.5, text: "1.50"))
        #expect(v["d"] == .double(1000, text: "1e3"))
        // Beyond Int64: not rounded into an Int, the text survives for an exact decimal.
        if case .double(_, let text) = v["e"] {
            #expect(text == "12345678901234567890")
        } else {
            Issue.record("e: \(String(describing: v["e"]))")
        }
        #expect(v["f"] == .int(Int64.min))
    }

    @Test func stringsUnescapeIncludingSurrogatePairs() throws {
        let v = try JSONValue(parsing: #"["plain","q\"b\\s\/n\nt\tu\u00e9","\ud83d\ude00",""]"#)
        #expect(v == .array([.string("plain"), .string("q\"b\\s/n\nt\tu\u{e9}"), .string("\u{1F600}"), .string("")]))
    }

    @Test func literalsAndNesting() throws {
        let v = try JSONValue(parsing: " {\"t\":true,\"f\":false,\"n\":null,\"o\":{\"a\":[1,[2,{}]]}} \n")
        #expect(v["t"] == .bool(true))
        #expect(v["f"] == .bool(false))
        #expect(v["n"] == .null)
        #expect(v["o"]?["a"] == .array([.int(1), .array([.int(2), .object([:])])]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul",
        "\"unterminated", "\"tab\there\"", "\"bad \\x escape\"", "\"\\ud800\"", "{\"a\" 1}", "{1:2}",
        "[1 2]", "{} x", "NaN", "'single'",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func nestingIsCapped() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONValue(parsing: ok)) != nil)
    }

    @Test func descriptionWritesCompactJSONWithOriginalNumbers() throws {
        let text = #"{"b":[1,2.50,"x\"y"],"a":null}"#
        #expect(try JSONValue(parsing: text).description == #"{"a":null,"b":[1,2.50,"x\"y"]}"#)
    }

    @Test func writerEscapesControlCharacters() {
        var w = JSONWriter()
        w.beginObject()
        w.member("k", "a\u{01}b\"c")
        w.member("n", 3)
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"k":"a\u0001b\"c","n":3}"#)
    }
}
