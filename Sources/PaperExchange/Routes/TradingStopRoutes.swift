import BybitAPI

/// `POST /v5/position/trading-stop`: take-profit, stop-loss and trailing stop of a
/// position, in `tpslMode` Full with market execution (what a margin script needs as a
/// second line of defence). Partial mode, limit TP/SL and `activePrice` are refused with
/// 10001 rather than ignored. The trigger may be `MarkPrice`, `LastPrice` or
/// `IndexPrice`: on paper the three are one price.
enum TradingStopRoutes {
    static let routes: [Route] = [
        Route(Catalog.tradingStop, access: .signed(.marginWrite, mutates: true), handler: tradingStop)
    ]

    /// The fields are read and checked by ``Catalog/tradingStop`` (non-negative prices, the
    /// triggers, positionIdx, one of the three); what only the paper exchange lacks
    /// (Partial mode, limit TP/SL, `activePrice`) is refused here.
    static func tradingStop(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        let mode = v.text("tpslMode")!
        guard mode == "Full" else {
            throw .params("tpslMode '\(mode)' is not supported by the paper exchange; only Full")
        }
        let idx = Int(v.integer("positionIdx")!)
        for key in ["tpOrderType", "slOrderType"] {
            if let type = try p.string(key), type != "Market" {
                throw .params("\(key) '\(type)' is not supported in Full mode; only Market")
            }
        }
        try OrderParams.refuseUnsupported(
            p, ["activePrice", "tpSize", "slSize", "tpLimitPrice", "slLimitPrice"], what: "on trading-stop (Full mode)")
        let request = TradingStopRequest(
            positionIdx: idx, takeProfit: v.decimal("takeProfit"), stopLoss: v.decimal("stopLoss"),
            trailingStop: v.decimal("trailingStop"), tpTriggerBy: v.text("tpTriggerBy"),
            slTriggerBy: v.text("slTriggerBy"))
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            _ = try book.setTradingStop(apiKey: apiKey, instrument: instrument, request, nowMs: input.nowMs)
        }
        return .object([])
    }
}
