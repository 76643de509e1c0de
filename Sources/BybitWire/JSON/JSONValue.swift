/// A JSON value tree that loses nothing the wire said.
///
/// One tree for both sides of the wire: the client reads Bybit's replies into it (and
/// hands `result` to Lua next to the typed structs), the paper exchange reads requests,
/// scenarios and fault plans into it and writes its replies from it. Numbers keep their
/// original text: an integer that fits in `Int64` is ``int(_:)``; any other number
/// (fraction, exponent, or too large) is ``double(_:text:)`` carrying the exact characters
/// received, so `"0.10"` never becomes `0.1` on its way to an exact decimal. Objects keep
/// their members in the order received or given (``JSONObject``).
public enum JSONValue: Sendable {
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
    /// An object, members in order, keys unique.
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` of an object; `nil` if this is not an object or the key is absent.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array; `nil` for other cases or an index out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
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

    /// The same as ``intValue``: an integer number (no fraction, no exponent) that fits `Int64`.
    public var int64Value: Int64? { intValue }

    /// The text of a number (as received, or as an integer prints); `nil` for other cases.
    public var numberText: String? {
        switch self {
        case .int(let i): return String(i)
        case .double(_, let text): return text
        default: return nil
        }
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
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The same as ``objectValue``: the members in order.
    public var objectMembers: JSONObject? { objectValue }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name used in error messages ("string", "number", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
