import AsyncHTTPClient
import BybitAPI
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Delivers a run's alerts to its webhooks on background threads, one per target, so a
/// slow or dead receiver delays neither the script nor the other targets.
///
/// `alert` (the Lua thread) only appends to each target's bounded queue under a lock that
/// no one holds across I/O. Each target's thread posts its queue in order, rate-limited
/// (a burst, then a steady rate; excess alerts wait, and once the queue is full new ones
/// are dropped and counted), with bounded retries and backoff (NotifyPolicy). Failures are
/// logged as `bybit-lua: notify: webhook #1 (slack) answered 500 …`, never raised, and
/// never show a URL or a token. ``shutdown(within:)`` gives the queues a bounded time to
/// drain at exit and says how many alerts were not delivered.
public final class Notifier: AlertSink, @unchecked Sendable {
    // @unchecked: every mutable field below is read and written only under `condition`.
    public let targets: [NotifyTarget]
    let context: NotifyContext
    let policy: NotifyPolicy
    let log: @Sendable (String) -> Void
    let verbose: Bool
    let client: HTTPClient
    let condition = NSCondition()
    var queues: [TargetQueue]
    /// Set by `shutdown`: the threads stop taking alerts and end their waits.
    var stopped = false

    /// Starts one delivery thread per target.
    public init(
        targets: [NotifyTarget], context: NotifyContext, policy: NotifyPolicy = NotifyPolicy(), verbose: Bool = false,
        log: @escaping @Sendable (String) -> Void = Notifier.standardError
    ) {
        self.targets = targets
        self.context = context
        self.policy = policy
        self.verbose = verbose
        self.log = log
        let timeout = Int64(policy.attemptTimeout * 1000)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,  // a redirect could carry the body somewhere unchecked
            timeout: .init(connect: .milliseconds(timeout), read: .milliseconds(timeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        HTTP1ClientMetadata.instantiate()  // before its connections and the streams' are set up at once
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        queues = targets.map { _ in TargetQueue(burst: policy.burst, now: Self.seconds()) }
        for index in targets.indices {
            let thread = Thread { [self] in deliverLoop(index) }
            thread.name = "bybit-lua notify \(index + 1)"
            thread.start()
        }
    }

    /// Queues the alert for every target; returns at once. Text and values longer than
    /// `policy.maxText` are cut.
    public func alert(_ level: AlertLevel, _ text: String, fields: [(String, String)]) {
        let message = AlertMessage(
            level: level, text: cut(text), fields: fields.map { ($0.0, cut($0.1)) }, timeMs: Self.unixMilliseconds())
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return }
        for i in queues.indices {
            if queues[i].waiting.count >= policy.queueLimit {
                queues[i].dropped += 1
                queues[i].droppedUnlogged += 1
            } else {
                queues[i].waiting.append(message)
            }
        }
        condition.broadcast()
    }

    /// Waits up to `seconds` for every queue to drain, then stops the threads, cancels
    /// posts still under way and logs what was not delivered. Returns that count.
    /// Idempotent; the notifier takes no alerts afterwards.
    @discardableResult
    public func shutdown(within seconds: Double) -> Int {
        condition.lock()
        let wasStopped = stopped
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !stopped && queues.contains(where: { $0.pending > 0 }) && Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        let left = queues.map(\.pending)
        let dropped = queues.map(\.dropped)
        stopped = true
        condition.broadcast()
        condition.unlock()
        guard !wasStopped else { return 0 }
        try? client.syncShutdown()  // cancels a post still waiting for its receiver
        for (i, target) in targets.enumerated() where left[i] > 0 || dropped[i] > 0 {
            var parts: [String] = []
            if left[i] > 0 { parts.append("\(Self.count(left[i], "alert")) not delivered at exit") }
            if dropped[i] > 0 { parts.append("\(Self.count(dropped[i], "alert")) dropped (queue full)") }
            log("bybit-lua: notify: \(target.label): \(parts.joined(separator: "; "))")
        }
        return left.reduce(0, +)
    }

    /// Alerts delivered, failed (given up after retries) and dropped so far, per target.
    public var counts: [(delivered: Int, failed: Int, dropped: Int)] {
        condition.lock()
        defer { condition.unlock() }
        return queues.map { ($0.delivered, $0.failed, $0.dropped) }
    }

    /// Writes one line to stderr in one `write`, so lines from threads do not interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    private func cut(_ s: String) -> String {
        s.count <= policy.maxText ? s : String(s.prefix(policy.maxText - 1)) + "…"
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// Monotonic seconds, for the rate limit.
    static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func unixMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }
}
