import BybitAPI

/// `POST /v5/position/switch-mode`.
enum PositionModeRoutes {
    static let routes: [Route] = [
        Route(
            method: .post, path: "/v5/position/switch-mode", access: .signed(.marginWrite, mutates: true),
            handler: switchMode)
    ]

    /// `category` (linear), `symbol` or `coin` (one required; `symbol` wins), `mode` (integer:
    /// 0 one-way, 3 hedge). The reply is `{}`; the engine's refusals are
    /// ``Book/switchPositionMode(apiKey:instruments:hedge:nowMs:action:)``'s.
    static func switchMode(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let category = try ParamValidation.category(p, allowed: ["linear"])
        let symbol = try ParamValidation.symbol(p, required: false)
        let coin = try p.string("coin")
        guard let mode = try p.integer("mode") else { throw .params("missing required parameter 'mode'") }
        guard mode == 0 || mode == 3 else { throw .params("mode must be 0 (one-way) or 3 (hedge), got \(mode)") }
        guard symbol != nil || coin != nil else {
            throw .params("Missing some parameters that must be filled in, symbol or coin")
        }
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instruments: [Instrument]
            if let symbol {
                instruments = [try ParamValidation.instrument(symbol, category: category, in: book)]
            } else {
                instruments = book.instruments.filter { $0.category == .linear && $0.settleCoin == coin }
                guard !instruments.isEmpty else {
                    throw .params("coin '\(coin ?? "")' is not the settle coin of any listed linear contract")
                }
            }
            try book.switchPositionMode(apiKey: apiKey, instruments: instruments, hedge: mode == 3, nowMs: input.nowMs)
        }
        return .object([(String, JSONNode)]())
    }
}
