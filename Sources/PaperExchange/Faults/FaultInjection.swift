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
    }

    enum Kind: Sendable { case dropConnection, serverError, badGateway }

    private let state = NIOLockedValueBox<(plan: FaultPlan, fired: Counters)>((.none, Counters()))

    init() {}

    /// The current plan.
    public var plan: FaultPlan {
        get { state.withLockedValue { $0.plan } }
    }

    /// Replaces the plan (counters are kept).
    public func set(_ plan: FaultPlan) { state.withLockedValue { $0.plan = plan } }

    /// Edits the plan in place, atomically.
    public func update(_ body: (inout FaultPlan) -> Void) { state.withLockedValue { body(&$0.plan) } }

    /// Turns every fault off.
    public func clear() { set(.none) }

    /// How often each fault has fired.
    public var fired: Counters { state.withLockedValue { $0.fired } }

    /// The clock skew now in force.
    var clockSkewMs: Int64 { state.withLockedValue { $0.plan.clockSkewMs } }

    /// The latency to add for `path`, in ms.
    func latencyMs(for path: String) -> Int {
        state.withLockedValue { $0.plan.matches(path: path) ? max(0, $0.plan.latencyMs) : 0 }
    }

    /// Consumes one firing of `kind` for `path` when it is armed for this phase: before
    /// the request's effect (`afterApply == false`) or after it.
    func take(_ kind: Kind, path: String, afterApply: Bool) -> Bool {
        state.withLockedValue { state in
            guard state.plan.matches(path: path) else { return false }
            let trigger: FaultTrigger
            switch kind {
            case .dropConnection: trigger = state.plan.dropConnection
            case .serverError: trigger = state.plan.serverError
            case .badGateway: trigger = state.plan.badGateway
            }
            guard trigger.isArmed, trigger.afterApply == afterApply else { return false }
            var next = trigger
            if next.count > 0 { next.count -= 1 }
            switch kind {
            case .dropConnection: state.plan.dropConnection = next; state.fired.dropConnection += 1
            case .serverError: state.plan.serverError = next; state.fired.serverError += 1
            case .badGateway: state.plan.badGateway = next; state.fired.badGateway += 1
            }
            return true
        }
    }
}
