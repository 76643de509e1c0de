#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wakes whoever waits for a fault to fire (``FaultInjection/waitUntilFired(timeoutMs:_:)``),
/// so a test waits on the event instead of polling the counters.
///
/// A waiter holds the mutex while it checks its condition and until the wait releases it,
/// and a firing broadcasts under the same mutex, so no firing between the check and the
/// wait is missed. The firing side takes this mutex only after releasing the fault state's
/// lock; a waiter takes the state's lock (to read the counters) inside this one: one order.
final class FiringSignal: @unchecked Sendable {  // the pthread objects are used only through these pointers
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)  // a wall-clock step cannot stretch a wait
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Wakes every waiter to check its condition again.
    func broadcast() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Blocks until `done()` is true (true) or `timeoutMs` has passed (false).
    func wait(timeoutMs: Int, until done: () -> Bool) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let end = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) + Int64(max(0, timeoutMs)) * 1_000_000
        var deadline = timespec(tv_sec: Int(end / 1_000_000_000), tv_nsec: Int(end % 1_000_000_000))
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !done() {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { return done() }
        }
        return true
    }
}
