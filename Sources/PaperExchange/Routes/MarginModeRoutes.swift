import BybitAPI

/// `POST /v5/account/set-margin-mode`.
enum MarginModeRoutes {
    /// 5 requests per second (reference §5).
    static let rule = RateLimitRule(limit: 5, windowMs: 1000)

    static let routes: [Route] = [
        Route(Catalog.setMarginMode, access: .signed(rule, mutates: true), handler: setMarginMode)
    ]

    /// `setMarginMode`: `ISOLATED_MARGIN`, `REGULAR_MARGIN` (cross) or `PORTFOLIO_MARGIN`,
    /// read and checked by ``Catalog/setMarginMode``. The reply is `{"reasons": []}`; a
    /// refusal for a reason Bybit lists (portfolio margin below its equity floor) is
    /// 3400045 with the reasons in `result`.
    static func setMarginMode(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let text = input.values.text("setMarginMode")!
        // The catalog's choices are the engine's modes; a mode only one side knows is refused.
        guard let mode = MarginMode(rawValue: text) else {
            throw .params("setMarginMode '\(text)' is not supported by the paper exchange")
        }
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            _ = try book.setMarginMode(apiKey: apiKey, to: mode, nowMs: input.nowMs)
        }
        return .object([("reasons", .array([]))])
    }
}
