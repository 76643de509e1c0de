import Testing

@testable import PaperExchange

/// The strict JSON parser and the raw query-string reader behind every 10001.
@Suite struct WireParsingTests {
    func parse(_ text: String) throws(JSONParser.Failure) -> JSONNode { try JSONParser.parse(Array(text.utf8)) }

    @Test func numbersKeepTheirTextAndStringsStayStrings() throws {
        let v = try parse(
            #"{"a": 10.50, "b": "10.50", "c": -0, "d": 1e-5, "e": [true, null], "f": "\u00e9\ud83d\ude00\n"}"#)
        #expect(v["a"] == .number("10.50"))
        #expect(v["b"] == .string("10.50"))
        #expect(v["c"] == .number("-0"))
        #expect(v["d"] == .number("1e-5"))
        #expect(v["e"] == .array([.bool(true), .null]))
        #expect(v["f"] == .string("é😀\n"))
        #expect(v.objectMembers?.map(\.0) == ["a", "b", "c", "d", "e", "f"])  // order kept
    }

    @Test func malformedDocumentsAreRefusedWithAReason() {
        let cases: [(String, String)] = [
            ("", "unexpected end of JSON"),
            ("{", "expected a string key"),
            (#"{"a":1,}"#, "expected a string key"),
            (#"{"a" 1}"#, "expected ':'"),
            (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
            (#"{"a":01}"#, "expected ',' or '}'"),
            (#"{"a":1.}"#, "digits must follow '.'"),
            (#"{"a":.5}"#, "unexpected character"),
            (#"{"a":NaN}"#, "unexpected character"),
            (#"{"a":tru}"#, "invalid literal"),
            (#"{"a":"x"#, "unterminated string"),
            ("{\"a\":\"\u{01}\"}", "control character"),
            (#"{"a":"\x"}"#, "invalid escape"),
            (#"{"a":"\ud800"}"#, "unpaired surrogate"),
            (#"{"a":1,"a":2}"#, "duplicate key \"a\""),
            ("[1] [2]", "unexpected data after the JSON value"),
            (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), "nested too deeply"),
        ]
        for (text, reason) in cases {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try parse(text) }
            do { _ = try parse(text) } catch { #expect(error.message.contains(reason), "\(text) → \(error)") }
        }
        // Invalid UTF-8 inside a string.
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func writerRoundTrips() throws {
        let text = #"{"retCode":0,"retMsg":"OK","result":{"list":[{"s":"a\"b\\c\u0001","n":1.50,"b":false,"z":null}]}}"#
        #expect(try parse(text).serialized == text)
    }

    @Test func queryStringsAreDecodedAndDuplicatesRefused() throws {
        #expect(try QueryString.parse("category=linear&symbol=BTCUSDT") == ["category": "linear", "symbol": "BTCUSDT"])
        #expect(
            try QueryString.parse("coin=USDT%2CBTC&x=a+b&empty=&&") == ["coin": "USDT,BTC", "x": "a b", "empty": ""])
        #expect(try QueryString.parse("") == [:])
        #expect(throws: PaperAPIError.self) { try QueryString.parse("a=1&a=2") }
        #expect(throws: PaperAPIError.self) { try QueryString.parse("a=%zz") }
        #expect(throws: PaperAPIError.self) { try QueryString.parse("=1") }
        #expect(throws: PaperAPIError.self) { try QueryString.parse("a=%ff") }
    }

    @Test func amountsAndPricesFormatLikeBybit() {
        #expect(Format.amount(dec("6000.00000000")) == "6000")
        #expect(Format.amount(dec("0.016666666666")) == "0.01666667")
        #expect(Format.amount(dec("-0.000000001")) == "0")
        #expect(Format.price(dec("54300"), scale: 2) == "54300.00")
        #expect(Format.price(nil, scale: 2) == "")
    }
}
