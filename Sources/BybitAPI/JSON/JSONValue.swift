/// A JSON value tree that loses nothing the wire said.
///
/// Every response's `result` is exposed in this form next to the typed structs, because
/// the Lua layer turns each field into a Lua value itself (numeric strings → decimals,
/// `""` → nil, integers → integers). Numbers keep their original text: an integer that
/// fits in `Int64` is ``int(_:)``; any other number (fraction, exponent, or too large) is
/// ``double(_:text:)`` carrying the exact characters received, so nothing is rounded on
/// its way to an exact decimal.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer number that fits in `Int64` (written without fraction or exponent).
    case int(Int64)
    /// Any other number: its nearest `Double` and the original text (e.g. `"1.50"`, `"1e3"`).
    case double(Double, text: String)
    /// A string, unescaped.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object. Key order is not kept (Lua tables have none); a duplicate key keeps the last value.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member `key` of an object; `nil` if this is not an object or the key is absent.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string payload of ``string(_:)``; `nil` for every other case.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The payload of ``int(_:)``; `nil` for every other case.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The payload of ``bool(_:)``; `nil` for every other case.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of ``array(_:)``; `nil` for every other case.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of ``object(_:)``; `nil` for every other case.
    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text; numbers are written with their original text.
    public var description: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
