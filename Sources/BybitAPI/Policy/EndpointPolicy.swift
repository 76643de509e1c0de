/// Which v5 endpoints a script may reach through the generic door (`bybit.request`,
/// ``BybitClient/request(_:)``): an allow-list, never a deny-list, so an endpoint Bybit
/// adds tomorrow is refused until someone decides it belongs here.
///
/// - Reads (GET) under `/v5/market/`, `/v5/position/`, `/v5/order/`, `/v5/execution/`
///   and `/v5/account/`: market data, positions, orders, fills, the account's settings
///   and balances. A GET changes nothing on Bybit.
/// - Writes (POST) only to the endpoints a margin or de-risking script needs, each named
///   in ``mutations``.
///
/// Everything else — withdrawals and transfers (`/v5/asset/…`), sub-accounts and API keys
/// (`/v5/user/…`), broker, lending, spot margin, convert, earn, … — is refused before
/// anything is sent, whatever the run's flags. No flag turns this off.
///
/// The path is checked as written, never repaired: it must be canonical,
/// `^/v5(/[a-z0-9-]+)+$` and at most ``maxPathBytes`` bytes, so no spelling (`..`, `//`,
/// `%2F`, upper case, a query string, a trailing `/`, white space, a NUL, non-ASCII) can
/// name one endpoint to this check and another to a server.
public enum EndpointPolicy {
    /// The read prefixes (GET only).
    public static let readPrefixes = ["/v5/market/", "/v5/position/", "/v5/order/", "/v5/execution/", "/v5/account/"]

    /// The writes (POST only), each a margin or de-risking action on the script's own
    /// positions and orders.
    public static let mutations: Set<String> = [
        "/v5/position/add-margin", "/v5/position/set-auto-add-margin", "/v5/position/set-leverage",
        "/v5/position/trading-stop", "/v5/position/switch-mode",
        "/v5/order/create", orderAmend, "/v5/order/cancel", "/v5/order/cancel-all",
        "/v5/account/set-margin-mode",
    ]

    /// `POST /v5/order/amend`: allowed, but the Lua session lets a run without
    /// `--allow-open-orders` amend only a reduce-only order.
    public static let orderAmend = "/v5/order/amend"

    /// The longest path accepted (Bybit's longest v5 paths are about 50 bytes).
    public static let maxPathBytes = 128

    /// Why a path was refused: one sentence naming it (quoted and cut short when hostile).
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The sentence.
        public let message: String
        public var description: String { message }
    }

    /// Refuses `path` unless `method` may reach it.
    /// - Throws: a ``Refusal`` naming the path and saying why; nothing may be sent.
    public static func check(_ method: EndpointSpec.Method, _ path: String) throws(Refusal) {
        let shown = quoted(path)
        guard isCanonical(path) else {
            throw Refusal(
                message: "the path \(shown) is not a canonical v5 path (/v5/ then lower-case words of "
                    + "a-z, 0-9 and '-' separated by single '/', no query string, no trailing '/', at most "
                    + "\(maxPathBytes) bytes; parameters go in params); nothing was sent")
        }
        switch method {
        case .get where readPrefixes.contains(where: { path.hasPrefix($0) }):
            return
        case .post where mutations.contains(path):
            return
        case .get:
            throw Refusal(
                message:
                    "GET \(shown) is not on the allow-list of endpoints a script may reach: reads are allowed under "
                    + readPrefixes.joined(separator: ", ") + "; nothing was sent")
        case .post:
            throw Refusal(
                message: "POST \(shown) is not on the allow-list of endpoints a script may reach: only "
                    + mutations.sorted().joined(separator: ", ")
                    + " may be written (withdrawals, transfers, sub-account and API-key management and every "
                    + "other endpoint are refused); nothing was sent")
        }
    }

    /// Whether `path` is exactly `^/v5(/[a-z0-9-]+)+$` and at most ``maxPathBytes`` bytes.
    public static func isCanonical(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.count <= maxPathBytes, bytes.starts(with: Array("/v5".utf8)), bytes.count > 3 else {
            return false
        }
        // After "/v5": one or more segments, each a '/' and at least one of [a-z0-9-].
        var segmentLength = -1  // -1: no segment opened yet
        for byte in bytes[3...] {
            switch byte {
            case UInt8(ascii: "/"):
                if segmentLength == 0 { return false }  // `//`
                segmentLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                if segmentLength < 0 { return false }  // `/v5x`
                segmentLength += 1
            default:
                return false
            }
        }
        return segmentLength > 0  // not `/v5`, not a trailing `/`
    }

    /// `[A-Za-z][A-Za-z0-9_]*`, at most 64 bytes: every v5 parameter name has this form,
    /// and a query key is written unescaped, so nothing else may pass.
    public static func isParameterName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64 else { return false }
        guard
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy { b in
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
    }

    /// `path` for a message: Swift's escaped literal form (a newline shows as `\n`, a NUL
    /// as `\0`), cut after 80 characters with the length in bytes.
    public static func quoted(_ path: String) -> String {
        let limit = 80
        if path.count <= limit { return String(reflecting: path) }
        return String(reflecting: String(path.prefix(limit))) + "… (\(path.utf8.count) bytes)"
    }
}
