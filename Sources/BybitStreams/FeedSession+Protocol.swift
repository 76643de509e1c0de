import BybitAPI
import Foundation
import NIOConcurrencyHelpers
import WSClient

/// The session's side of Bybit's protocol: login, subscriptions and their acknowledgements,
/// what readiness means on a reconnect, and the heartbeat.
extension FeedSession {
    /// Sends the login, signed now with a fresh expiry.
    func login(_ outbound: WebSocketOutboundWriter) async throws {
        let frame: String
        do { frame = try hub.client.streamAuthFrame(validForMs: hub.timings.authExpiryMs) } catch {
            throw FeedFailure.refused(error)
        }
        try await outbound.write(.text(frame))
    }

    /// The login's answer: subscribe, or (once) measure the clock and log in again, or fail.
    /// Bybit answers every refusal alike ("Params Error"); an expiry behind a clock that
    /// drifted is one of them, so the clock is measured once over REST before giving up.
    func answered(login ok: Bool, why: String, _ outbound: WebSocketOutboundWriter) async throws {
        if ok { return try await subscribe(outbound) }
        let refused = FeedFailure.refused(
            .auth("the exchange refused the API key on the private stream: \(why)", endpoint: "/v5/private"))
        let retried = state.withLockedValue { s -> Bool in
            defer { s.authRetried = true }
            return s.authRetried
        }
        guard !retried else { throw refused }
        let client = hub.client
        let synced = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread { done.resume(returning: (try? client.syncClock()) != nil) }
        }
        guard synced else { throw refused }
        try await login(outbound)
    }

    /// Subscribes in requests of at most 10 topics (Bybit's spot limit; harmless elsewhere).
    func subscribe(_ outbound: WebSocketOutboundWriter) async throws {
        var requests: [(id: String, topics: [String])] = []
        var n = 0
        for start in stride(from: 0, to: plan.topics.count, by: 10) {
            n += 1
            requests.append(("\(plan.name)-\(n)", Array(plan.topics[start..<min(start + 10, plan.topics.count)])))
        }
        state.withLockedValue { $0.pending = requests }
        for r in requests {
            let request = JSONValue.object([
                ("req_id", .string(r.id)), ("op", .string("subscribe")),
                ("args", .array(r.topics.map(JSONValue.string))),
            ])
            try await outbound.write(.text(request.serialized))
        }
    }

    func acknowledge(id: String?, ok: Bool, why: String) throws {
        let (topics, nowReady) = state.withLockedValue { s -> ([String], Bool) in
            let at = s.pending.firstIndex { $0.id == id } ?? (s.pending.isEmpty ? nil : 0)
            let topics = at.map { s.pending.remove(at: $0).topics } ?? []
            let nowReady = ok && s.pending.isEmpty && !s.ready
            if nowReady { s.ready = true }
            return (topics, nowReady)
        }
        guard ok else {
            let named = topics.isEmpty ? "" : " to \(topics.joined(separator: ", "))"
            throw FeedFailure.refused(
                .validation(
                    "the exchange refused the subscription\(named) (unknown symbol or topic?): \(why)",
                    endpoint: plan.url))
        }
        if nowReady { becameReady() }
    }

    func becameReady() {
        if let firstHandshake {
            firstHandshake.set(.success(()))
            return
        }
        guard plan.isPrivate else {
            hub.log.append([.reconnected(feed: plan.name)])
            return
        }
        // The REST re-read blocks: on its own thread, never on an event loop.
        let hub = self.hub
        let name = plan.name
        Thread.detachNewThread {
            do {
                let seed = try hub.readAccount()
                hub.log.append(seed + [.reconnected(feed: name)])
            } catch {
                self.state.withLockedValue { $0.failure = .lost("re-reading positions and wallet failed: \(error)") }
            }
        }
    }

    /// Pings every ``StreamTimings/pingIntervalMs``; throws when a pong is later than
    /// ``StreamTimings/pongTimeoutMs`` (the connection is dead) or a re-read failed.
    func heartbeat(_ outbound: WebSocketOutboundWriter) async throws {
        let t = hub.timings
        var nextPingMs = Monotonic.milliseconds() + t.pingIntervalMs
        while true {
            let now = Monotonic.milliseconds()
            let (failure, sentAt) = state.withLockedValue { ($0.failure, $0.pingSentAtMs) }
            if let failure { throw failure }
            if let sentAt, now - sentAt >= t.pongTimeoutMs {
                throw FeedFailure.lost("no pong within \(t.pongTimeoutMs) ms: the connection is dead")
            }
            if now >= nextPingMs {
                let n = state.withLockedValue { s -> Int in
                    s.pings += 1
                    if s.pingSentAtMs == nil { s.pingSentAtMs = now }
                    return s.pings
                }
                try await outbound.write(.text(#"{"req_id":"ping-\#(n)","op":"ping"}"#))
                nextPingMs = now + t.pingIntervalMs
            }
            var wake = nextPingMs
            if let sentAt = state.withLockedValue({ $0.pingSentAtMs }) { wake = min(wake, sentAt + t.pongTimeoutMs) }
            // A failed re-read is noticed within 250 ms.
            try await Task.sleep(for: .milliseconds(max(1, min(wake - Monotonic.milliseconds(), 250))))
        }
    }
}
