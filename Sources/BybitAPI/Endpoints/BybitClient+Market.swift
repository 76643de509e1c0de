extension BybitClient {
    /// `GET /v5/market/tickers` (public, unsigned). Blocking.
    /// - Throws: `validation` for an unknown category or a bad symbol/coin; otherwise as any read.
    public func tickers(_ request: TickersRequest) throws(BybitError) -> TickerList {
        let path = Catalog.tickers.path
        let result = try execute(PreparedRequest(Catalog.tickers, request.values)).envelope.result
        let r = try ModelFields(result, what: "tickers", endpoint: path)
        var tickers: [Ticker] = []
        for item in try r.array("list") { tickers.append(try Ticker(json: item, endpoint: path)) }
        let category = try r.string("category").map { Category(rawValue: $0) } ?? request.category
        return TickerList(raw: result, category: category, tickers: tickers)
    }

    /// `GET /v5/market/instruments-info` (public, unsigned), one page. Blocking.
    ///
    /// An unknown symbol comes back as an empty list (Bybit) or as 10001 (the paper
    /// exchange): callers that ask "is this symbol listed here" treat both as "no".
    /// - Throws: `validation` for an unknown category, a bad symbol/coin or a limit
    ///   outside 1...1000; otherwise as any read.
    public func instruments(_ request: InstrumentsInfoRequest) throws(BybitError) -> InstrumentList {
        let path = Catalog.instrumentsInfo.path
        let result = try execute(PreparedRequest(Catalog.instrumentsInfo, request.values)).envelope.result
        let r = try ModelFields(result, what: "instruments", endpoint: path)
        var instruments: [InstrumentInfo] = []
        for item in try r.array("list") { instruments.append(try InstrumentInfo(json: item, endpoint: path)) }
        let next = try r.string("nextPageCursor").flatMap { $0.isEmpty ? nil : $0 }
        return InstrumentList(raw: result, category: request.category, instruments: instruments, nextPageCursor: next)
    }

    /// `GET /v5/market/time` (public, unsigned). Blocking.
    public func serverTime() throws(BybitError) -> ServerTime {
        try serverTimeWithRoundTrip().time
    }

    /// Measures the clock offset from `/v5/market/time` and uses it for every signed
    /// request from now on: `offset = serverTime + RTT/2 − local time at receipt`.
    /// The client also does this by itself after a 10002. Blocking.
    /// - Returns: the new offset in ms (exchange minus local).
    @discardableResult
    public func syncClock() throws(BybitError) -> Int64 {
        let (time, sentAt, receivedAt) = try serverTimeWithRoundTrip()
        return clockSync.update(serverTime: time.milliseconds, sentAt: sentAt, receivedAt: receivedAt)
    }

    private func serverTimeWithRoundTrip() throws(BybitError) -> (time: ServerTime, sentAt: Int64, receivedAt: Int64) {
        let path = Catalog.serverTime.path
        let sentAt = clock.now()
        let reply = try execute(PreparedRequest(checked: Catalog.serverTime, RequestValues()))
        let receivedAt = clock.now()
        let time = try ServerTime(json: reply.envelope.result, envelopeTime: reply.envelope.time, endpoint: path)
        return (time, sentAt, receivedAt)
    }
}
