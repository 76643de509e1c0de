/// A strict RFC 8259 parser from UTF-8 bytes to ``JSONValue``.
///
/// Hand-written rather than Foundation's because both readers need every number's
/// original text (a `Double` has already lost `"0.10"` vs `"0.1"`) and the exchange must
/// see a duplicated key, which a dictionary-based decoder silently drops. Strict: no
/// trailing commas, no leading zeros, no comments, control characters in strings
/// rejected, only whitespace after the value. ``JSONValue/ParseOptions`` decides the rest.
/// Only valid inside the `withUnsafeBytes` that produced its buffer.
struct JSONScanner {
    typealias Failure = JSONValue.ParseError

    let buf: UnsafeBufferPointer<UInt8>
    let options: JSONValue.ParseOptions
    var i = 0

    init(_ buf: UnsafeBufferPointer<UInt8>, options: JSONValue.ParseOptions) {
        self.buf = buf
        self.options = options
    }

    var atEnd: Bool { i >= buf.count }

    private var peek: UInt8? { i < buf.count ? buf[i] : nil }

    func fail(_ reason: String) -> Failure { Failure(offset: i, reason: reason) }

    mutating func skipWhitespace() {
        while i < buf.count, buf[i] == 0x20 || buf[i] == 0x0A || buf[i] == 0x0D || buf[i] == 0x09 { i += 1 }
    }

    mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < options.maxDepth else { throw fail("JSON nested too deeply") }
        guard let b = peek else { throw fail("unexpected end of JSON") }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(b)))'")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard buf.count - i >= n else { throw fail("invalid literal") }
        for k in 0..<n where buf[i + k] != word.utf8Start[k] { throw fail("invalid literal") }
        i += n
        return value
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        i += 1  // {
        var members = JSONObject()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = i
            let key = try string()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after key") }
            i += 1
            skipWhitespace()
            let member = try value(depth: depth + 1)
            if options.duplicateKeys == .reject {
                guard members.appendIfAbsent(member, forKey: key) else {
                    throw Failure(offset: keyStart, reason: "duplicate key \"\(key)\"")
                }
            } else {
                members.updateValue(member, forKey: key)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1
                return .object(members)
            default: throw fail("expected ',' or '}' in object")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        i += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1
                return .array(items)
            default: throw fail("expected ',' or ']' in array")
            }
        }
    }

    /// A number; after a leading `0` the number ends, so `01` fails on the `1` that follows.
    private mutating func number() throws(Failure) -> JSONValue {
        let start = i
        if buf[i] == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, isDigit(first) else { throw fail("invalid number") }
        i += 1
        if first != UInt8(ascii: "0") { while let b = peek, isDigit(b) { i += 1 } }
        var integral = true
        if peek == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard let b = peek, isDigit(b) else { throw fail("invalid number: digits must follow '.'") }
            while let b = peek, isDigit(b) { i += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integral = false
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard let b = peek, isDigit(b) else { throw fail("invalid number exponent") }
            while let b = peek, isDigit(b) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        return .double(Double(text) ?? .nan, text: text)
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        guard options.rejectInvalidUTF8 else { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
        return s
    }

    private mutating func string() throws(Failure) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes, which is nearly every string on the wire.
        while let b = peek {
            if b == UInt8(ascii: "\"") {
                i += 1
                return try text(UnsafeBufferPointer(rebasing: buf[start..<(i - 1)]))
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: buf[start..<i]))
        while true {
            guard let b = peek else { throw fail("unterminated string") }
            i += 1
            switch b {
            case UInt8(ascii: "\""): return try out.withUnsafeBufferPointer { bytes throws(Failure) in try text(bytes) }
            case UInt8(ascii: "\\"): try escape(into: &out)
            case 0..<0x20: throw fail("control character in string")
            default: out.append(b)
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        guard let e = peek else { throw fail("unterminated escape") }
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): out.append(contentsOf: UTF8.encode(try unicodeEscape())!)
        default: throw fail("invalid escape")
        }
    }

    /// The 4 hex digits after `\u`, and the low surrogate that must follow a high one.
    private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard buf.count - i >= 2, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate in string")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw fail("unpaired surrogate in string")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
        return u
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard buf.count - i >= 4 else { throw fail("invalid unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
