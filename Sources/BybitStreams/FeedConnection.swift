import BybitAPI
import Logging
import NIOConcurrencyHelpers

/// What one connection serves: a public category's tickers, or the private topics.
struct FeedPlan: Sendable {
    /// `linear`, `inverse` or `private` (the name `reconnected` and `stale` carry).
    let name: String
    let url: String
    let topics: [String]
    var isPrivate: Bool { name == "private" }
}

/// Why a connection ended.
enum FeedFailure: Error {
    /// Not worth retrying at start: the exchange refused the credentials or a topic.
    case refused(BybitError)
    /// The connection was lost or is dead (no pong, a failed re-read); reconnect.
    case lost(String)
    /// The login or a subscription went unanswered for the handshake bound.
    case unanswered(String)
}

/// One stream connection for the hub's lifetime: connects, and after a loss reconnects
/// with jittered exponential backoff (bounded by ``StreamTimings/maxBackoffMs``), each
/// time re-authenticating with a fresh expiry and resubscribing (``FeedSession``).
final class FeedConnection: Sendable {
    let plan: FeedPlan
    let hub: StreamHub
    /// The first handshake's outcome, awaited by `start`.
    let firstHandshake = Latch<Result<Void, BybitError>>()
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(plan: FeedPlan, hub: StreamHub) {
        self.plan = plan
        self.hub = hub
    }

    /// Starts connecting in the background.
    func launch() {
        task.withLockedValue { $0 = Task { await self.run() } }
    }

    /// Ends the connection and any reconnecting.
    func stop() {
        task.withLockedValue { $0?.cancel() }
    }

    private func run() async {
        var attempt = 0
        var everReady = false
        while !Task.isCancelled {
            let session = FeedSession(plan: plan, hub: hub, firstHandshake: everReady ? nil : firstHandshake)
            let startedMs = Monotonic.milliseconds()
            let failure = await session.run()
            if session.isReady {
                everReady = true
            } else if !everReady {
                // At start a failure is the caller's error, not a reason to retry.
                firstHandshake.set(.failure(Self.error(failure, plan: plan)))
                return
            }
            if Task.isCancelled { return }
            hub.logger.warning("stream \(plan.name) lost (\(Self.describe(failure))); reconnecting")
            if Monotonic.milliseconds() - startedMs >= hub.timings.stableAfterMs { attempt = 0 }
            let delay = Self.backoff(attempt: attempt, hub.timings)
            attempt += 1
            try? await Task.sleep(for: .milliseconds(delay))
        }
    }

    /// The delay before reconnect attempt `attempt` (0-based): `initial * 2^attempt` capped
    /// at the maximum, then jittered to 50-100 % of it so many clients do not reconnect in step.
    static func backoff(attempt: Int, _ t: StreamTimings) -> Int64 {
        let exponent = min(attempt, 30)
        let full = min(t.maxBackoffMs, t.initialBackoffMs << exponent)
        return max(1, full / 2 + Int64.random(in: 0...max(0, full / 2)))
    }

    private static func describe(_ failure: FeedFailure) -> String {
        switch failure {
        case .refused(let e): e.message
        case .lost(let why), .unanswered(let why): why
        }
    }

    private static func error(_ failure: FeedFailure, plan: FeedPlan) -> BybitError {
        switch failure {
        case .refused(let e): e
        case .lost(let why): .network("the \(plan.name) stream (\(plan.url)) failed: \(why)", endpoint: plan.url)
        case .unanswered(let why): .timeout("the \(plan.name) stream (\(plan.url)): \(why)", endpoint: plan.url)
        }
    }
}
