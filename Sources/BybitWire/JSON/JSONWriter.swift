/// A compact JSON writer: member by member for request bodies, or a whole ``JSONValue``.
///
/// Bodies are written by hand instead of through `JSONEncoder` for two reasons: the key
/// order must be fixed (the body is signed and sent byte for byte, and tests compare it),
/// and an encoder round trip through `Any` costs more than the whole signing step.
/// Output is compact (`{"a":"b","n":1}`), the form Bybit, ccxt and bybit-api use.
public struct JSONWriter {
    /// What has been written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    /// An empty writer.
    public init() { bytes.reserveCapacity(128) }

    /// Opens an object (`{`), as a value or as the member `key` of the enclosing object.
    public mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) } else { separate() }
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes the member `"key":"value"`.
    public mutating func member(_ key: String, _ value: String) {
        writeKey(key)
        Self.appendString(value, to: &bytes)
    }

    /// Writes the member `"key":value` with an integer value.
    public mutating func member(_ key: String, _ value: Int) {
        writeKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes the member `"key":true` or `"key":false`.
    public mutating func member(_ key: String, _ value: Bool) {
        writeKey(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes any JSON value at the current position; with `sortingKeys`, every object's
    /// members in key order (so that equal trees print the same text).
    mutating func write(_ value: JSONValue, sortingKeys: Bool = false) {
        separate()
        Self.append(value, sortingKeys: sortingKeys, to: &bytes)
    }

    private mutating func separate() {
        guard let last = needsComma.indices.last else { return }
        if needsComma[last] { bytes.append(UInt8(ascii: ",")) }
        needsComma[last] = true
    }

    private mutating func writeKey(_ key: String) {
        separate()
        Self.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `value` as compact JSON; numbers with their original text.
    static func append(_ value: JSONValue, sortingKeys: Bool = false, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(_, let text): out.append(contentsOf: text.utf8)
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(item, sortingKeys: sortingKeys, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            if sortingKeys {
                for (i, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                    appendMember(member.key, member.value, first: i == 0, sortingKeys: true, to: &out)
                }
            } else {  // in place: no array of the members first
                for i in members.indices {
                    appendMember(members[i].key, members[i].value, first: i == 0, sortingKeys: false, to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func appendMember(
        _ key: String, _ value: JSONValue, first: Bool, sortingKeys: Bool, to out: inout [UInt8]
    ) {
        if !first { out.append(UInt8(ascii: ",")) }
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        append(value, sortingKeys: sortingKeys, to: &out)
    }

    /// Appends `s` as a JSON string literal. Escaping works on UTF-8 bytes: only `"`,
    /// `\\` and bytes below 0x20 change; multi-byte characters pass through unchanged.
    /// Public for the runner's audit log, which writes its lines as bytes too.
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every string (keys, numbers, ids) needs no escape: copied at once.
        let plain = s.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
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

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text, object members in key order; numbers with their original text.
    public var description: String {
        var out: [UInt8] = []
        JSONWriter.append(self, sortingKeys: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The compact UTF-8 encoding, members in their order (like Bybit's replies).
    public var serializedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JSONWriter.append(self, to: &out)
        return out
    }

    /// The compact encoding as a `String`, members in their order.
    public var serialized: String { String(decoding: serializedBytes, as: UTF8.self) }
}
