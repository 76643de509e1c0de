/// What a field is, on the wire and in Lua. One declaration drives how the client
/// writes a request field, how the paper exchange reads and checks it, how a reply's
/// value becomes a Lua value, and the type `bybit-lua types` prints for it.
public indirect enum FieldKind: Sendable {
    /// An exact amount. Requests send it as a JSON string (`"10.5"`, never a float);
    /// replies send numeric strings. In Lua: a Decimal.
    case decimal
    /// A whole number: a JSON integer in a body, digits in a query; replies may send it
    /// as text. In Lua: an integer.
    case integer
    /// Milliseconds since the Unix epoch (replies send them as text). In Lua: an integer.
    case timestamp
    /// Text, including identifiers that look numeric (`orderId`, `nextPageCursor`).
    case text
    /// An upper-case instrument name (`BTCUSDT`, `BTC-29JUL22-25000-C`).
    case symbol
    /// An upper-case coin name (`USDT`).
    case coin
    /// One of a fixed set of texts (`linear`/`inverse`, `Buy`/`Sell`).
    case choice([String])
    /// On or off: Lua `true`/`false` (or 1/0), sent as the integer 1 or 0.
    case flag
    /// A list of objects of one shape (replies only).
    case list(Shape)
    /// A nested object (replies only).
    case object(Shape)

    /// The LuaLS type of a value of this kind.
    public var luaType: String {
        switch self {
        case .decimal: "Decimal"
        case .integer, .timestamp: "integer"
        case .text, .symbol, .coin: "string"
        case .choice(let values): values.map { "\"\($0)\"" }.joined(separator: "|")
        case .flag: "boolean|0|1"
        case .list(let shape): "\(shape.luaClass)[]"
        case .object(let shape): shape.luaClass
        }
    }
}

/// A check beyond the kind, made by the client before sending and by the paper exchange
/// on receipt, with the same message.
public enum FieldCheck: Sendable {
    /// An integer within `range`; `described` words the allowed values for the message
    /// (default "between LOW and HIGH").
    case range(ClosedRange<Int64>, described: String? = nil)
    /// A margin amount: ``MarginAmount``'s rule (non-zero, at most 4 decimals that matter).
    case marginAmount
    /// A decimal greater than zero.
    case positive
    /// Text of at most this many bytes.
    case maxLength(Int)
    /// Comma-separated coin names, each checked as a coin (`USDT,BTC`).
    case coinList
    /// Words added to a refusal of the field, saying why the rule exists.
    case because(String)
    /// A decimal with at most this many decimals that matter (trailing zeros are not).
    case maxDecimals(Int)
    /// A decimal that is zero or more (`"0"` cancels a trading stop).
    case notNegative
    /// An integer that is one of these; `described` words them for the message.
    case oneOf([Int64], described: String)
    /// Text of Bybit's identifier characters only: `[0-9A-Za-z_-]`, not empty (`orderLinkId`).
    case identifier
    /// A flag Bybit declares a JSON boolean (`reduceOnly`): written as `true`/`false`,
    /// read from `true`/`false` (or 1/0, which Bybit also takes). Other flags go as 1/0.
    case boolean
}
