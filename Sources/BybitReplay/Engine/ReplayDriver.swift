import BybitWire
import NIOConcurrencyHelpers
import PaperExchange

/// Moves a replay forward: reads the price history, applies each tick to the in-process
/// paper exchange (which runs auto-add-margin and liquidation at that mark), moves the
/// virtual clock, and records what happened in the ``ReplayTrace``.
///
/// Time passes only when the script waits: ``sleep(milliseconds:)`` (`bybit.sleep`, the
/// client's waits) applies every tick up to the wake-up time; an events loop
/// (``ReplayEvents``) applies one tick per event. Used from the Lua thread only, except the
/// exchange's change hook, which only records.
public final class ReplayDriver: @unchecked Sendable {
    /// The replay's clock.
    public let clock: VirtualClock
    /// What happened, for the report.
    public let trace: ReplayTrace
    let exchange: PaperExchange
    let apiKey: String
    private let source: PriceSource
    private var peeked: PriceTick?
    private var exhausted = false
    private var ahead = ReadAhead()
    private var endAnnounced = false
    private var lastAppliedMs = Int64.min
    private var over = false
    private var pacer: ReplayPacer?
    private let stop: @Sendable () -> Bool
    private let feeds = NIOLockedValueBox<[WeakFeed]>([])
    /// The ticks applied so far.
    public private(set) var ticksApplied = 0
    /// A price row that could not be read or applied mid-run; the run ended there.
    public private(set) var failure: String?

    private struct WeakFeed { weak var feed: ReplayEvents? }

    /// A driver starting at the history's first tick: `clock` is moved to its time (the
    /// exchange may already read it; nothing is applied until the script first waits or
    /// ``sleep(milliseconds:)`` is called).
    /// - Parameters:
    ///   - speed: `--speed N` (virtual time N times wall time); nil for `max`.
    ///   - stop: Ctrl-C, a stop signal or `--timeout` (wall): a paced wait or a long run of
    ///     ticks without an event for the script asks it, and stops when it says so.
    public init(
        source: PriceSource, clock: VirtualClock, exchange: PaperExchange, apiKey: String, trace: ReplayTrace,
        speed: Double?, stop: @escaping @Sendable () -> Bool
    ) throws(ReplayInputError) {
        self.source = source
        self.exchange = exchange
        self.apiKey = apiKey
        self.trace = trace
        self.stop = stop
        guard let first = try source.next() else { throw ReplayInputError("no prices to replay") }
        peeked = first
        self.clock = clock
        clock.advance(to: first.timeMs)
        pacer = speed.map { ReplayPacer(speed: $0, startVirtualMs: first.timeMs) }
        exchange.observeChanges { [weak self] change in self?.changed(change) }
    }

    /// The next tick, not yet applied; nil once the history is over (or failed).
    func peek() -> PriceTick? {
        guard peeked == nil, !exhausted else { return peeked }
        peeked = ahead.next(from: source)
        if peeked == nil {
            failure = ahead.failure
            exhausted = true
        }
        return peeked
    }

    /// Applies the next tick: the clock moves to its time (paced with `--speed N`), the
    /// exchange takes its mark, the trace records the mark and the open positions on it.
    /// False when a stop asked to end the wait or the exchange refused the price.
    @discardableResult
    func applyNext() -> Bool {
        guard let tick = peek() else { return false }
        if let pacer, !pacer.wait(until: tick.timeMs, stop: stop) { return false }
        if pacer == nil, ticksApplied & 63 == 0, stop() { return false }
        peeked = nil
        clock.advance(to: tick.timeMs)
        do {
            try exchange.setMarkPrice(symbol: tick.symbol, tick.mark)
        } catch {
            failure =
                "\(tick.symbol) at \(ReplayTime.iso(tick.timeMs)): the exchange refused mark \(tick.mark): \(error)"
            exhausted = true
            return false
        }
        ticksApplied += 1
        lastAppliedMs = tick.timeMs
        trace.mark(tick)
        for p in exchange.positionStates(apiKey: apiKey, symbol: tick.symbol) {
            trace.position(
                timeMs: tick.timeMs, symbol: p.symbol, side: p.side, size: p.size, liqPrice: p.liqPrice,
                positionIM: p.positionIM, mark: p.mark)
        }
        return true
    }

    /// Lets `milliseconds` of virtual time pass, applying every tick due by then. False when
    /// the run's time is over: the wake-up time is past the history's last row (or the end
    /// had been reached and an events loop told so), or a stop asked to end the wait.
    public func sleep(milliseconds: Int64) -> Bool {
        if over { return false }
        let wake = clock.nowMs() + max(0, milliseconds)
        while let next = peek(), next.timeMs <= wake {
            guard applyNext() else {
                if failure != nil { over = true }
                return false
            }
        }
        if milliseconds > 0, exhausted, wake > lastAppliedMs {
            over = true
            return false
        }
        if let pacer, !pacer.wait(until: wake, stop: stop) { return false }
        clock.advance(to: wake)
        return true
    }

    /// Moves the clock to `ms` without passing a tick (the caller checked none is due).
    func advanceClock(to ms: Int64) {
        if let pacer, !pacer.wait(until: ms, stop: stop) { return }
        clock.advance(to: ms)
    }

    /// The history is over and an events loop asks for more: the first loop to ask ends
    /// (true); any later wait ends the run (``sleep(milliseconds:)`` answers false from now).
    func announceEnd() -> Bool {
        if !endAnnounced {
            endAnnounced = true
            return true
        }
        over = true
        return false
    }

    /// Whether the run's time is over.
    public var isOver: Bool { over }

    /// Whether a stop (Ctrl-C, a signal, `--timeout`) was asked.
    var stopRequested: Bool { stop() }

    func register(_ feed: ReplayEvents) {
        feeds.withLockedValue { list in
            list.removeAll { $0.feed == nil }
            list.append(WeakFeed(feed: feed))
        }
    }

    /// The exchange's hook (under its lock): the trace and the open feeds record the change.
    private func changed(_ change: ExchangeChange) {
        TraceRecorder.record(change, apiKey: apiKey, into: trace)
        let open = feeds.withLockedValue { $0.compactMap(\.feed) }
        for feed in open { feed.enqueue(change) }
    }
}
