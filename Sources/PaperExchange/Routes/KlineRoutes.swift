import BybitAPI

/// `GET /v5/market/kline` and `GET /v5/market/mark-price-kline`: the synthetic candles of
/// ``SyntheticKlines``, newest first, at most `limit` (default 200) of them, the newest
/// containing `end` (or now; never a candle after now), the oldest containing `start`.
enum KlineRoutes {
    static let routes: [Route] = [
        Route(Catalog.kline, access: .market) { input throws(PaperAPIError) in try klines(input, traded: true) },
        Route(Catalog.markPriceKline, access: .market) { input throws(PaperAPIError) in
            try klines(input, traded: false)
        },
    ]

    static func klines(_ input: Route.Input, traded: Bool) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category") ?? "linear"
        let symbol = v.text("symbol")!
        let interval = v.text("interval")!
        let limit = v.integer("limit") ?? 200
        let reply = { (rows: [JSONNode]) -> JSONNode in
            .object([("symbol", .string(symbol)), ("category", .string(category)), ("list", .array(rows))])
        }
        guard category == "linear" || category == "inverse" else { return reply([]) }
        guard let step = SyntheticKlines.stepMs(interval) else {
            throw .params("interval M: the paper exchange's synthetic klines come in minutes, D and W")
        }
        let instrument = try input.core.read { (book: Book) throws(PaperAPIError) -> Instrument in
            try ParamValidation.instrument(symbol, category: category, in: book)
        }
        let now = input.nowMs
        let last = SyntheticKlines.candleStart(containing: min(v.integer("end") ?? now, now), step: step)
        var first = last - (limit - 1) * step
        if let start = v.integer("start") {
            first = max(first, SyntheticKlines.candleStart(containing: start, step: step))
        }
        var rows: [JSONNode] = []
        var t = last
        while t >= first {
            var cells = [String(t)] + SyntheticKlines.candle(instrument, start: t, step: step, nowMs: now)
            if traded { cells += ["0", "0"] }
            rows.append(.array(cells.map { .string($0) }))
            t -= step
        }
        return reply(rows)
    }
}
