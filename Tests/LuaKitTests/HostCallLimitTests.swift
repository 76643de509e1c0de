import CLuaShim
import Foundation
import Testing

@testable import LuaKit

/// The limits reach Swift host calls: a call that waited past the deadline stops the run
/// when it returns (the trampoline's check), and the running state's deadline and memory
/// budget are there for the host to ask while it works (`bl_run_deadline`,
/// `bl_run_memory_admits`, what the Bybit client is given).
@Suite(.serialized) struct HostCallLimitTests {
    private func expectStopped(
        _ state: LuaState, _ code: String, kind: LuaError.Kind, mentions: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        state.startClock()
        do {
            try state.load(code, chunkName: "=test")
            try state.callInterruptibly(arguments: 0, results: 0)
            Issue.record("the script ran to completion", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.message.contains(mentions), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    /// A host call that returns normally after the deadline (a margin call waited for) ends
    /// the run there: the script's next statement does not run. The call blocks until the
    /// run's own deadline has passed (an absolute wait on the clock the deadline is kept
    /// in), not for a guessed time a loaded machine could cut short.
    @Test func aHostCallThatOutlivesTheDeadlineStopsTheRunWhenItReturns() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 0.2)))
        state.setGlobal("block") { _ in
            let deadline = bl_run_deadline()
            var at = timespec(tv_sec: Int(deadline), tv_nsec: Int((deadline - deadline.rounded(.down)) * 1e9) + 1)
            if at.tv_nsec >= 1_000_000_000 { (at.tv_sec, at.tv_nsec) = (at.tv_sec + 1, at.tv_nsec - 1_000_000_000) }
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nil) == EINTR {}
            #expect(deadline > 0 && bl_monotonic() >= deadline, "returned before the deadline")
            return 0
        }
        expectStopped(state, "block() reached = true", kind: .timeout, mentions: "time limit of 0.2 s")
        #expect(state.global("reached") == .nil)
    }

    @Test func theRunningStatesDeadlineIsVisibleToTheHost() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 30)))
        state.setGlobal("deadline_in") { call in
            call.push(bl_run_deadline() - bl_monotonic())
            return 1
        }
        state.startClock()
        try state.load("seen = deadline_in()", chunkName: "=test")
        try state.callInterruptibly(arguments: 0, results: 0)
        guard case .number(let left) = state.global("seen") else {
            Issue.record("\(state.global("seen"))")
            return
        }
        #expect(left > 20 && left <= 30)
        #expect(bl_run_deadline() == 0, "no run in progress: no deadline")
    }

    /// What a host call holds for the script must fit in what the cap leaves; when it does
    /// not, the run stops with the memory error (sticky: `pcall` does not keep it going).
    @Test func memoryTheHostHoldsCountsAgainstTheLimit() throws {
        let state = try LuaState(options: .init(limits: .init(maxMemoryBytes: 8 << 20)))
        state.setGlobal("admits") { call in
            call.push(bl_run_memory_admits(Int(try call.checkInteger(1))) != 0)
            return 1
        }
        expectStopped(
            state,
            """
            assert(admits(1000))
            pcall(admits, 100000000)
            reached = true
            """, kind: .memory, mentions: "memory limit of 8 MB")
        #expect(state.global("reached") == .nil)
        #expect(bl_run_memory_admits(1 << 40) != 0, "no run in progress: nothing to count against")
    }
}
