import BybitAPI

/// `POST /v5/position/trading-stop`: take-profit, stop-loss and trailing stop of a
/// position, in `tpslMode` Full with market execution (what a margin script needs as a
/// second line of defence). Partial mode, limit TP/SL and `activePrice` are refused with
/// 10001 rather than ignored. The trigger may be `MarkPrice`, `LastPrice` or
/// `IndexPrice`: on paper the three are one price.
enum TradingStopRoutes {
    static let routes: [Route] = [
        Route(
            method: .post, path: "/v5/position/trading-stop", access: .signed(.marginWrite, mutates: true),
            handler: tradingStop)
    ]

    static let triggers = ["MarkPrice", "LastPrice", "IndexPrice"]

    static func tradingStop(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let category = try ParamValidation.category(p, allowed: ["linear", "inverse"])
        let symbol = try ParamValidation.symbol(p, required: true)!
        let mode = try p.requiredString("tpslMode")
        guard mode == "Full" else {
            throw .params("tpslMode '\(mode)' is not supported by the paper exchange; only Full")
        }
        guard let idx = try ParamValidation.positionIdx(p) else {
            throw .params("missing required parameter 'positionIdx'")
        }
        for key in ["tpOrderType", "slOrderType"] {
            if let type = try p.string(key), type != "Market" {
                throw .params("\(key) '\(type)' is not supported in Full mode; only Market")
            }
        }
        try OrderParams.refuseUnsupported(
            p, ["activePrice", "tpSize", "slSize", "tpLimitPrice", "slLimitPrice"], what: "on trading-stop (Full mode)")
        let request = TradingStopRequest(
            positionIdx: idx,
            takeProfit: try OrderParams.decimal(p, "takeProfit"),
            stopLoss: try OrderParams.decimal(p, "stopLoss"),
            trailingStop: try OrderParams.decimal(p, "trailingStop"),
            tpTriggerBy: try OrderParams.oneOf(p, "tpTriggerBy", triggers),
            slTriggerBy: try OrderParams.oneOf(p, "slTriggerBy", triggers))
        for (name, value) in [
            ("takeProfit", request.takeProfit), ("stopLoss", request.stopLoss), ("trailingStop", request.trailingStop),
        ] {
            if let value, value.isNegative { throw .params("\(name) must not be negative, got \(value)") }
        }
        guard request.takeProfit != nil || request.stopLoss != nil || request.trailingStop != nil else {
            throw .params("takeProfit, stopLoss or trailingStop is required")
        }
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            _ = try book.setTradingStop(apiKey: apiKey, instrument: instrument, request, nowMs: input.nowMs)
        }
        return .object([])
    }
}
