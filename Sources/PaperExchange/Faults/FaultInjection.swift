import NIOConcurrencyHelpers

/// The live fault plan and how often each fault has fired.
///
/// A public handle (``PaperExchange/faults``) shares this with the HTTP control endpoint,
/// so a test may arm a fault from Swift and watch it fire over HTTP, or the reverse.
public final class FaultInjection: Sendable {
    /// How many times each kind of fault fired since start.
    public struct Counters: Sendable, Equatable {
        /// Connections closed on purpose.
        public var dropConnection = 0
        /// 10016 answers.
        public var serverError = 0
        /// HTTP 502 answers.
        public var badGateway = 0
        /// Injected 10006 answers.
        public var rateLimited = 0
        /// Replies held back by ``FaultPlan/slowReply``.
        public var slowReply = 0
        /// Times the clock skew changed sign.
        public var flipClockSkew = 0
        /// Stream connections closed on purpose.
        public var streamDrop = 0
        /// Stream auth requests refused.
        public var streamRefuseAuth = 0
        /// Malformed stream frames sent.
        public var streamMalformed = 0
    }

    /// A fault that ends the request instead of answering it normally.
    enum Kind: Sendable, Equatable { case dropConnection, serverError, badGateway, rateLimited }

    /// What to do to one request in one phase: hold it, then end it with a fault or not.
    struct Firing: Sendable, Equatable {
        /// Wait this long first (``FaultPlan/slowReply``), ms.
        var delayMs = 0
        /// End the request this way instead of answering it normally.
        var fault: Kind?
        /// For ``Kind/rateLimited``: how far ahead the reset is, ms.
        var rateLimitResetMs = 0

        static let none = Firing()
    }

    private struct State {
        var plan = FaultPlan.none
        var fired = Counters()
        /// Matching requests seen per trigger since the plan was set (for `every`/`burst`).
        var seen = Ordinals()
        /// The streams' numbering and silence window, restarted with each plan.
        var streams = StreamFaultClock()
    }

    private let state = NIOLockedValueBox(State())
    /// Broadcast after any fault fired, for ``waitUntilFired(timeoutMs:_:)``.
    private let signal = FiringSignal()

    init() {}

    /// The current plan.
    public var plan: FaultPlan {
        state.withLockedValue { $0.plan }
    }

    /// Replaces the plan (fired counters are kept; request numbering starts again).
    public func set(_ plan: FaultPlan) {
        state.withLockedValue {
            $0.plan = plan
            $0.seen = Ordinals()
            $0.streams = StreamFaultClock()
        }
    }

    /// Edits the plan in place, atomically.
    public func update(_ body: (inout FaultPlan) -> Void) { state.withLockedValue { body(&$0.plan) } }

    /// Turns every fault off.
    public func clear() { set(.none) }

    /// How often each fault has fired.
    public var fired: Counters { state.withLockedValue { $0.fired } }

    /// Blocks the calling thread until the counters satisfy `condition` (true) or
    /// `timeoutMs` passes (false): woken by each firing, not by polling.
    public func waitUntilFired(timeoutMs: Int, _ condition: (Counters) -> Bool) -> Bool {
        signal.wait(timeoutMs: timeoutMs) { condition(fired) }
    }

    /// Runs `body` on the plan, the stream numbering and the counters in one critical
    /// section (the stream faults' decisions, in Streams/StreamFaults.swift).
    func withStreamState<T>(_ body: (inout FaultPlan, inout StreamFaultClock, inout Counters) -> T) -> T {
        let (value, firedAny) = state.withLockedValue { s in
            let before = s.fired
            let value = body(&s.plan, &s.streams, &s.fired)
            return (value, s.fired != before)
        }
        if firedAny { signal.broadcast() }
        return value
    }

    /// The clock skew now in force.
    var clockSkewMs: Int64 { state.withLockedValue { $0.plan.clockSkewMs } }

    /// The latency to add for `path`, in ms.
    func latencyMs(for path: String) -> Int {
        state.withLockedValue { $0.plan.matches(path: path) ? max(0, $0.plan.latencyMs) : 0 }
    }

    /// Decides, in one critical section, what the armed faults do to this request in this
    /// phase: before its effect (`afterApply == false`, which is also when a clock flip
    /// happens, so the request is checked against the new clock) or after it.
    ///
    /// Every trigger armed for the phase counts the request, so each keeps its own
    /// predictable numbering. When more than one ending fault is due at once, the first of
    /// rate limit, 502, 10016, drop fires and the others keep their count.
    func firing(path: String, afterApply: Bool) -> Firing {
        let (firing, firedAny) = state.withLockedValue { s in
            let before = s.fired
            let firing = Self.decide(&s, path: path, afterApply: afterApply)
            return (firing, s.fired != before)
        }
        if firedAny { signal.broadcast() }
        return firing
    }

    /// ``firing(path:afterApply:)``'s decision, inside the state's lock.
    private static func decide(_ s: inout State, path: String, afterApply: Bool) -> Firing {
        guard s.plan.matches(path: path) else { return .none }
        var result = Firing.none
        if !afterApply, s.seen.due(\.flipClockSkew, &s.plan.flipClockSkew, beforeApplyOnly: true) {
            s.plan.clockSkewMs = -s.plan.clockSkewMs
            s.fired.flipClockSkew += 1
        }
        if s.seen.due(\.slowReply, &s.plan.slowReply, phase: afterApply) {
            result.delayMs = max(0, s.plan.slowReplyMs)
            s.fired.slowReply += 1
        }
        // Every armed trigger counts this request first; then the first one due fires.
        var limited = false
        if !afterApply { limited = s.seen.eligible(\.rateLimited, s.plan.rateLimited.beforeApply, phase: false) }
        let gateway = s.seen.eligible(\.badGateway, s.plan.badGateway, phase: afterApply)
        let server = s.seen.eligible(\.serverError, s.plan.serverError, phase: afterApply)
        let drop = s.seen.eligible(\.dropConnection, s.plan.dropConnection, phase: afterApply)
        let due: [(Kind, Bool)] = [
            (.rateLimited, limited), (.badGateway, gateway), (.serverError, server), (.dropConnection, drop),
        ]
        guard let kind = due.first(where: { $0.1 })?.0 else { return result }
        result.fault = kind
        switch kind {
        case .rateLimited:
            s.plan.rateLimited.consume()
            s.fired.rateLimited += 1
            result.rateLimitResetMs = max(0, s.plan.rateLimitResetMs)
        case .badGateway:
            s.plan.badGateway.consume()
            s.fired.badGateway += 1
        case .serverError:
            s.plan.serverError.consume()
            s.fired.serverError += 1
        case .dropConnection:
            s.plan.dropConnection.consume()
            s.fired.dropConnection += 1
        }
        return result
    }
}

/// Per-trigger request numbering behind ``FaultTrigger/every`` and ``FaultTrigger/burst``.
struct Ordinals: Sendable {
    var dropConnection = 0, serverError = 0, badGateway = 0, rateLimited = 0, slowReply = 0, flipClockSkew = 0

    /// Counts a request against an armed trigger of this phase; true when it is eligible.
    mutating func eligible(_ key: WritableKeyPath<Ordinals, Int>, _ trigger: FaultTrigger, phase afterApply: Bool)
        -> Bool
    {
        guard trigger.isArmed, trigger.afterApply == afterApply else { return false }
        self[keyPath: key] += 1
        return trigger.isEligible(ordinal: self[keyPath: key])
    }

    /// ``eligible(_:_:phase:)`` and, when it is, uses up one firing of `trigger`.
    /// `beforeApplyOnly` triggers (a clock flip) fire before the effect whatever their flag says.
    mutating func due(
        _ key: WritableKeyPath<Ordinals, Int>, _ trigger: inout FaultTrigger, phase afterApply: Bool = false,
        beforeApplyOnly: Bool = false
    ) -> Bool {
        let checked = beforeApplyOnly ? trigger.beforeApply : trigger
        guard eligible(key, checked, phase: afterApply) else { return false }
        trigger.consume()
        return true
    }
}

extension FaultTrigger {
    /// Uses up one firing (an ``always`` trigger never runs out).
    mutating func consume() { if count > 0 { count -= 1 } }

    /// This trigger, firing before the effect: for faults that only make sense there
    /// (a 10006 promises nothing was executed).
    var beforeApply: FaultTrigger {
        var t = self
        t.afterApply = false
        return t
    }
}
