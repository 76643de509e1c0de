/// A GET query string: built in insertion order the way the client signs and sends it,
/// and read back the way Bybit's gateway (and the paper exchange) reads it.
///
/// Bybit signs the raw query string and does not require sorting. Values are
/// percent-encoded except for RFC 3986 unreserved characters and `,` (coin lists such as
/// `USDT,USDC` stay readable, as pybit sends them). A `%` that already starts a valid
/// `%XX` escape is kept: Bybit's `nextPageCursor` arrives pre-encoded
/// (`BTCUSDT%3A1657711949945`) and must go back exactly as received, as pybit sends it.
public struct QueryString: Sendable {
    /// The query as it will be sent (without the `?`).
    public private(set) var bytes: [UInt8] = []
    /// The parameters added, unencoded (for messages and the audit log).
    public private(set) var parameters: [String: JSONValue] = [:]

    /// An empty query.
    public init() {}

    /// Appends `key=value`; a `nil` value is skipped (the parameter is optional).
    public mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        Self.encode(value, into: &bytes)
        parameters[key] = .string(value)
    }

    /// Appends an integer parameter, skipped when `nil`.
    public mutating func add(_ key: String, _ value: Int?) {
        add(key, value.map { String($0) })
    }

    /// Percent-encodes `value` onto `out` (see the type's notes on `,` and `%XX`).
    static func encode(_ value: String, into out: inout [UInt8]) {
        let utf8 = Array(value.utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if isUnreserved(b) || b == UInt8(ascii: ",") {
                out.append(b)
            } else if b == UInt8(ascii: "%"), i + 2 < utf8.count, hexValue(utf8[i + 1]) != nil,
                hexValue(utf8[i + 2]) != nil
            {
                out.append(contentsOf: utf8[i...(i + 2)])
                i += 2
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 0x0F)])
            }
            i += 1
        }
    }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
