import BybitAPI

/// `GET /v5/market/time`, `GET /v5/market/tickers`, `GET /v5/market/instruments-info`.
enum MarketRoutes {
    static let routes: [Route] = [
        Route(Catalog.serverTime, access: .market, handler: time),
        Route(Catalog.tickers, access: .market, handler: tickers),
        Route(Catalog.instrumentsInfo, access: .market, handler: instrumentsInfo),
    ]

    /// The server clock (skew included), as `timeSecond` and `timeNano` strings.
    static func time(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let ms = input.nowMs
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        return .object([("timeSecond", .string(String(seconds))), ("timeNano", .string(String(ms) + "000000"))])
    }

    /// Spot and option are valid categories with nothing listed here (ccxt asks for them).
    static func tickers(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let category = input.values.text("category")!
        let symbol = input.values.text("symbol")
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
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")
        let status = v.text("status")
        let baseCoin = v.text("baseCoin")
        let limit = v.integer("limit") ?? 500
        let offset = try Cursor.decode(v.text("cursor"))
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
