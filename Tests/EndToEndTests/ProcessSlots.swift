import Foundation

/// How many ``BinaryRunner/run(_:stdin:cwd:environment:limit:)`` children run at once.
///
/// The tests wait for their children without blocking a thread (``offThePool(_:)``), so
/// Swift Testing starts every end-to-end test at once: on a 2-core machine a hundred debug
/// builds of bybit-lua then shared the CPU, a `--timeout 1` run took 71 s of wall time,
/// and in-process stream tests beside them missed their 10 s start bound. Runs wait here
/// for a slot instead. A run never waits for another run while holding a slot (they do not
/// nest), so the slots cannot deadlock; the long-lived children (``PaperServer``,
/// ``RunningBinary``) take none, since a test holding one may then start a run.
/// `BYBIT_LUA_TEST_PROCESSES` overrides the count (default: 2 per core, at least 4).
actor ProcessSlots {
    static let shared = ProcessSlots(
        count: ProcessInfo.processInfo.environment["BYBIT_LUA_TEST_PROCESSES"].flatMap { Int($0) }
            ?? max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = max(1, count) }

    /// Runs `body` once a slot is free, and frees it afterwards.
    nonisolated func withSlot<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
