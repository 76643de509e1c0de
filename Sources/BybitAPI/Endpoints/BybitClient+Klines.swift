/// `GET /v5/market/kline` or `/v5/market/mark-price-kline`.
public struct KlinesRequest: Sendable, Equatable {
    /// Mark-price candles (`mark-price-kline`) rather than traded-price ones (`kline`).
    public var mark: Bool
    /// `linear` (Bybit's default), `inverse`, `spot` (traded) or `option` (mark).
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// One of ``Catalog/klineIntervals``: minutes, `D`, `W` or `M`.
    public var interval: String
    /// First candle: the one containing this ms time.
    public var start: Int64?
    /// Last candle start, in ms.
    public var end: Int64?
    /// Page size, 1...1000 (Bybit's default 200).
    public var limit: Int?

    /// A request; validated when sent.
    public init(
        mark: Bool, category: Category = .linear, symbol: String, interval: String, start: Int64? = nil,
        end: Int64? = nil, limit: Int? = nil
    ) {
        self.mark = mark
        self.category = category
        self.symbol = symbol
        self.interval = interval
        self.start = start
        self.end = end
        self.limit = limit
    }

    var endpoint: EndpointSpec { mark ? Catalog.markPriceKline : Catalog.kline }

    var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["interval"] = .text(interval)
        v["start"] = start.map { .integer($0) }
        v["end"] = end.map { .integer($0) }
        v["limit"] = limit.map { .integer(Int64($0)) }
        return v
    }

    /// The shortest candle of `interval` in ms (a month is at least 28 days).
    static func shortestCandleMs(_ interval: String) -> Int64? {
        switch interval {
        case "D": 86_400_000
        case "W": 7 * 86_400_000
        case "M": 28 * 86_400_000
        default: Int64(interval).map { $0 * 60_000 }
        }
    }
}

/// One candle as Bybit sent it.
public struct Kline: Sendable, Equatable {
    /// The candle's start, ms.
    public var startTime: Int64
    /// open, high, low, close (then volume and turnover for traded klines), each the exact
    /// text of the reply, checked to be a decimal.
    public var values: [String]

    /// A reply's row: at least five strings, an integer start and decimals after it.
    init?(_ item: JSONValue) {
        guard case .array(let cells) = item, cells.count >= 5 else { return nil }
        let texts = cells.compactMap(\.stringValue)
        guard texts.count == cells.count, let start = Int64(texts[0]),
            texts.dropFirst().allSatisfy({ (try? ExactDecimal(parsing: $0)) != nil })
        else { return nil }
        startTime = start
        values = Array(texts.dropFirst())
    }
}

extension BybitClient {
    /// One page of candles, newest first, as Bybit returns them. Blocking.
    /// - Throws: `validation` for a bad category, symbol, interval or limit (nothing is
    ///   sent); `decoding` for a row that is not `[startTime, open, high, low, close, …]`
    ///   strings; otherwise as any read.
    public func klines(_ request: KlinesRequest) throws(BybitError) -> [Kline] {
        let spec = request.endpoint
        let result = try execute(PreparedRequest(spec, request.values)).envelope.result
        let r = try ModelFields(result, what: "klines", endpoint: spec.path)
        var rows: [Kline] = []
        for item in try r.array("list") {
            guard let row = Kline(item) else {
                throw .decoding(
                    "a kline row is not [startTime, open, high, low, close, …] strings: \(ModelFields.excerpt(item))",
                    endpoint: spec.path)
            }
            rows.append(row)
        }
        return rows
    }

    /// Every closed candle starting in [`from`, `to`), oldest first, each handed to `each` as
    /// soon as its page arrives. Pages are windows of at most 1,000 candles (the documented
    /// limit), asked oldest window first, so whichever end Bybit would trim an over-long
    /// range from, nothing is skipped; each page's rows (newest first) are reversed, and a
    /// row not after the last one handed over is dropped. Pages are at least 10 ms apart
    /// (Bybit allows 600 requests per 5 s per IP). Blocking.
    /// - Throws: as ``klines(_:)``.
    public func klineHistory(_ request: KlinesRequest, from: Int64, to: Int64, each: (Kline) -> Void)
        throws(BybitError)
    {
        guard let step = KlinesRequest.shortestCandleMs(request.interval) else {
            _ = try klines(request)  // the catalog's check words the bad interval
            return
        }
        let window = step * 1000
        // The newest candle may still be open; one that started less than its shortest
        // length ago is (its close would change), so it is left out.
        let now = clock.now()
        var last: Int64?
        var windowStart = from
        while windowStart < to {
            let windowEnd = min(to - 1, windowStart + window - 1)
            var page = request
            page.start = windowStart
            page.end = windowEnd
            page.limit = 1000
            for row in try klines(page).reversed() {
                guard row.startTime >= from, row.startTime < to, row.startTime + step <= now,
                    last.map({ row.startTime > $0 }) ?? true
                else {
                    continue
                }
                last = row.startTime
                each(row)
            }
            windowStart = windowEnd + 1
            if windowStart < to { clock.sleep(10) }
        }
    }
}
