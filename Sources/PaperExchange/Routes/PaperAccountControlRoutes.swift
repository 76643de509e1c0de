import BybitAPI
import HTTPTypes

/// The `/paper/` controls that put an account in a chosen state, for tests and the REPL.
/// Each body may name the account (`apiKey`); by default it is the exchange's first key.
/// Decimals are JSON strings, as in Bybit's requests; unknown fields are refused, so a
/// typo is not silently ignored.
///
/// | method | path | body |
/// |---|---|---|
/// | POST | `/paper/position` | `{"symbol","side","size","entryPrice"?,"leverage"?,"positionIdx"?}` |
/// | POST | `/paper/wallet` | `{"coin","amount"}` |
/// | POST | `/paper/margin-mode` | `{"marginMode"}` |
/// | POST | `/paper/position-mode` | `{"symbol","mode": "hedge" or "one-way"}` |
struct PaperAccountControlRoutes: Sendable {
    let core: ExchangeCore
    let defaultApiKey: String

    /// The answer for a path this type serves, nil for any other.
    func answer(_ method: HTTPRequest.Method, _ path: String, body: JSONNode) throws(PaperAPIError) -> JSONNode? {
        switch (method, path) {
        case (.get, "/paper/"):
            return PaperIndexRoute.listing
        case (.post, "/paper/position"):
            let b = try Body(body, ["symbol", "side", "size", "entryPrice", "leverage", "positionIdx"])
            let symbol = try b.string("symbol")
            guard let side = PositionSide(rawValue: try b.string("side")) else {
                throw .params("side must be \"Buy\" or \"Sell\"")
            }
            let order = Book.PositionOrder(
                side: side, size: try b.decimal("size"), entryPrice: try b.optionalDecimal("entryPrice"),
                leverage: try b.optionalDecimal("leverage"), positionIdx: try b.optionalInteger("positionIdx"))
            let apiKey = b.apiKey ?? defaultApiKey
            let position = try core.openPosition(apiKey: apiKey, symbol: symbol, order)
            return try core.read { (book: Book) throws(PaperAPIError) -> JSONNode in
                let instrument = try book.listed(symbol)
                let metrics = try book.metrics(position, in: try book.account(apiKey))
                return PositionRenderer.render(
                    position, metrics: metrics, instrument: instrument, includeCategory: true)
            }
        case (.post, "/paper/wallet"):
            let b = try Body(body, ["coin", "amount"])
            let coin = try b.string("coin")
            let amount = try b.decimal("amount")
            try core.setWallet(apiKey: b.apiKey ?? defaultApiKey, coin: coin, amount: amount)
            return .object([("coin", .string(coin)), ("walletBalance", .string(amount.description))])
        case (.post, "/paper/margin-mode"):
            let b = try Body(body, ["marginMode"])
            let text = try b.string("marginMode")
            guard let mode = MarginMode(rawValue: text) else {
                let known = MarginMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw .params("marginMode '\(text)' is not a margin mode (\(known))")
            }
            let events = try core.setMarginModeControl(apiKey: b.apiKey ?? defaultApiKey, mode)
            return .object([("marginMode", .string(mode.rawValue)), ("events", .array(events.map(\.json)))])
        case (.post, "/paper/position-mode"):
            let b = try Body(body, ["symbol", "mode"])
            let symbol = try b.string("symbol")
            let mode = try b.string("mode")
            guard mode == "hedge" || mode == "one-way" else {
                throw .params("mode must be \"hedge\" or \"one-way\", got '\(mode)'")
            }
            try core.setPositionModeControl(apiKey: b.apiKey ?? defaultApiKey, symbol: symbol, hedge: mode == "hedge")
            return .object([("symbol", .string(symbol)), ("mode", .string(mode))])
        default:
            return nil
        }
    }

    /// A control body: a JSON object with only the named fields (and `apiKey`).
    private struct Body {
        let node: JSONNode
        let apiKey: String?

        init(_ node: JSONNode, _ fields: Set<String>) throws(PaperAPIError) {
            guard let members = node.objectMembers else { throw .params("body must be a JSON object") }
            let known = fields.union(["apiKey"])
            for key in members.keys where !known.contains(key) {
                throw .params("unknown field '\(key)' (fields: \(known.sorted().joined(separator: ", ")))")
            }
            self.node = node
            switch node["apiKey"] {
            case nil, .null?: apiKey = nil
            case .string(let s)? where !s.isEmpty: apiKey = s
            default: throw .params("apiKey must be a non-empty string")
            }
        }

        func string(_ key: String) throws(PaperAPIError) -> String {
            guard let value = node[key], value != .null else { throw .params("missing required field '\(key)'") }
            guard case .string(let s) = value, !s.isEmpty else {
                throw .params("\(key) must be a non-empty string, got \(value.typeName) \(value.serialized)")
            }
            return s
        }

        func decimal(_ key: String) throws(PaperAPIError) -> ExactDecimal {
            let text = try string(key)
            guard let value = try? ExactDecimal(parsing: text) else {
                throw .params("\(key) must be a decimal string such as \"1.5\", got '\(text)'")
            }
            return value
        }

        func optionalDecimal(_ key: String) throws(PaperAPIError) -> ExactDecimal? {
            guard let value = node[key], value != .null else { return nil }
            return try decimal(key)
        }

        func optionalInteger(_ key: String) throws(PaperAPIError) -> Int? {
            switch node[key] {
            case nil, .null?: return nil
            case .int(let i)? where (0...2).contains(i): return Int(i)
            case let v?: throw .params("\(key) must be 0, 1 or 2, got \(v.serialized)")
            }
        }
    }
}
