import BybitStreams
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import BybitLua

/// The notifier against a real loopback receiver: the bounded queue and its dropped
/// count, the rate limit, bounded retries, and a bounded shutdown.
@Suite struct NotifierTests {
    /// Log lines, collected.
    final class Lines: Sendable {
        private let box = NIOLockedValueBox([String]())
        var all: [String] { box.withLockedValue { $0 } }
        var sink: @Sendable (String) -> Void { { [box] line in box.withLockedValue { $0.append(line) } } }
    }

    static func notifier(_ receiver: WebhookReceiver, _ policy: NotifyPolicy, _ lines: Lines) throws -> Notifier {
        let target = try NotifyTarget.make(.webhook, url: receiver.url, number: 1).get()
        return Notifier(
            targets: [target], context: NotifyContext(script: "t.lua", env: "paper", key: nil), policy: policy,
            log: lines.sink)
    }

    @Test func aFullQueueDropsNewAlertsAndCountsThem() throws {
        let receiver = try WebhookReceiver { _ in nil }  // holds every post until released
        defer { receiver.shutdown() }
        var policy = NotifyPolicy()
        policy.queueLimit = 3
        let lines = Lines()
        let notifier = try Self.notifier(receiver, policy, lines)
        notifier.alert(.info, "1", fields: [])
        #expect(receiver.waitFor(1))  // the first is in flight, held
        for i in 2...10 { notifier.alert(.info, "\(i)", fields: []) }  // 3 wait, 6 are dropped
        receiver.release()
        #expect(receiver.waitFor(4))
        #expect(notifier.shutdown(within: 30) == 0)
        #expect(receiver.received.map { Self.text($0) } == ["1", "2", "3", "4"])
        let counts = notifier.counts[0]
        #expect(counts.delivered == 4 && counts.dropped == 6 && counts.failed == 0, "\(counts)")
        #expect(lines.all.contains("bybit-lua: notify: webhook #1 (webhook) is behind; 6 alerts dropped (queue full)"))
    }

    @Test func afterTheBurstPostsAreSpacedByTheRate() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        var policy = NotifyPolicy()
        policy.burst = 2
        policy.perSecond = 5  // a post every 0.2 s once the burst is spent
        let notifier = try Self.notifier(receiver, policy, Lines())
        for i in 1...4 { notifier.alert(.warning, "\(i)", fields: [("n", "\(i)")]) }
        #expect(receiver.waitFor(4))
        notifier.shutdown(within: 30)
        let at = receiver.arrivals
        // Two tokens at 5 per second: the 4th post comes at least ~0.4 s after the 2nd
        // (a lower bound only: a loaded machine can only make it later).
        #expect(at[3].timeIntervalSince(at[1]) >= 0.3, "\(at)")
        #expect(receiver.received.map { Self.text($0) } == ["1", "2", "3", "4"])
    }

    @Test func retriesAreBoundedAndA404IsNotRetried() throws {
        let failing = try WebhookReceiver { _ in 503 }
        let refusing = try WebhookReceiver { _ in 404 }
        defer {
            failing.shutdown()
            refusing.shutdown()
        }
        var policy = NotifyPolicy()
        policy.retryDelays = [0.01, 0.01]
        let lines = Lines()
        for receiver in [failing, refusing] {
            let notifier = try Self.notifier(receiver, policy, lines)
            notifier.alert(.error, "x", fields: [])
            #expect(notifier.shutdown(within: 30) == 0)
            #expect(notifier.counts[0].failed == 1)
        }
        #expect(failing.received.count == 3)
        #expect(refusing.received.count == 1)
        #expect(lines.all.contains("bybit-lua: notify: webhook #1 (webhook) answered 503; retrying in 0.01 s"))
        #expect(
            lines.all.contains(
                "bybit-lua: notify: webhook #1 (webhook) answered 503; alert not delivered after 3 attempts"))
        #expect(
            lines.all.contains(
                "bybit-lua: notify: webhook #1 (webhook) answered 404; alert not delivered (not retried)"))
        #expect(!lines.all.contains { $0.contains("127.0.0.1") })
    }

    @Test func shutdownGivesUpOnAHangingReceiverWithinItsBound() throws {
        let receiver = try WebhookReceiver { _ in nil }
        defer { receiver.shutdown() }
        var policy = NotifyPolicy()
        policy.attemptTimeout = 120
        let lines = Lines()
        let notifier = try Self.notifier(receiver, policy, lines)
        notifier.alert(.info, "a", fields: [])
        notifier.alert(.info, "b", fields: [])
        #expect(receiver.waitFor(1))
        let started = Date()
        #expect(notifier.shutdown(within: 0.2) == 2)
        #expect(Date().timeIntervalSince(started) < 60, "bounded by the shutdown, not the 120 s post timeout")
        #expect(lines.all.contains("bybit-lua: notify: webhook #1 (webhook): 2 alerts not delivered at exit"))
        notifier.alert(.info, "after", fields: [])
        #expect(notifier.counts[0].dropped == 0, "a stopped notifier takes nothing")
    }

    static func text(_ body: String) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["text"] as? String ?? body
    }
}
