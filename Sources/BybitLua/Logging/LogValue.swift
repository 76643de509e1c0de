/// A value given to `bybit.log`, copied out of Lua before it is formatted: decimals keep
/// their exact text, tables their list part (in order) and string keys (sorted).
public indirect enum LogValue: Equatable, Sendable {
    case text(String)
    /// A decimal's exact text (`"0.10"` stays `0.10`).
    case decimal(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    /// A table's list part, `t[1]` to `t[#t]`.
    case list([LogValue])
    /// A table's string keys, sorted; with a list part too, its entries come first as `"1"`, `"2"`….
    case record([(String, LogValue)])
    /// What cannot be shown (a function, a coroutine, a table too deep): its type name.
    case opaque(String)

    public static func == (a: LogValue, b: LogValue) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)), (.decimal(let x), .decimal(let y)), (.opaque(let x), .opaque(let y)):
            x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.number(let x), .number(let y)): x == y || (x.isNaN && y.isNaN)
        case (.boolean(let x), .boolean(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.record(let x), .record(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    /// A number as Lua's `tostring` writes it (`%.14g`; `inf`, `-inf`, `nan` never `-nan`).
    static func luaNumberText(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let text = String(format14g: d)
        // lua_Number2str: a float that prints like an integer gets ".0" (1.0, not 1)
        return text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber } ? text + ".0" : text
    }
}

extension String {
    /// C's `%.14g`, as Lua formats floats.
    fileprivate init(format14g d: Double) {
        var buffer = [CChar](repeating: 0, count: 40)
        _ = withVaList([d]) { vsnprintf(&buffer, buffer.count, "%.14g", $0) }
        self = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
