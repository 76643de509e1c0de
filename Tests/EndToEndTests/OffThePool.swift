import Foundation

/// Runs `body` on a thread of its own and awaits its result.
///
/// Every wait on a subprocess (its output, its exit) goes through here. Swift Testing runs
/// tests on the concurrency pool, which has one thread per core — two in CI. A test that
/// blocked a pool thread for a 30 s replay, while another blocked the second one, stalled
/// every other test of the process: stream tests then missed their pongs and timed out at
/// start although nothing was wrong with them.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// ``offThePool(_:)`` for a body that cannot throw.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
