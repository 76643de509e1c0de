extension JSONValue {
    /// Why parsing failed and at which byte offset.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The byte offset where the problem was found.
        public let offset: Int
        /// What was wrong.
        public let reason: String
        /// `reason at byte N`.
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Parses one JSON document from UTF-8 bytes (strict RFC 8259; see `JSONParser`).
    /// - Throws: ``ParseError`` if `bytes` is not exactly one valid JSON value.
    public init(parsing bytes: some Collection<UInt8>) throws(ParseError) {
        let array = Array(bytes)
        // `withUnsafeBytes` is untyped-rethrows, so carry the typed error out in a Result.
        let result = array.withUnsafeBytes { raw in Result { () throws(ParseError) in try JSONParser.parse(raw) } }
        self = try result.get()
    }

    /// Parses one JSON document from text.
    /// - Throws: ``ParseError`` if `text` is not exactly one valid JSON value.
    public init(parsing text: String) throws(ParseError) {
        try self.init(parsing: Array(text.utf8))
    }
}

/// A strict RFC 8259 parser from UTF-8 bytes to ``JSONValue``.
///
/// Hand-written rather than `JSONDecoder` because the Lua layer needs every number's
/// original text (a `Double` would already have lost `"0.10"` vs `"0.1"`), and one pass
/// into a tree serves both the raw view and the typed structs, which are read from it.
/// Strict: no trailing commas, no leading zeros, no comments, control characters in
/// strings rejected, only whitespace after the value; nesting is capped so a hostile
/// reply cannot exhaust the stack. Invalid UTF-8 inside strings is replaced by U+FFFD.
enum JSONParser {
    typealias Failure = JSONValue.ParseError

    static let maxDepth = 256

    /// Parses one JSON document in place, without copying the bytes.
    static func parse(_ raw: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var parser = Cursor(raw.assumingMemoryBound(to: UInt8.self))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.fail("unexpected data after the JSON value") }
        return value
    }
}

/// The parser's position in the buffer; only valid inside `withUnsafeBufferPointer`.
private struct Cursor {
    let buf: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    var atEnd: Bool { i >= buf.count }

    func fail(_ reason: String) -> JSONParser.Failure { JSONParser.Failure(offset: i, reason: reason) }

    mutating func skipWhitespace() {
        while i < buf.count, buf[i] == 0x20 || buf[i] == 0x0A || buf[i] == 0x0D || buf[i] == 0x09 { i += 1 }
    }

    mutating func expect(_ literal: StaticString, _ value: JSONValue) throws(JSONParser.Failure) -> JSONValue {
        let n = literal.utf8CodeUnitCount
        guard buf.count - i >= n else { throw fail("invalid literal") }
        for k in 0..<n where buf[i + k] != literal.utf8Start[k] { throw fail("invalid literal") }
        i += n
        return value
    }

    mutating func value(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw fail("nesting too deep") }
        guard i < buf.count else { throw fail("unexpected end of input") }
        switch buf[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func object(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        i += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipWhitespace()
            members[key] = try value(depth: depth + 1)
            skipWhitespace()
            guard i < buf.count else { throw fail("unterminated object") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func array(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        i += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard i < buf.count else { throw fail("unterminated array") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func number() throws(JSONParser.Failure) -> JSONValue {
        let start = i
        if buf[i] == UInt8(ascii: "-") { i += 1 }
        guard i < buf.count, isDigit(buf[i]) else { throw fail("invalid number") }
        if buf[i] == UInt8(ascii: "0") {
            i += 1
            if i < buf.count, isDigit(buf[i]) { throw fail("leading zero in number") }
        } else {
            while i < buf.count, isDigit(buf[i]) { i += 1 }
        }
        var integral = true
        if i < buf.count, buf[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < buf.count, isDigit(buf[i]) else { throw fail("invalid fraction") }
            while i < buf.count, isDigit(buf[i]) { i += 1 }
        }
        if i < buf.count, buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < buf.count, buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-") { i += 1 }
            guard i < buf.count, isDigit(buf[i]) else { throw fail("invalid exponent") }
            while i < buf.count, isDigit(buf[i]) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        return .double(Double(text) ?? .nan, text: text)
    }

    mutating func string() throws(JSONParser.Failure) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes, which is every field Bybit sends in practice.
        while i < buf.count {
            let b = buf[i]
            if b == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: buf[start..<i]))
        while i < buf.count {
            let b = buf[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < buf.count else { break }
            let e = buf[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): appendScalar(try unicodeEscape(), to: &out)
            default: i -= 1; throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    /// Reads the 4 hex digits after `\u` (and a following low surrogate when needed).
    mutating func unicodeEscape() throws(JSONParser.Failure) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard buf.count - i >= 6, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw fail("unpaired surrogate") }
        return scalar
    }

    mutating func hex4() throws(JSONParser.Failure) -> UInt32 {
        guard buf.count - i >= 4 else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
