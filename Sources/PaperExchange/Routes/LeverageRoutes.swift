import BybitAPI

/// `POST /v5/position/set-leverage`.
enum LeverageRoutes {
    static let routes: [Route] = [
        Route(
            method: .post, path: "/v5/position/set-leverage", access: .signed(.marginWrite, mutates: true),
            handler: setLeverage)
    ]

    /// `category` (linear | inverse), `symbol`, `buyLeverage` and `sellLeverage` (decimal
    /// strings, as Bybit declares them). The reply is `{}`; the engine's refusals are
    /// ``Book/setLeverage(apiKey:instrument:buy:sell:nowMs:)``'s.
    static func setLeverage(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let category = try ParamValidation.category(p, allowed: ["linear", "inverse"])
        let symbol = try ParamValidation.symbol(p, required: true)!
        let buy = try decimalString(p, "buyLeverage")
        let sell = try decimalString(p, "sellLeverage")
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            try book.setLeverage(apiKey: apiKey, instrument: instrument, buy: buy, sell: sell, nowMs: input.nowMs)
        }
        return .object([(String, JSONNode)]())
    }

    /// A required decimal sent as a JSON string (`"10"`, `"12.5"`): Bybit declares leverage
    /// a string and refuses numbers for string fields.
    static func decimalString(_ p: RequestParams, _ key: String) throws(PaperAPIError) -> ExactDecimal {
        let text = try p.requiredString(key)
        guard let value = try? ExactDecimal(parsing: text) else {
            throw .params("'\(key)' must be a decimal string such as \"10\", got '\(text)'")
        }
        return value
    }
}
