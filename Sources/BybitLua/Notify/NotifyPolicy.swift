/// How hard a ``Notifier`` tries, and how much it lets pile up.
public struct NotifyPolicy: Sendable {
    /// Waits before each retry of a failed post (seconds); the count bounds the retries.
    /// A post is retried after a network failure, a timeout, a 429 or a 5xx; a 4xx other
    /// than 429 says the URL or the body is wrong, and a retry would not change that.
    public var retryDelays: [Double] = [1, 2, 4]
    /// How long one post may take, connect to last byte (seconds).
    public var attemptTimeout: Double = 5
    /// Rate limit per target: a burst of this many posts, then `perSecond`.
    public var burst: Double = 5
    public var perSecond: Double = 1
    /// Alerts waiting per target; more are dropped (and counted) until it catches up.
    public var queueLimit = 100
    /// Longest alert text and field value kept (characters); longer ones are cut.
    public var maxText = 4_000

    public init() {}
}

/// One target's queue and counters, guarded by the notifier's condition lock.
struct TargetQueue {
    var waiting: [AlertMessage] = []
    /// A post (or its retry wait) is under way.
    var busy = false
    /// Tokens of the rate limit's bucket, and when it was last refilled (monotonic s).
    var tokens: Double
    var refilledAt: Double
    var delivered = 0
    var failed = 0
    /// Dropped because the queue was full: all of them, and those not yet logged.
    var dropped = 0
    var droppedUnlogged = 0

    init(burst: Double, now: Double) {
        tokens = burst
        refilledAt = now
    }

    /// Alerts not yet delivered nor given up on.
    var pending: Int { waiting.count + (busy ? 1 : 0) }

    mutating func refill(now: Double, policy: NotifyPolicy) {
        tokens = min(policy.burst, tokens + (now - refilledAt) * policy.perSecond)
        refilledAt = now
    }
}
