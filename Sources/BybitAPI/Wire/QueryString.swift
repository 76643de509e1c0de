/// Builds a GET query string in insertion order, the way it will be signed and sent.
///
/// Bybit signs the raw query string and does not require sorting. Values are
/// percent-encoded except for RFC 3986 unreserved characters and `,` (coin lists such as
/// `USDT,USDC` stay readable, as pybit sends them). A `%` that already starts a valid
/// `%XX` escape is kept: Bybit's `nextPageCursor` arrives pre-encoded
/// (`BTCUSDT%3A1657711949945`) and must go back exactly as received, as pybit sends it.
struct QueryString: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var parameters: [String: JSONValue] = [:]

    /// Appends `key=value`; a `nil` value is skipped (the parameter is optional).
    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        Self.encode(value, into: &bytes)
        parameters[key] = .string(value)
    }

    /// Appends an integer parameter, skipped when `nil`.
    mutating func add(_ key: String, _ value: Int?) {
        add(key, value.map { String($0) })
    }

    static func encode(_ value: String, into out: inout [UInt8]) {
        let utf8 = Array(value.utf8)
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if isUnreserved(b) || b == UInt8(ascii: ",") {
                out.append(b)
            } else if b == UInt8(ascii: "%"), i + 2 < utf8.count, isHex(utf8[i + 1]), isHex(utf8[i + 2]) {
                out.append(contentsOf: utf8[i...(i + 2)])
                i += 2
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
            i += 1
        }
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func isHex(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }
}
