import NIOConcurrencyHelpers

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The wall clock the paper exchange reads, in Unix milliseconds.
///
/// Injected so tests of timestamp windows and rate limits move time by hand instead of
/// sleeping; fault injection adds its clock skew on top of whatever clock is used.
public protocol PaperClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMs() -> Int64
}

/// The real wall clock.
public struct SystemPaperClock: PaperClock {
    /// The system clock.
    public init() {}
    /// Now, from `Date()` (wall time, not money: the only floating point in this module).
    public func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock that only moves when told to; for tests and deterministic scenarios.
public final class ManualPaperClock: PaperClock {
    private let now: NIOLockedValueBox<Int64>

    /// A clock reading `startMs`.
    public init(startMs: Int64 = 1_700_000_000_000) { now = NIOLockedValueBox(startMs) }

    /// The time last set.
    public func nowMs() -> Int64 { now.withLockedValue { $0 } }

    /// Moves the clock forward (or back, with a negative value).
    public func advance(byMs delta: Int64) { now.withLockedValue { $0 += delta } }

    /// Sets the clock.
    public func set(_ ms: Int64) { now.withLockedValue { $0 = ms } }
}
