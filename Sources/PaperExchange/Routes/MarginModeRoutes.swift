import BybitAPI

/// `POST /v5/account/set-margin-mode`.
enum MarginModeRoutes {
    /// 5 requests per second (reference §5).
    static let rule = RateLimitRule(limit: 5, windowMs: 1000)

    static let routes: [Route] = [
        Route(
            method: .post, path: "/v5/account/set-margin-mode", access: .signed(rule, mutates: true),
            handler: setMarginMode)
    ]

    /// `setMarginMode`: `ISOLATED_MARGIN`, `REGULAR_MARGIN` (cross) or `PORTFOLIO_MARGIN`.
    /// The reply is `{"reasons": []}`; a refusal for a reason Bybit lists (portfolio margin
    /// below its equity floor) is 3400045 with the reasons in `result`.
    static func setMarginMode(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let text = try input.params.requiredString("setMarginMode")
        guard let mode = MarginMode(rawValue: text) else {
            let known = MarginMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw .params("setMarginMode '\(text)' is not a margin mode (\(known))")
        }
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            _ = try book.setMarginMode(apiKey: apiKey, to: mode, nowMs: input.nowMs)
        }
        return .object([("reasons", .array([]))])
    }
}
