import BybitAPI

/// `POST /v5/position/set-leverage`.
enum LeverageRoutes {
    static let routes: [Route] = [
        Route(Catalog.setLeverage, access: .signed(.marginWrite, mutates: true), handler: setLeverage)
    ]

    /// `category` (linear | inverse), `symbol`, `buyLeverage` and `sellLeverage` (decimal
    /// strings, as Bybit declares them), read and checked by ``Catalog/setLeverage``. The
    /// reply is `{}`; the engine's refusals (filter, step, one-way rule) are
    /// ``Book/setLeverage(apiKey:instrument:buy:sell:nowMs:)``'s.
    static func setLeverage(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        let buy = v.decimal("buyLeverage")!
        let sell = v.decimal("sellLeverage")!
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            try book.setLeverage(apiKey: apiKey, instrument: instrument, buy: buy, sell: sell, nowMs: input.nowMs)
        }
        return .object([(String, JSONNode)]())
    }
}
