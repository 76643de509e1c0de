#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The client's wall clock and its way of waiting, injectable so tests of rate-limit
/// waits and clock skew run instantly and deterministically.
///
/// `now` is Unix time in milliseconds on the local clock (the client adds its estimated
/// offset to the exchange's clock itself). `sleep` blocks the calling thread, which is
/// the Lua thread: the client only ever waits on the thread that made the call.
public struct BybitClock: Sendable {
    /// Local Unix time in milliseconds.
    public var now: @Sendable () -> Int64
    /// Blocks the calling thread for the given number of milliseconds (never negative).
    public var sleep: @Sendable (_ milliseconds: Int64) -> Void

    /// A clock made of the two functions.
    public init(now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (_ milliseconds: Int64) -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's real-time clock and a real blocking sleep.
    public static let system = BybitClock(
        now: {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        },
        sleep: { ms in
            guard ms > 0 else { return }
            var request = timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)
            var remaining = timespec()
            // Resume after a signal (e.g. SIGINT handled by the runner) for the time left.
            while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
        }
    )
}
