/// A parsed JSON value that keeps what Bybit's checks need and `JSONSerialization` loses:
/// the exact text of numbers (so `10.5` and `"10.5"` stay distinguishable and exact), object
/// keys in the order received (so duplicates can be reported), and no `Double` anywhere.
enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as the text that was received (or will be written).
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in order; keys are unique in anything the parser returns.
    case object([(String, JSONNode)])

static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` when this is an object.
subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The element at `index` when this is an array.
subscript(index: Int) -> JSONNode? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The string payload, or nil for any other kind.
var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number text, or nil for any other kind.
var numberText: String? {
        if case .number(let s) = self { return s }
        return nil
    }

    /// An integer number (no fraction, no exponent) that fits `Int64`.
var int64Value: Int64? {
        guard case .number(let s) = self else { return nil }
        return Int64(s)
    }

    /// The elements when this is an array.
var arrayValue: [JSONNode]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members when this is an object.
var objectMembers: [(String, JSONNode)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// The JSON type name used in error messages ("string", "number", ...).
var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// A number from an integer.
static func int(_ value: some BinaryInteger) -> JSONNode { .number(String(value)) }
}

extension JSONNode: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
init(stringLiteral value: String) { self = .string(value) }
init(booleanLiteral value: Bool) { self = .bool(value) }
init(integerLiteral value: Int) { self = .number(String(value)) }
}
