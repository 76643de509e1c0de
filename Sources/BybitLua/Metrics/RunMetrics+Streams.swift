import BybitStreams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The streams as the script's loops see them: connected per feed (1 from the loop's start
/// or a `reconnected` until a `stale` or the loop's end), reconnects, the last event's age,
/// how late pushed events reach the script, and how long the loop body (a handler) took.
extension RunMetrics {
    /// A `bybit.events` loop started its streams: `feeds` are `linear`, `inverse`, `private`.
    public func streamsOpened(_ id: ObjectIdentifier, feeds: [String]) {
        let now = StreamState.monotonicNs()
        let changed = streams.withLockedValue { s -> [(String, Bool)] in
            s.open[id] = feeds
            s.lastEventNs = s.lastEventNs ?? now
            for f in feeds { s.stale.remove(f) }
            return s.connectedStates()
        }
        publish(changed)
    }

    /// The loop `id` ended: its feeds are no longer connected (unless another loop has them).
    public func streamsClosed(_ id: ObjectIdentifier) {
        let changed = streams.withLockedValue { s -> [(String, Bool)] in
            let before = s.connectedStates()
            s.open[id] = nil
            let after = Dictionary(s.connectedStates(), uniquingKeysWith: { a, _ in a })
            return before.map { ($0.0, after[$0.0] ?? false) }
        }
        publish(changed)
    }

    /// The loop handed `event` to the script (nil: a timer tick). Its lag, by type, is
    /// `clockMs` (the client's exchange-aligned clock, now) less the exchange's time of the
    /// push it came in, `pushedMs` (a ticker's `ts`, an account push's `creationTime`); an
    /// order or execution without one falls back to its `updatedTime` or `execTime`. Events
    /// that were not pushed (positions and wallet read over REST at start or after a
    /// reconnect) have no lag: their times say when the account last changed, not when it was sent.
    public func delivered(_ event: StreamEvent?, clockMs: Int64, pushedMs: Int64? = nil) {
        guard let event else {
            count("bybit_events_total", [("type", "timer")])
            return
        }
        var feedChange: (String, Bool)?
        var lagFrom = pushedMs
        let type: String
        switch event {
        case .ticker: type = "ticker"
        case .position: type = "position"
        case .wallet: type = "wallet"
        case .order(let o):
            type = "order"
            lagFrom = lagFrom ?? o["updatedTime"]?.stringValue.flatMap { Int64($0) }
        case .execution(let e):
            type = "execution"
            lagFrom = lagFrom ?? e["execTime"]?.stringValue.flatMap { Int64($0) }
        case .reconnected(let feed):
            type = "reconnected"
            feedChange = (feed, true)
            count("bybit_stream_reconnects_total", [("feed", feed)])
        case .stale(let feed, _):
            type = "stale"
            feedChange = (feed, false)
        }
        count("bybit_events_total", [("type", type)])
        let now = StreamState.monotonicNs()
        streams.withLockedValue { s in
            if type != "stale" { s.lastEventNs = now }
            if let (feed, up) = feedChange {
                if up { s.stale.remove(feed) } else { s.stale.insert(feed) }
            }
        }
        if let (feed, up) = feedChange { publish([(feed, up)]) }
        if let lagFrom, clockMs >= lagFrom {
            timer("bybit_event_lag_seconds", [("type", type)]).recordNanoseconds((clockMs - lagFrom) * 1_000_000)
        }
    }

    /// How long the script spent on one event before asking for the next.
    public func handled(nanoseconds: UInt64) {
        timer("bybit_handler_duration_seconds", []).recordNanoseconds(Int64(clamping: nanoseconds))
    }

    private func publish(_ states: [(String, Bool)]) {
        for (feed, up) in states { gauge("bybit_stream_connected", [("feed", feed)]).record(up ? 1 : 0) }
    }
}

/// The open loops' feeds, the stale ones, and when the last stream event was delivered.
struct StreamState {
    var open: [ObjectIdentifier: [String]] = [:]
    var stale: Set<String> = []
    var lastEventNs: UInt64?

    /// Every feed any loop has had open: connected while open and not stale.
    func connectedStates() -> [(String, Bool)] {
        let openFeeds = Set(open.values.joined())
        return openFeeds.sorted().map { ($0, !stale.contains($0)) }
    }

    func lastEventAgeSeconds(nowNs: UInt64) -> Double? {
        lastEventNs.map { Double(nowNs &- $0) / 1e9 }
    }

    static func monotonicNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
