import BybitAPI
import BybitStreams
import BybitWire
import NIOConcurrencyHelpers
import PaperExchange

/// A `bybit.events` loop's events in a replay, made in-process instead of over a WebSocket:
/// a ticker event per price row of a subscribed symbol (the exchange's own ticker at that
/// mark), and the exchange's account changes (position, wallet, order, execution) as a
/// private connection would push them. Waiting for the next event is what moves the
/// virtual clock: ``next(deadlineMs:)`` applies the next row, or moves to the deadline
/// when that comes first; at the end of the history it returns nil for good.
public final class ReplayEvents: EventSource {
    private let driver: ReplayDriver
    private let tickers: Set<String>
    private let topics: [String]
    private var pending: [StreamEvent] = []
    private var pendingIndex = 0
    private let changes = NIOLockedValueBox<[ExchangeChange]>([])
    private var stopped = false
    private var ended = false

    /// Checks the subscription as the live streams do (a known symbol of a linear or inverse
    /// category; private topics need the run's key), then, as they do after subscribing,
    /// reads positions and wallet over REST into the first events.
    public init(driver: ReplayDriver, subscription: StreamSubscription, client: BybitClient) throws(BybitError) {
        self.driver = driver
        guard !subscription.tickers.isEmpty || subscription.needsPrivate else {
            throw .validation("nothing to subscribe to: give tickers or an account topic", endpoint: "")
        }
        var symbols = Set<String>()
        for (symbol, category) in subscription.tickers {
            guard let listed = driver.exchange.category(symbol: symbol) else {
                throw .validation("tickers stream: unknown symbol '\(symbol)'", endpoint: "")
            }
            guard listed == category.rawValue else {
                throw .validation(
                    "tickers stream for \(symbol): category must be \(listed), got '\(category)'", endpoint: "")
            }
            symbols.insert(symbol)
        }
        tickers = symbols
        var t: [String] = []
        if subscription.positions { t.append("position") }
        if subscription.wallet { t.append("wallet") }
        if subscription.orders { t.append("order") }
        if subscription.executions { t.append("execution") }
        topics = t
        driver.register(self)
        pending.append(
            contentsOf: try StreamHub.readAccount(
                client, positions: subscription.positions, wallet: subscription.wallet))
        // the reads are not changes: what they saw must not come again as pushes
        changes.withLockedValue { $0.removeAll() }
    }

    /// Called by the driver under the exchange's lock: only records.
    func enqueue(_ change: ExchangeChange) {
        guard !topics.isEmpty, !change.entries.isEmpty else { return }
        changes.withLockedValue { $0.append(change) }
    }

    public func next(deadlineMs: Int64?) -> StreamEvent? {
        while !stopped {
            if let event = take() { return event }
            if driver.isOver || driver.stopRequested { return nil }
            guard let tick = driver.peek() else {
                // the history is over: this loop ends; a later wait ends the run
                if !ended {
                    ended = true
                    if driver.announceEnd() { return nil }
                }
                _ = driver.announceEnd()
                return nil
            }
            if let deadlineMs, deadlineMs < tick.timeMs {
                driver.advanceClock(to: deadlineMs)
                return take()
            }
            guard driver.applyNext() else { return take() }
            render()
            if tickers.contains(tick.symbol), let row = driver.exchange.tickerRow(symbol: tick.symbol) {
                pending.append(.ticker(symbol: tick.symbol, ticker: row, skipped: 0))
            }
        }
        return nil
    }

    public func ticker(_ symbol: String) -> JSONValue? {
        tickers.contains(symbol) ? driver.exchange.tickerRow(symbol: symbol) : nil
    }

    public func stop() { stopped = true }

    /// The next queued event: account pushes rendered first, in the exchange's order.
    private func take() -> StreamEvent? {
        render()
        guard pendingIndex < pending.count else { return nil }
        let event = pending[pendingIndex]
        pendingIndex += 1
        if pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
        }
        return event
    }

    /// The recorded changes as this loop's account events.
    private func render() {
        let taken = changes.withLockedValue { c -> [ExchangeChange] in
            defer { c.removeAll() }
            return c
        }
        let now = driver.clock.nowMs()
        for change in taken {
            for (kind, row) in change.pushes(apiKey: driver.apiKey, topics: topics, nowMs: now) {
                switch kind {
                case "position": pending.append(.position(row))
                case "wallet": pending.append(.wallet(row))
                case "order": pending.append(.order(row))
                case "execution": pending.append(.execution(row))
                default: continue
                }
            }
        }
    }
}
