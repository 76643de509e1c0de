#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--speed N`: virtual time runs N times as fast as wall time. Before the driver moves the
/// virtual clock to a time, it waits until that much wall time (divided by N) has passed
/// since the replay started; `--speed max` never waits.
struct ReplayPacer {
    let speed: Double
    let startVirtualMs: Int64
    let startWallNs: UInt64

    init(speed: Double, startVirtualMs: Int64) {
        self.speed = speed
        self.startVirtualMs = startVirtualMs
        startWallNs = Self.monotonicNs()
    }

    /// Waits (in slices, asking `stop` between them) until virtual `timeMs` is due in wall
    /// time; false when `stop` said so.
    func wait(until timeMs: Int64, stop: () -> Bool) -> Bool {
        let dueNs = startWallNs + UInt64(max(0, Double(timeMs - startVirtualMs) / speed * 1_000_000))
        while true {
            if stop() { return false }
            let now = Self.monotonicNs()
            if now >= dueNs { return true }
            let slice = min(dueNs - now, 50_000_000)
            var ts = timespec(tv_sec: Int(slice / 1_000_000_000), tv_nsec: Int(slice % 1_000_000_000))
            nanosleep(&ts, nil)
        }
    }

    static func monotonicNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
