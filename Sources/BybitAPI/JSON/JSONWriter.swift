/// A small compact-JSON writer for request bodies.
///
/// Bodies are written by hand instead of through `JSONEncoder` for two reasons: the key
/// order must be fixed (the body is signed and sent byte for byte, and tests compare it),
/// and an encoder round trip through `Any` costs more than the whole signing step.
/// Output is compact (`{"a":"b","n":1}`), the form ccxt and bybit-api send.
public struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(128) }

    /// Opens an object (`{`), as a value or as the member `key` of the enclosing object.
    mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) } else { separate() }
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes the member `"key":"value"`.
    mutating func member(_ key: String, _ value: String) {
        writeKey(key)
        writeString(value)
    }

    /// Writes the member `"key":value` with an integer value.
    mutating func member(_ key: String, _ value: Int) {
        writeKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes any JSON value at the current position (used for ``JSONValue/description``).
    mutating func write(_ value: JSONValue) {
        separate()
        writeBare(value)
    }

    private mutating func writeBare(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): bytes.append(contentsOf: String(i).utf8)
        case .double(_, let text): bytes.append(contentsOf: text.utf8)
        case .string(let s): writeString(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                writeBare(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            // Sorted so that the same tree always prints the same text.
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                writeBare(members[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func separate() {
        guard let last = needsComma.indices.last else { return }
        if needsComma[last] { bytes.append(UInt8(ascii: ",")) }
        needsComma[last] = true
    }

    private mutating func writeKey(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func writeString(_ s: String) {
        JSONWriter.appendString(s, to: &bytes)
    }

    /// Appends `s` as a JSON string literal. Escaping works on UTF-8 bytes: only `"`,
    /// `\\` and bytes below 0x20 change; multi-byte characters pass through unchanged.
    /// Public for the runner's audit log, which writes its lines as bytes too.
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0f)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
