import BybitAPI
import BybitStreams

/// One `bybit.events{…}` loop: its stream hub (nil for a loop of timers only), its timer
/// and whether `bybit.stop()` asked it to end. Used on the Lua thread only.
final class EventFeed {
    /// The streams; nil when the loop subscribes to nothing and only ticks its timer.
    let hub: (any EventSource)?
    /// The timer period, ms; nil without `every`.
    let everyMs: Int64?
    /// When the next timer event is due, on ``now``'s clock.
    private(set) var timerDueMs: Int64?
    /// `bybit.stop()` was called: the loop ends at its next step.
    var stopping = false
    /// Alerts when a feed stays stale (set when the run has alerts and the loop has streams).
    var staleAlarm: StaleAlarm?
    private(set) var closed = false
    /// The clock the hub's deadlines are on (the client's).
    let now: () -> Int64
    private weak var registry: OpenStreams?

    init(hub: (any EventSource)?, everyMs: Int64?, now: @escaping () -> Int64, registry: OpenStreams) {
        self.hub = hub
        self.everyMs = everyMs
        self.now = now
        self.registry = registry
        if let everyMs { timerDueMs = now() + everyMs }
    }

    /// Whether the timer is due now; when it is, the next one is scheduled a period later
    /// (or a period from now when the loop fell behind: late ticks are not replayed).
    func takeTimer() -> Bool {
        guard let everyMs, let due = timerDueMs else { return false }
        let t = now()
        guard t >= due else { return false }
        timerDueMs = due + everyMs <= t ? t + everyMs : due + everyMs
        return true
    }

    /// Stops the streams and forgets the loop; idempotent (`__close`, the end of the
    /// loop, `bybit.stop()` and the collector may each get here).
    func close() {
        guard !closed else { return }
        closed = true
        staleAlarm?.close()
        stepBegins()  // a handler that ended the loop (`break`, an error) ran until now
        if let hub { RunMetrics.current?.streamsClosed(ObjectIdentifier(hub)) }
        hub?.stop()
        registry?.remove(self)
    }

    deinit { hub?.stop() }

    /// When the last event was handed to the script (monotonic ns), for `--metrics`.
    private var deliveredNs: UInt64?

    /// The loop asks for its next event, or ends: the script's handling of the last one is over.
    func stepBegins() {
        guard let metrics = RunMetrics.current, let at = deliveredNs else { return }
        deliveredNs = nil
        metrics.handled(nanoseconds: StreamState.monotonicNs() &- at)
    }

    /// `event` (nil: a timer tick) goes to the script now.
    func delivering(_ event: StreamEvent?) {
        guard let metrics = RunMetrics.current else { return }
        metrics.delivered(event, clockMs: now(), pushedMs: event == nil ? nil : hub?.lastPushedMs)
        deliveredNs = StreamState.monotonicNs()
    }
}

/// The `bybit.events` loops open in a run, for `bybit.stop()` and for `bybit.ticker`,
/// which answers from a subscribed stream's state instead of asking over REST.
/// Held weakly: a loop the script dropped without closing (an iterator called by hand,
/// then forgotten) is stopped when the collector frees it, not kept open by this list.
final class OpenStreams {
    private struct Weak { weak var feed: EventFeed? }
    private var entries: [Weak] = []
    private var feeds: [EventFeed] { entries.compactMap(\.feed) }

    func add(_ feed: EventFeed) {
        entries.removeAll { $0.feed == nil }
        entries.append(Weak(feed: feed))
    }

    func remove(_ feed: EventFeed) { entries.removeAll { $0.feed == nil || $0.feed === feed } }

    /// Asks every open loop to end at its next step; false when none was open.
    func stopAll() -> Bool {
        for f in feeds { f.stopping = true }
        return !feeds.isEmpty
    }

    /// Closes every open loop now (their streams stop); false when none was open.
    func closeAll() -> Bool {
        let open = feeds
        for f in open { f.close() }
        return !open.isEmpty
    }

    /// The latest merged ticker of `symbol` from the newest open loop subscribed to it
    /// that has had its snapshot; nil otherwise (the caller then reads it over REST).
    func ticker(_ symbol: String) -> JSONValue? {
        for f in feeds.reversed() where !f.closed {
            if let t = f.hub?.ticker(symbol) { return t }
        }
        return nil
    }
}

extension BybitSession {
    /// Closes every `bybit.events` loop still open, and its streams; false when none was.
    ///
    /// For the REPL after a line Ctrl-C stopped: the stop ends every loop (as `bybit.events`
    /// promises), but a loop can miss its own close. A stop raised while the body runs
    /// unwinds through the `for`, whose `__close` is then pre-empted by the stop's hook (it
    /// fires on every call until the run ends); a stop between `bybit.events` returning
    /// and the `for` taking its closing value leaves nothing to close it; and a loop kept
    /// in a variable has no `for`. Such a loop stayed open (its streams connected,
    /// `bybit.stop()` true) until the collector freed it (REPLInterruptedLoopTests).
    @discardableResult
    public func endLoops() -> Bool { openLoops.closeAll() }

    /// Starts the streams for `subscription` on this run's client (connect, authenticate,
    /// subscribe, seed positions and wallet). A refusal is the script's error, as for any call.
    func openStreams(_ subscription: StreamSubscription) throws -> any EventSource {
        if let make = options.eventSource {
            do { return try make(subscription, try client()) } catch let e as BybitError { throw ScriptError(e) }
        }
        let hub = StreamHub(client: try client())
        do {
            try hub.start(subscription)
        } catch {
            hub.stop()
            throw ScriptError(error)
        }
        RunMetrics.current?.streamsOpened(ObjectIdentifier(hub), feeds: Self.feedNames(subscription))
        return hub
    }

    /// The feeds `subscription` opens, as stream events name them.
    static func feedNames(_ subscription: StreamSubscription) -> [String] {
        Set(subscription.tickers.map(\.category.rawValue)).sorted() + (subscription.needsPrivate ? ["private"] : [])
    }

    /// The client's clock (Unix ms), which the hub's deadlines are on.
    func clientClock() throws -> @Sendable () -> Int64 {
        try client().configuration.clock.now
    }
}
