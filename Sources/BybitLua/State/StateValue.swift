import BybitAPI

/// A value `bybit.state` can keep: what a script may store, copied out of Lua.
///
/// Decimals stay decimals (their exact text, scale included), integers stay integers and
/// floats come back as the same float; strings are bytes (any bytes, `\0` included).
/// Tables hold string and integer keys only, in a fixed order so that equal tables
/// encode the same.
public enum StateValue: Equatable, Sendable {
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string([UInt8])
    case decimal(ExactDecimal)
    case table([(StateKey, StateValue)])

    public static func == (a: StateValue, b: StateValue) -> Bool {
        switch (a, b) {
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x == y
        // the same text: `0.30` and `0.3` are different values to keep
        case (.decimal(let x), .decimal(let y)): return x.description == y.description
        case (.table(let x), .table(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// A string value from Swift text.
    public static func text(_ s: String) -> StateValue { .string(Array(s.utf8)) }
}

/// A key inside a stored table: Lua's string or integer key.
public enum StateKey: Hashable, Comparable, Sendable {
    case integer(Int64)
    case string([UInt8])

    /// Integers first (ascending), then strings (bytewise).
    public static func < (a: StateKey, b: StateKey) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.integer, .string): return true
        case (.string, .integer): return false
        case (.string(let x), .string(let y)): return x.lexicographicallyPrecedes(y)
        }
    }

    /// How the key reads in a path of an error message: `.name` or `[3]`.
    var pathComponent: String {
        switch self {
        case .integer(let i): return "[\(i)]"
        case .string(let b):
            let s = String(decoding: b, as: UTF8.self)
            let plain =
                !s.isEmpty && s.utf8.count == b.count && s.utf8.first.map { !(0x30...0x39).contains($0) } == true
                && s.utf8.allSatisfy {
                    $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                }
            return plain ? ".\(s)" : "[\(String(reflecting: s))]"
        }
    }
}
