import Testing

@testable import BybitWire

/// The writer copies a string that needs no escape at once and escapes the rest byte by
/// byte: both paths, short (inline) and long (heap) strings, must write what a parser
/// reads back as the same string, and members keep their order unless sorted.
@Suite struct JSONWriterStringTests {
    static let strings = [
        "", "plain", "60000.10", "a long string that is stored on the heap, not inline: 0123456789",
        "q\"uote", "back\\slash", "new\nline", "tab\there", "\u{01}control", "é multi-byte ✓ 😀",
        String(repeating: "x", count: 300) + "\"" + String(repeating: "y", count: 300),
    ]

    @Test func everyStringReadsBackTheSame() throws {
        let value = JSONValue.array(Self.strings.map { .string($0) })
        let text = value.serialized
        #expect(try JSONValue(parsing: text) == value, "\(text)")
        #expect(text.contains(#""q\"uote""#) && text.contains(#""back\\slash""#) && text.contains(#""\u0001control""#))
        #expect(text.contains(#""new\nline""#) && text.contains(#""tab\there""#) && text.contains("é multi-byte ✓ 😀"))
    }

    @Test func membersKeepTheirOrderUnlessSorted() {
        let object = JSONValue.object(JSONObject([("b", .string("1")), ("a", .int(2)), ("c\"", .bool(true))]))
        #expect(object.serialized == #"{"b":"1","a":2,"c\"":true}"#)
        #expect(object.description == #"{"a":2,"b":"1","c\"":true}"#)
    }
}
