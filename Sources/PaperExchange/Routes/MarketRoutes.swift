import BybitAPI

/// `GET /v5/market/time`, `GET /v5/market/tickers`, `GET /v5/market/instruments-info`.
enum MarketRoutes {
    static let routes: [Route] = [
        Route(method: .get, path: "/v5/market/time", access: .market, handler: time),
        Route(method: .get, path: "/v5/market/tickers", access: .market, handler: tickers),
        Route(method: .get, path: "/v5/market/instruments-info", access: .market, handler: instrumentsInfo),
    ]

    /// The server clock (skew included), as `timeSecond` and `timeNano` strings.
    static func time(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let ms = input.nowMs
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        return .object([("timeSecond", .string(String(seconds))), ("timeNano", .string(String(ms) + "000000"))])
    }

    /// Spot and option are valid categories with nothing listed here (ccxt asks for them).
    static func tickers(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let category = try ParamValidation.category(input.params, allowed: ["linear", "inverse", "spot", "option"])
        let symbol = try ParamValidation.symbol(input.params, required: false)
        let rows: [JSONNode] = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            var selected = book.instruments.filter { $0.category.rawValue == category }
            if let symbol {
                guard category == "linear" || category == "inverse" else { return [] }
                selected = [try ParamValidation.instrument(symbol, category: category, in: book)]
            }
            return selected.map { MarketRenderer.ticker($0, in: book, nowMs: input.nowMs) }
        }
        return .object([("category", .string(category)), ("list", .array(rows))])
    }

    /// Linear and inverse instruments; `status` other than `Trading` (ccxt asks for
    /// `PreLaunch`) and the spot/option categories give an empty list.
    static func instrumentsInfo(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let category = try ParamValidation.category(p, allowed: ["linear", "inverse", "spot", "option"])
        let symbol = try ParamValidation.symbol(p, required: false)
        let status = try p.string("status")
        let baseCoin = try p.string("baseCoin")
        let limit = try p.integer("limit") ?? 500
        guard (1...1000).contains(limit) else { throw .params("limit must be between 1 and 1000, got \(limit)") }
        let offset = try Cursor.decode(try p.string("cursor"))
        let rows: [JSONNode] = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            guard category == "linear" || category == "inverse", status == nil || status == "Trading" else { return [] }
            var selected = book.instruments.filter { $0.category.rawValue == category }
            if let symbol { selected = [try ParamValidation.instrument(symbol, category: category, in: book)] }
            if let baseCoin { selected = selected.filter { $0.baseCoin == baseCoin } }
            return selected.map(MarketRenderer.instrument)
        }
        let page = Array(rows.dropFirst(offset).prefix(Int(limit)))
        let next = offset + page.count < rows.count ? Cursor.encode(offset + page.count) : ""
        return .object([("category", .string(category)), ("list", .array(page)), ("nextPageCursor", .string(next))])
    }
}
