extension Catalog {
    /// Bybit's kline intervals: minutes, then day, week and month.
    public static let klineIntervals = ["1", "3", "5", "15", "30", "60", "120", "240", "360", "720", "D", "W", "M"]

    /// `GET /v5/market/kline`: traded-price candles, newest first, each row
    /// `[startTime, open, high, low, close, volume, turnover]` as strings.
    ///
    /// Not in ``all``: its rows are arrays, which a ``Shape`` does not describe, and no Lua
    /// binding returns them (`bybit-lua klines` writes them to CSV). The declaration is what
    /// the client checks before sending and the paper exchange checks on receipt.
    public static let kline = klineEndpoint("/v5/market/kline", categories: ["spot", "linear", "inverse"])

    /// `GET /v5/market/mark-price-kline`: mark-price candles, newest first, each row
    /// `[startTime, open, high, low, close]` as strings. Not in ``all`` (see ``kline``).
    public static let markPriceKline = klineEndpoint(
        "/v5/market/mark-price-kline", categories: ["linear", "inverse", "option"])

    /// A time from 1970 to the end of year 9999, so no arithmetic on it can overflow.
    private static let msSince1970 = FieldCheck.range(
        0...253_402_300_799_999, described: "a time in ms from 1970 to 9999")

    private static func klineEndpoint(_ path: String, categories: [String]) -> EndpointSpec {
        EndpointSpec(
            .get, path, isPrivate: false, isMutation: false,
            request: [
                category(categories, required: false, doc: "linear when omitted"),
                Field("symbol", .symbol, required: true),
                Field("interval", .choice(klineIntervals), required: true, doc: "minutes, or D, W, M"),
                Field("start", .timestamp, checks: [msSince1970], doc: "ms; the candle containing it is the first"),
                Field("end", .timestamp, checks: [msSince1970], doc: "ms"),
                limit(1...1000),
            ],
            result: Shape(
                "bybit.KlinePage",
                [Field("category", .text), Field("symbol", .symbol)]))
    }
}
