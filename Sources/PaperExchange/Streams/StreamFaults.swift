/// The streams' part of the fault state: when the plan was set (the start of a
/// ``FaultPlan/streamSilentMs`` window) and how many pushes and auth requests each
/// stream trigger has counted since. Replaced whenever a plan is set.
struct StreamFaultClock: Sendable {
    /// When the plan was set.
    var since = ContinuousClock.now
    /// Pushes counted by ``FaultPlan/streamDrop`` and ``FaultPlan/streamMalformed``.
    var dropSeen = 0
    var malformedSeen = 0
    /// Auth requests counted by ``FaultPlan/streamRefuseAuth``.
    var authSeen = 0

    /// Whether a stream on `path` is inside the silence window now.
    func isSilent(_ plan: FaultPlan, path: String) -> Bool {
        plan.streamSilentMs > 0 && plan.matches(path: path)
            && since.duration(to: .now) < .milliseconds(plan.streamSilentMs)
    }
}

/// What the armed stream faults do to one push.
struct PushFiring: Sendable, Equatable {
    /// Send nothing (the feed is silent); the push is not counted.
    var silent = false
    /// Wait this long first, ms.
    var delayMs = 0
    /// Send a malformed frame first.
    var malformed = false
    /// Close the connection instead of sending it.
    var drop = false
}

extension FaultInjection {
    /// Decides, in one critical section, what happens to the next push on a stream at `path`.
    func streamPush(path: String) -> PushFiring {
        withStreamState { plan, clock, fired in
            guard plan.matches(path: path) else { return PushFiring() }
            if clock.isSilent(plan, path: path) { return PushFiring(silent: true) }
            var result = PushFiring(delayMs: max(0, plan.streamDelayMs))
            if plan.streamDrop.isArmed {
                clock.dropSeen += 1
                if plan.streamDrop.isEligible(ordinal: clock.dropSeen) {
                    plan.streamDrop.consume()
                    fired.streamDrop += 1
                    result.drop = true
                    return result
                }
            }
            if plan.streamMalformed.isArmed {
                clock.malformedSeen += 1
                if plan.streamMalformed.isEligible(ordinal: clock.malformedSeen) {
                    plan.streamMalformed.consume()
                    fired.streamMalformed += 1
                    result.malformed = true
                }
            }
            return result
        }
    }

    /// Whether this auth request on `path` is to be refused (``FaultPlan/streamRefuseAuth``).
    func streamRefusesAuth(path: String) -> Bool {
        withStreamState { plan, clock, fired in
            guard plan.matches(path: path), plan.streamRefuseAuth.isArmed else { return false }
            clock.authSeen += 1
            guard plan.streamRefuseAuth.isEligible(ordinal: clock.authSeen) else { return false }
            plan.streamRefuseAuth.consume()
            fired.streamRefuseAuth += 1
            return true
        }
    }

    /// Whether a stream on `path` is silent now (no pushes, no JSON pongs).
    func streamIsSilent(path: String) -> Bool {
        withStreamState { plan, clock, _ in clock.isSilent(plan, path: path) }
    }
}
