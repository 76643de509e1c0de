import BybitAPI
import BybitWire
import Foundation

/// What the connections hand to the Lua thread: the account log (FIFO, never dropped),
/// the ticker state (merged, conflated) and each ticker feed's silence, under one lock
/// whose condition wakes a waiting ``next(deadlineMs:stop:)``.
final class EventLog: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    /// Each queued event with the exchange's time of the push it came in (nil: a REST row,
    /// `reconnected`).
    private var queue: [(event: StreamEvent, pushedMs: Int64?)] = []
    /// The exchange's time of the newest push merged into each symbol's ticker.
    private var tickerPushedMs: [String: Int64] = [:]
    /// The exchange's time of the push the event ``next(deadlineMs:stop:)`` returned last came in.
    private var takenPushedMs: Int64?
    private var head = 0
    private var tickers = TickerBook()
    private var silence: [String: FeedSilence] = [:]
    private var closed = false
    private let clock: BybitClock

    /// How long one wait lasts at most before the stop check is asked again (as `bybit.sleep`).
    static let stopSliceMs: Int64 = 50

    init(clock: BybitClock) { self.clock = clock }

    /// Appends account events (or `reconnected`) to the log, in order; `pushedMs` is the
    /// exchange's time of the push they came in (nil for REST rows).
    func append(_ events: [StreamEvent], pushedMs: Int64? = nil) {
        guard !events.isEmpty else { return }
        condition.lock()
        queue.append(contentsOf: events.lazy.map { ($0, pushedMs) })
        condition.broadcast()
        condition.unlock()
    }

    /// Merges one ticker push (`snapshot` replaces, `delta` updates the fields it carries);
    /// the feed is heard from.
    func ticker(feed: String, symbol: String, isSnapshot: Bool, data: JSONObject, pushedMs: Int64? = nil) {
        condition.lock()
        tickers.apply(symbol: symbol, isSnapshot: isSnapshot, data: data)
        tickerPushedMs[symbol] = pushedMs
        silence[feed]?.heard(at: Monotonic.milliseconds())
        condition.broadcast()
        condition.unlock()
    }

    /// `feed` said something (the private feed: any frame, pongs included).
    func heard(feed: String) {
        condition.lock()
        silence[feed]?.heard(at: Monotonic.milliseconds())
        condition.unlock()
    }

    /// Starts watching `feed` for silence (its first push is awaited from now on).
    func watch(feed: String, staleAfterMs: Int64) {
        condition.lock()
        silence[feed] = FeedSilence(staleAfterMs: staleAfterMs, lastHeardMs: Monotonic.milliseconds())
        condition.unlock()
    }

    /// Adds `symbol` to the ticker state (nil until its first snapshot).
    func expect(symbol: String) {
        condition.lock()
        tickers.expect(symbol)
        condition.unlock()
    }

    /// The merged ticker of `symbol`.
    func ticker(_ symbol: String) -> JSONValue? {
        condition.lock()
        defer { condition.unlock() }
        return tickers.merged(symbol)
    }

    /// The exchange's time (Unix ms) of the push the event ``next(deadlineMs:stop:)``
    /// returned last came in: the newest push merged into a ticker; nil for a REST row, a
    /// `reconnected` or `stale`, or a push without a time.
    var lastPushedMs: Int64? {
        condition.lock()
        defer { condition.unlock() }
        return takenPushedMs
    }

    /// Ends every wait: ``next(deadlineMs:stop:)`` returns nil from now on once the log is drained.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next event (see ``StreamHub/next(deadlineMs:stop:)``).
    func next(deadlineMs: Int64?, stop: @Sendable () -> Bool) -> StreamEvent? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let event = takeLocked() { return event }
            if closed { return nil }
            // The caller's check runs outside the lock (it may ask the hub for a ticker).
            condition.unlock()
            let stopped = stop()
            condition.lock()
            if stopped { return nil }
            var waitMs = Self.stopSliceMs
            if let deadlineMs {
                let left = deadlineMs - clock.now()
                if left <= 0 { return nil }
                waitMs = min(waitMs, left)
            }
            let now = Monotonic.milliseconds()
            for s in silence.values { if let at = s.staleAt { waitMs = min(waitMs, max(1, at - now)) } }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(waitMs) / 1000))
        }
    }

    /// The log first, then a stale feed, then a changed ticker; nil when nothing is due.
    private func takeLocked() -> StreamEvent? {
        takenPushedMs = nil
        if head < queue.count {
            let (event, pushedMs) = queue[head]
            takenPushedMs = pushedMs
            head += 1
            if head >= 1024 && head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return event
        }
        let now = Monotonic.milliseconds()
        for feed in silence.keys.sorted() {
            if let silentMs = silence[feed]?.takeStale(now: now) { return .stale(feed: feed, silentMs: silentMs) }
        }
        if let (symbol, merged, skipped) = tickers.takeChanged() {
            takenPushedMs = tickerPushedMs[symbol]
            return .ticker(symbol: symbol, ticker: merged, skipped: skipped)
        }
        return nil
    }
}

/// When a ticker feed was last heard from, and whether its current silence was reported.
struct FeedSilence {
    let staleAfterMs: Int64
    var lastHeardMs: Int64
    var reported = false

    mutating func heard(at ms: Int64) {
        lastHeardMs = ms
        reported = false
    }

    /// When this silence becomes stale (nil once reported).
    var staleAt: Int64? { reported ? nil : lastHeardMs + staleAfterMs }

    /// The silence's length when it is stale and not yet reported (and marks it reported).
    mutating func takeStale(now: Int64) -> Int64? {
        guard !reported, now - lastHeardMs >= staleAfterMs else { return nil }
        reported = true
        return now - lastHeardMs
    }
}

/// The monotonic clock: silences must not move with the wall clock.
enum Monotonic {
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func milliseconds() -> Int64 { Int64(nanoseconds() / 1_000_000) }
}
