import BybitAPI
import NIOConcurrencyHelpers
import PaperExchange

/// The replay's time: Unix milliseconds that move only when the replay driver moves them.
///
/// Every time source of a replayed run reads this one value — the client's clock, the paper
/// exchange's clock (timestamps, auto-add-margin), `bybit.now()`, `os.time()`, the events
/// loop's timers — so a script sees the price history's time, not the machine's.
public final class VirtualClock: PaperClock, @unchecked Sendable {
    private let now: NIOLockedValueBox<Int64>

    /// A clock reading `startMs`.
    public init(startMs: Int64) { now = NIOLockedValueBox(startMs) }

    /// The current virtual time in Unix milliseconds.
    public func nowMs() -> Int64 { now.withLockedValue { $0 } }

    /// Moves the clock to `ms`; never backwards (a late or equal time leaves it where it is).
    public func advance(to ms: Int64) { now.withLockedValue { $0 = max($0, ms) } }
}
