import HTTPTypes

/// One `/v5/` endpoint: method, path, who may call it and its handler.
struct Route: Sendable {
    enum Access: Sendable {
        /// Public market data, limited per IP.
        case market
        /// Signed; limited per key and endpoint by `rule`; `mutates` marks the endpoints
        /// whose effects go into the ledger.
        case signed(RateLimitRule, mutates: Bool)
    }

    /// What a handler gets.
    struct Input: Sendable {
        /// The authenticated key (nil on public endpoints).
        let apiKey: String?
        let params: RequestParams
        let nowMs: Int64
        let core: ExchangeCore
    }

    typealias Handler = @Sendable (Input) throws(PaperAPIError) -> JSONNode

    let method: HTTPRequest.Method
    let path: String
    let access: Access
    let handler: Handler

    /// Every endpoint the paper exchange serves, by path.
    static let table: [String: Route] = {
        let routes = MarketRoutes.routes + PositionRoutes.routes + AccountRoutes.routes + ClientSupportRoutes.routes
            + OrderRoutes.routes + OrderListRoutes.routes + ExecutionRoutes.routes + TradingStopRoutes.routes
            + LeverageRoutes.routes + PositionModeRoutes.routes + MarginModeRoutes.routes
        return Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0) })
    }()
}
