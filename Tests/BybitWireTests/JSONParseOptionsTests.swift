import Testing

@testable import BybitWire

/// The options where a client reading replies and an exchange reading requests differ,
/// and the order and number text both sides rely on.
@Suite struct JSONParseOptionsTests {
    @Test func aDuplicateKeyIsRefusedForRequestsAndLastWinsForReplies() throws {
        let text = #"{"margin":"10","symbol":"BTCUSDT","margin":"20"}"#
        do {
            _ = try JSONValue(parsing: text, options: .requests)
            Issue.record("a duplicated key was accepted")
        } catch {
            #expect(error.reason == #"duplicate key "margin""#)
            #expect(error.offset == 34)  // the second "margin"
        }
        let reply = try JSONValue(parsing: text, options: .replies)
        #expect(reply["margin"] == .string("20"))
        #expect(reply.objectMembers?.keys == ["margin", "symbol"])  // the first place, the last value
    }

    @Test func theDepthLimitIsAnOption() throws {
        func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        #expect(try JSONValue(parsing: nested(32), options: .requests) == JSONValue(parsing: nested(32)))
        #expect(throws: JSONValue.ParseError(offset: 32, reason: "JSON nested too deeply")) {
            try JSONValue(parsing: nested(33), options: .requests)
        }
        #expect((try? JSONValue(parsing: nested(256), options: .replies)) != nil)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: nested(257), options: .replies) }
        let tight = JSONValue.ParseOptions(duplicateKeys: .lastWins, maxDepth: 2, rejectInvalidUTF8: false)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: "[[[]]]", options: tight) }
        #expect(try JSONValue(parsing: "[[]]", options: tight) == .array([.array([])]))
    }

    @Test func invalidUTF8IsRefusedForRequestsAndReplacedForReplies() throws {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0x61, 0x5C, 0x6E, 0xC0, 0x80, 0x22]] {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: bytes, options: .requests) }
            do { _ = try JSONValue(parsing: bytes, options: .requests) } catch {
                #expect(error.reason == "string is not valid UTF-8")
            }
            let replaced = try JSONValue(parsing: bytes, options: .replies)
            #expect(replaced.stringValue?.contains("\u{FFFD}") == true)
        }
    }

    @Test func objectsKeepTheirOrderAndCompareWhateverTheOrder() throws {
        let v = try JSONValue(parsing: #"{"z":1,"a":{"y":2.50,"b":-0},"m":[]}"#)
        #expect(v.objectMembers?.keys == ["z", "a", "m"])
        #expect(v.serialized == #"{"z":1,"a":{"y":2.50,"b":0},"m":[]}"#)
        #expect(v.description == #"{"a":{"b":0,"y":2.50},"m":[],"z":1}"#)
        #expect(v == .object([("m", .array([])), ("a", .object(["b": 0, "y": .number("2.50")])), ("z", 1)]))
        #expect(Set([v, try JSONValue(parsing: #"{"m":[],"a":{"b":0,"y":2.50},"z":1}"#)]).count == 1)
    }

    @Test func numbersFromTextAreIntegersOnlyWhenTheyFitAndHaveNoFractionOrExponent() {
        #expect(JSONValue.number("42") == .int(42))
        #expect(JSONValue.number("1.0") == .double(1, text: "1.0"))
        #expect(JSONValue.number("1e2") == .double(100, text: "1e2"))
        #expect(JSONValue.number("9223372036854775808").intValue == nil)
        #expect(JSONValue.number("9223372036854775808").numberText == "9223372036854775808")
    }

    @Test func membersCanBeSetReplacedAndRemoved() {
        var o: JSONObject = ["a": 1, "b": 2, "c": 3]
        o["b"] = nil
        o["a"] = "x"
        o["d"] = .null
        #expect(o.keys == ["a", "c", "d"])
        #expect(o["c"] == 3 && o["a"] == "x" && o["b"] == nil)
    }
}
