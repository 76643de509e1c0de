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
    /// is applied and recorded in the ledger first — the "did it happen?" case.
    public var dropConnection: FaultTrigger
    /// Answer `retCode 10016` "System error". With `afterApply` the mutation happened anyway.
    public var serverError: FaultTrigger
    /// Answer HTTP 502 with a non-JSON body, as a gateway would.
    public var badGateway: FaultTrigger
    /// Restrict faults to these request paths (nil: every `/v5/` path).
    public var paths: Set<String>?

    /// A plan with every fault off.
    public init(
        latencyMs: Int = 0, clockSkewMs: Int64 = 0, dropConnection: FaultTrigger = .off,
        serverError: FaultTrigger = .off, badGateway: FaultTrigger = .off, paths: Set<String>? = nil
    ) {
        self.latencyMs = latencyMs
        self.clockSkewMs = clockSkewMs
        self.dropConnection = dropConnection
        self.serverError = serverError
        self.badGateway = badGateway
        self.paths = paths
    }

    /// No faults.
    public static let none = FaultPlan()

    func matches(path: String) -> Bool {
        path.hasPrefix("/v5/") && (paths?.contains(path) ?? true)
    }
}

/// How often a fault fires and whether the request's mutation is applied first.
public struct FaultTrigger: Sendable, Equatable {
    /// How many more matching requests it fires on; ``always`` (-1) for every one, 0 off.
    public var count: Int
    /// Apply the request's effect before failing it.
    public var afterApply: Bool

    /// - Parameters:
    ///   - count: requests to fail; -1 for all of them.
    ///   - afterApply: apply the mutation before failing.
    public init(count: Int, afterApply: Bool = true) {
        self.count = count
        self.afterApply = afterApply
    }

    /// Never fires.
    public static let off = FaultTrigger(count: 0)
    /// The `count` meaning "every matching request".
    public static let always = -1

    /// Fires on the next `n` matching requests.
    public static func next(_ n: Int, afterApply: Bool = true) -> FaultTrigger { .init(count: n, afterApply: afterApply) }

    var isArmed: Bool { count != 0 }
}
