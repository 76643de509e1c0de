/// One ticker from `GET /v5/market/tickers`. ``raw`` keeps every field (spot and option
/// tickers carry others); typed fields are the linear/inverse ones margin logic reads.
public struct Ticker: Sendable, Equatable {
    /// The ticker object exactly as received.
    public let raw: JSONValue
    /// Symbol, e.g. `BTCUSDT`.
    public let symbol: String
    /// Last traded price.
    public let lastPrice: ExactDecimal?
    /// Index price.
    public let indexPrice: ExactDecimal?
    /// Mark price (what liquidation is measured against).
    public let markPrice: ExactDecimal?
    /// Price 24 h and 1 h ago, and the 24 h change as a fraction.
    public let prevPrice24h: ExactDecimal?, prevPrice1h: ExactDecimal?, price24hPcnt: ExactDecimal?
    /// 24 h high and low.
    public let highPrice24h: ExactDecimal?, lowPrice24h: ExactDecimal?
    /// Open interest (contracts) and its value.
    public let openInterest: ExactDecimal?, openInterestValue: ExactDecimal?
    /// 24 h turnover and volume.
    public let turnover24h: ExactDecimal?, volume24h: ExactDecimal?
    /// Current funding rate.
    public let fundingRate: ExactDecimal?
    /// Next funding time, Unix ms.
    public let nextFundingTime: Int64?
    /// Best bid and ask with sizes.
    public let bid1Price: ExactDecimal?, bid1Size: ExactDecimal?, ask1Price: ExactDecimal?, ask1Size: ExactDecimal?

    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "ticker", endpoint: endpoint)
        raw = json
        symbol = try r.requiredString("symbol")
        lastPrice = try r.decimal("lastPrice")
        indexPrice = try r.decimal("indexPrice")
        markPrice = try r.decimal("markPrice")
        prevPrice24h = try r.decimal("prevPrice24h")
        prevPrice1h = try r.decimal("prevPrice1h")
        price24hPcnt = try r.decimal("price24hPcnt")
        highPrice24h = try r.decimal("highPrice24h")
        lowPrice24h = try r.decimal("lowPrice24h")
        openInterest = try r.decimal("openInterest")
        openInterestValue = try r.decimal("openInterestValue")
        turnover24h = try r.decimal("turnover24h")
        volume24h = try r.decimal("volume24h")
        fundingRate = try r.decimal("fundingRate")
        nextFundingTime = try r.int("nextFundingTime")
        bid1Price = try r.decimal("bid1Price")
        bid1Size = try r.decimal("bid1Size")
        ask1Price = try r.decimal("ask1Price")
        ask1Size = try r.decimal("ask1Size")
    }
}

/// The reply of `GET /v5/market/tickers`.
public struct TickerList: Sendable, Equatable {
    /// The `result` object exactly as received.
    public let raw: JSONValue
    /// The `category` of the reply.
    public let category: Category
    /// The tickers, in order.
    public let tickers: [Ticker]
}
