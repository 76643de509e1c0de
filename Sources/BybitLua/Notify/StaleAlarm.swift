import BybitAPI
import BybitStreams
import Dispatch
import NIOConcurrencyHelpers

/// Raises one alert when a `bybit.events` loop's feed has been stale for longer than the
/// run allows (`stale_alert_after` in `[notify]`, 60 s by default).
///
/// A `stale` event is reported once per silence, when the feed has been quiet for the
/// loop's `stale_after` (10 s by default); a dead exchange may then send nothing more, so
/// the alert cannot wait for the next event: a timer armed at the `stale` event fires
/// unless the feed is heard from first (a `reconnected`, a ticker of its category, an
/// account update for `private`) or the loop ends.
final class StaleAlarm: Sendable {
    private let alerts: any AlertSink
    private let afterSeconds: Double
    /// Ticker symbol → the feed it streams on (`linear`, `inverse`).
    private let tickerFeeds: [String: String]
    /// Per feed, the generation of its current silence; hearing from the feed (or closing)
    /// moves it on, so a timer of an older silence does nothing.
    private let generations = NIOLockedValueBox([String: Int]())
    private let closed = NIOLockedValueBox(false)

    init(alerts: any AlertSink, afterSeconds: Double, subscription: StreamSubscription) {
        self.alerts = alerts
        self.afterSeconds = afterSeconds
        tickerFeeds = Dictionary(
            subscription.tickers.map { ($0.symbol, $0.category.rawValue) }, uniquingKeysWith: { a, _ in a })
    }

    /// Looks at each event the loop yields (the Lua thread; cheap: a lock and a map).
    func observe(_ event: StreamEvent) {
        switch event {
        case .stale(let feed, let silentMs): arm(feed, silentMs: silentMs)
        case .reconnected(let feed): heard(feed)
        case .ticker(let symbol, _, _):
            if let feed = tickerFeeds[symbol] { heard(feed) }
        case .position, .wallet, .order, .execution: heard("private")
        }
    }

    /// The loop ended: no alert for a silence it no longer waits on.
    func close() {
        closed.withLockedValue { $0 = true }
    }

    private func heard(_ feed: String) {
        generations.withLockedValue { $0[feed, default: 0] += 1 }
    }

    private func arm(_ feed: String, silentMs: Int64) {
        let generation = generations.withLockedValue { g -> Int in
            g[feed, default: 0] += 1
            return g[feed]!
        }
        let delayMs = max(0, Int64(afterSeconds * 1000) - silentMs)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(delayMs))) { [self] in
            guard !closed.withLockedValue({ $0 }), generations.withLockedValue({ $0[feed] }) == generation else {
                return
            }
            let limit = Notifier.seconds(afterSeconds)
            alerts.alert(
                .warning, "stream '\(feed)' has been silent for more than \(limit) (stale, not reconnected)",
                fields: [("feed", feed), ("stale_alert_after", limit)])
        }
    }
}
