/// The reply of `GET /v5/account/info`: the account's margin mode and status.
public struct AccountInfo: Sendable, Equatable {
    /// The `result` object exactly as received.
    public let raw: JSONValue
    /// `ISOLATED_MARGIN`, `REGULAR_MARGIN` (cross) or `PORTFOLIO_MARGIN`.
    public let marginMode: String?
    /// Unified account status (e.g. 5 or 6 for UTA 2.0).
    public let unifiedMarginStatus: Int64?
    /// Whether this is a master trader (copy-trading) account.
    public let isMasterTrader: Bool?
    /// Spot hedging, `ON` or `OFF`.
    public let spotHedgingStatus: String?
    /// Last update, Unix ms.
    public let updatedTime: Int64?

    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "account info", endpoint: endpoint)
        raw = json
        marginMode = try r.string("marginMode")
        unifiedMarginStatus = try r.int("unifiedMarginStatus")
        isMasterTrader = try r.bool("isMasterTrader")
        spotHedgingStatus = try r.string("spotHedgingStatus")
        updatedTime = try r.int("updatedTime")
    }
}
