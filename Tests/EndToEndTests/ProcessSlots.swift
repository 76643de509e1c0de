import Foundation
import Testing

/// How many end-to-end tests run at once: every suite here carries `.processBudget`.
///
/// The tests wait for their children without blocking a thread (``offThePool(_:)``), so
/// Swift Testing would start every end-to-end test at once: on a 2-core machine some
/// hundred debug builds of bybit-lua (paper servers, runs, guards) then shared the CPU, a
/// `--timeout 1` run took 71 s of wall time, a paper server was killed by its test's 20 s
/// limit before it could shut down, and in-process stream tests beside them missed their
/// 10 s start bound. A test takes one slot for its whole run and never a second, so the
/// slots cannot deadlock. `BYBIT_LUA_TEST_PROCESSES` overrides the count (default: 2 per
/// core, at least 4). Swift Testing's own `--experimental-maximum-parallelization-width 8`
/// was tried first: no test had finished after two minutes.
struct ProcessBudget: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // A suite is only a scope for its tests: the slot is each test case's.
        guard testCase != nil else { return try await function() }
        try await ProcessSlots.shared.withSlot { try await function() }
    }
}

extension Trait where Self == ProcessBudget {
    /// Runs each test of the suite in one of ``ProcessSlots``' slots.
    static var processBudget: ProcessBudget { ProcessBudget() }
}

/// A counting semaphore for tasks: waiting for a slot suspends, it does not block a thread.
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
