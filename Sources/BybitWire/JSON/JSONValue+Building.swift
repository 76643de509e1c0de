/// Ways to build a ``JSONValue`` in code, and its equality.
extension JSONValue {
    /// A number from its text: ``int(_:)`` when it is an integer that fits `Int64`,
    /// otherwise ``double(_:text:)`` keeping the text.
    public static func number(_ text: String) -> JSONValue {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        ),
            let value = Int64(text)
        {
            return .int(value)
        }
        return .double(Double(text) ?? .nan, text: text)
    }

    /// A number from an `Int`.
    public static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }

    /// An object from a dictionary; members in key order, so the same dictionary always
    /// writes the same text.
    public static func object(_ members: [String: JSONValue]) -> JSONValue { .object(JSONObject(members)) }

    /// An object from `(key, value)` pairs in the order given (a repeated key keeps the last value).
    public static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer number.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: Hashable {
    /// Same JSON: numbers compare by their text, objects by their members whatever their order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(_, let a), .double(_, let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .double(_, let text): hasher.combine(text)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): hasher.combine(o)
        }
    }
}
