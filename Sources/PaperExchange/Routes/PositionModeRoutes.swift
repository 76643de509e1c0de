import BybitAPI

/// `POST /v5/position/switch-mode`.
enum PositionModeRoutes {
    static let routes: [Route] = [
        Route(Catalog.switchMode, access: .signed(.marginWrite, mutates: true), handler: switchMode)
    ]

    /// `category` (linear), `symbol` or `coin` (one required; `symbol` wins), `mode` (integer:
    /// 0 one-way, 3 hedge). The reply is `{}`; the engine's refusals are
    /// ``Book/switchPositionMode(apiKey:instruments:hedge:nowMs:action:)``'s.
    /// The fields are read and checked by ``Catalog/switchMode``.
    static func switchMode(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")
        let coin = v.text("coin")
        let mode = v.integer("mode")!
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
