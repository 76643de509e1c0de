import Foundation

/// A value set once by one thread and waited for by another (a connection's first
/// handshake, awaited by the Lua thread in `start`).
final class Latch<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?  // guarded by `condition`

    /// Sets the value unless one is set already; wakes the waiter.
    func set(_ newValue: Value) {
        condition.lock()
        if value == nil { value = newValue }
        condition.broadcast()
        condition.unlock()
    }

    /// The value, waiting for it in slices of 50 ms until `deadlineNs` (monotonic) or `stop`.
    func wait(deadlineNs: UInt64, stop: () -> Bool) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while value == nil {
            let now = Monotonic.nanoseconds()
            if now >= deadlineNs || stop() { return nil }
            let sliceNs = min(deadlineNs - now, 50_000_000)
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(sliceNs) / 1e9))
        }
        return value
    }
}
