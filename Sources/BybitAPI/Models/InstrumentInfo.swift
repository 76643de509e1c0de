/// One instrument from `GET /v5/market/instruments-info`. ``raw`` keeps every field
/// (price, lot-size and leverage filters included); the typed fields are the ones the
/// client needs to tell which category a symbol is listed in.
public struct InstrumentInfo: Sendable, Equatable {
    /// The instrument object exactly as received.
    public let raw: JSONValue
    /// Symbol, e.g. `BTCUSDT`.
    public let symbol: String
    /// `Trading`, `PreLaunch`, `Delivering`, `Closed`, when present.
    public let status: String?
    /// Base, quote and settle coins, when present.
    public let baseCoin: String?, quoteCoin: String?, settleCoin: String?
    /// `LinearPerpetual`, `InversePerpetual`, `LinearFutures`, `InverseFutures`, when present.
    public let contractType: String?

    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "instrument", endpoint: endpoint)
        raw = json
        symbol = try r.requiredString("symbol")
        status = try r.string("status")
        baseCoin = try r.string("baseCoin")
        quoteCoin = try r.string("quoteCoin")
        settleCoin = try r.string("settleCoin")
        contractType = try r.string("contractType")
    }
}

/// The reply of `GET /v5/market/instruments-info` (one page).
public struct InstrumentList: Sendable, Equatable {
    /// The `result` object exactly as received.
    public let raw: JSONValue
    /// The category asked for (Bybit echoes it; an unknown symbol may come back as `""`).
    public let category: Category
    /// The instruments of this page, in order.
    public let instruments: [InstrumentInfo]
    /// The cursor of the next page; `nil` on the last one.
    public let nextPageCursor: String?
}
