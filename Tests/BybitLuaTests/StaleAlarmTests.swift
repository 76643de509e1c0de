import BybitAPI
import BybitStreams
import Foundation
import Testing

@testable import BybitLua

/// A feed stale for longer than `stale_alert_after` raises one alert (delivered to a real
/// receiver); a feed heard from in time, or a loop that ended, raises none.
@Suite struct StaleAlarmTests {
    @Test func aSilenceNotEndedInTimeIsAlertedOnceAndAnEndedOneIsNot() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let notifier = try NotifierTests.notifier(receiver, NotifyPolicy(), NotifierTests.Lines())
        let subscription = StreamSubscription(tickers: [("BTCUSDT", .linear), ("BTCUSD", .inverse)], positions: true)
        let alarm = StaleAlarm(alerts: notifier, afterSeconds: 0.3, subscription: subscription)
        alarm.observe(.stale(feed: "inverse", silentMs: 100))
        alarm.observe(.ticker(symbol: "BTCUSD", ticker: .object([:]), skipped: 0))  // inverse heard from: no alert
        alarm.observe(.stale(feed: "private", silentMs: 100))
        alarm.observe(.reconnected(feed: "private"))  // no alert either
        alarm.observe(.stale(feed: "linear", silentMs: 100))  // alerted 0.2 s from now
        #expect(receiver.waitFor(1))
        // A later silence on a second alarm, due after every timer above: once it has
        // arrived, any alert for inverse or private would have arrived before it.
        let closed = StaleAlarm(alerts: notifier, afterSeconds: 0.3, subscription: subscription)
        closed.observe(.stale(feed: "inverse", silentMs: 0))
        closed.close()  // the loop ended: nothing
        let sentinel = StaleAlarm(alerts: notifier, afterSeconds: 0.6, subscription: subscription)
        sentinel.observe(.stale(feed: "sentinel", silentMs: 0))
        #expect(receiver.waitFor(2))
        notifier.shutdown(within: 30)
        let texts = receiver.received.map { NotifierTests.text($0) }
        #expect(
            texts == [
                "stream 'linear' has been silent for more than 0.3 s (stale, not reconnected)",
                "stream 'sentinel' has been silent for more than 0.6 s (stale, not reconnected)",
            ], "\(texts)")
    }
}
