/// Which faults the paper exchange injects; off by default, set per run.
///
/// Controllable in-process (``PaperExchange/faults``) and over HTTP (`POST /paper/faults`)
/// so end-to-end tests of the built binary can drive it too. Faults apply only to `/v5/`
/// paths (the control endpoints are never faulty) and, when ``paths`` is set, only to those.
public struct FaultPlan: Sendable, Equatable {
    /// Added delay before every matching request is handled, in ms.
    public var latencyMs: Int
    /// Added to the server clock everywhere it is read: the timestamp window, `time`
    /// fields and `/v5/market/time` (a skewed exchange looks skewed to a client syncing).
    public var clockSkewMs: Int64
    /// Close the connection without answering. With `afterApply` (the default) a mutation
    /// is applied and recorded in the ledger first — the "did it happen?" case. An
    /// `afterApply` fault of any kind fires only on a request that succeeded: a refusal is
    /// answered as it is, and the trigger neither counts it nor fires.
    public var dropConnection: FaultTrigger
    /// Answer `retCode 10016` "System error". With `afterApply` the mutation happened anyway.
    public var serverError: FaultTrigger
    /// Answer HTTP 502 with a non-JSON body, as a gateway would.
    public var badGateway: FaultTrigger
    /// Answer `retCode 10006` with `X-Bapi-Limit-Status: 0` and a reset ``rateLimitResetMs``
    /// ahead: Bybit's rate-limit refusal, which guarantees nothing was executed, so it only
    /// fires before the effect (`afterApply` is refused). Bursts (``FaultTrigger/burst``)
    /// exercise the client's bounded retries.
    public var rateLimited: FaultTrigger
    /// How far ahead of the server clock a ``rateLimited`` answer puts
    /// `X-Bapi-Limit-Reset-Timestamp`, ms.
    public var rateLimitResetMs: Int
    /// Hold the answer ``slowReplyMs`` before sending it: with `afterApply` (the default) the
    /// mutation is applied first and only the reply is late — a client whose read timeout is
    /// shorter cannot know it happened. Unlike ``latencyMs`` it fires on chosen requests only.
    public var slowReply: FaultTrigger
    /// The hold of a ``slowReply``, ms.
    public var slowReplyMs: Int
    /// Negate ``clockSkewMs`` before the request is authenticated: a client that synced
    /// to the old skew is now `2 × |skew|` off and gets 10002 — the exchange's clock jumping
    /// between ahead and behind. Fires before the effect only.
    public var flipClockSkew: FaultTrigger
    /// Restrict faults to these request paths (nil: every `/v5/` path). A stream fault
    /// matches on its connection's path (`/v5/private`, `/v5/public/linear`, …).
    public var paths: Set<String>?
    /// Streams: close the connection abruptly (no close frame) instead of sending a push;
    /// pushes (tickers and account topics, on every connection) are numbered for `every`.
    public var streamDrop: FaultTrigger
    /// Streams: for this long after the plan is set, send no pushes and answer no JSON
    /// ping (a dead feed); pushes due meanwhile are lost, tickers resume with a delta
    /// against what was last sent, ms.
    public var streamSilentMs: Int
    /// Streams: hold every push this long before sending it (order kept), ms.
    public var streamDelayMs: Int
    /// Streams: answer `auth` with Bybit's "Params Error" failure; auth requests numbered.
    public var streamRefuseAuth: FaultTrigger
    /// Streams: send a frame that is not JSON just before a push (the push still follows).
    public var streamMalformed: FaultTrigger

    /// A plan with every fault off.
    public init(
        latencyMs: Int = 0, clockSkewMs: Int64 = 0, dropConnection: FaultTrigger = .off,
        serverError: FaultTrigger = .off, badGateway: FaultTrigger = .off,
        rateLimited: FaultTrigger = .off, rateLimitResetMs: Int = 100,
        slowReply: FaultTrigger = .off, slowReplyMs: Int = 0, flipClockSkew: FaultTrigger = .off,
        paths: Set<String>? = nil, streamDrop: FaultTrigger = .off, streamSilentMs: Int = 0,
        streamDelayMs: Int = 0, streamRefuseAuth: FaultTrigger = .off, streamMalformed: FaultTrigger = .off
    ) {
        self.latencyMs = latencyMs
        self.clockSkewMs = clockSkewMs
        self.dropConnection = dropConnection
        self.serverError = serverError
        self.badGateway = badGateway
        self.rateLimited = rateLimited
        self.rateLimitResetMs = rateLimitResetMs
        self.slowReply = slowReply
        self.slowReplyMs = slowReplyMs
        self.flipClockSkew = flipClockSkew
        self.paths = paths
        self.streamDrop = streamDrop
        self.streamSilentMs = streamSilentMs
        self.streamDelayMs = streamDelayMs
        self.streamRefuseAuth = streamRefuseAuth
        self.streamMalformed = streamMalformed
    }

    /// No faults.
    public static let none = FaultPlan()

    func matches(path: String) -> Bool {
        path.hasPrefix("/v5/") && (paths?.contains(path) ?? true)
    }
}

/// How often a fault fires and whether the request's mutation is applied first.
///
/// Matching requests are numbered 1, 2, 3, … from the moment the plan is set; of each
/// group of ``every`` of them, the last ``burst`` are eligible, and the fault fires on
/// eligible requests while ``count`` allows. `every: 20` fails requests 20, 40, 60, …;
/// `every: 10, burst: 3` fails 8, 9, 10, 18, 19, 20, … — faults interleaved with successes,
/// at positions a test can predict.
public struct FaultTrigger: Sendable, Equatable {
    /// How many more matching requests it fires on; ``always`` (-1) for every one, 0 off.
    public var count: Int
    /// Apply the request's effect before failing it.
    public var afterApply: Bool
    /// The period, in matching requests (1: every request is eligible).
    public var every: Int
    /// How many consecutive requests at the end of each period are eligible (1...every).
    public var burst: Int

    /// - Parameters:
    ///   - count: requests to fail; -1 for all of them.
    ///   - afterApply: apply the mutation before failing.
    ///   - every: the period in matching requests.
    ///   - burst: consecutive eligible requests at the end of each period.
    public init(count: Int, afterApply: Bool = true, every: Int = 1, burst: Int = 1) {
        self.count = count
        self.afterApply = afterApply
        self.every = every
        self.burst = burst
    }

    /// Whether the `ordinal`-th matching request (from 1) falls in a period's burst.
    func isEligible(ordinal: Int) -> Bool {
        guard every > 1 else { return true }
        return (ordinal - 1) % every >= every - min(burst, every)
    }

    /// Never fires.
    public static let off = FaultTrigger(count: 0)
    /// The `count` meaning "every matching request".
    public static let always = -1

    /// Fires on the next `n` matching requests.
    public static func next(_ n: Int, afterApply: Bool = true) -> FaultTrigger {
        .init(count: n, afterApply: afterApply)
    }

    var isArmed: Bool { count != 0 }
}
