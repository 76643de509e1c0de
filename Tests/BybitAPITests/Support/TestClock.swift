import BybitAPI
import NIOConcurrencyHelpers

/// A fake wall clock whose `sleep` records the wait and advances time instantly, so
/// rate-limit and backoff waits are asserted exactly and nothing really sleeps.
final class TestClock: Sendable {
    private struct State {
        var now: Int64
        var sleeps: [Int64] = []
    }
    private let state: NIOLockedValueBox<State>
    /// Called on every sleep, after it is recorded (e.g. to start a server mid-retry).
    private let onSleep: NIOLockedValueBox<(@Sendable (Int) -> Void)?> = NIOLockedValueBox(nil)

    /// A clock starting at `start` (default: the real time, so a server's window check passes).
    init(start: Int64 = TestExchange.nowMilliseconds()) {
        state = NIOLockedValueBox(State(now: start))
    }

    /// Current fake time, ms.
    var now: Int64 { state.withLockedValue { $0.now } }
    /// Every sleep requested so far, ms.
    var sleeps: [Int64] { state.withLockedValue { $0.sleeps } }

    /// Moves the fake time on by `ms` without a sleep (time spent elsewhere).
    func advance(_ ms: Int64) { state.withLockedValue { $0.now += ms } }

    /// Runs `action` with the sleep's ordinal (1, 2, …) each time the client sleeps.
    func whenSleeping(_ action: @escaping @Sendable (Int) -> Void) {
        onSleep.withLockedValue { $0 = action }
    }

    /// The clock the client uses.
    var bybitClock: BybitClock {
        BybitClock(
            now: { self.now },
            sleep: { ms in
                let count = self.state.withLockedValue { s -> Int in
                    s.sleeps.append(ms)
                    s.now += ms
                    return s.sleeps.count
                }
                self.onSleep.withLockedValue { $0 }?(count)
            })
    }
}
