import CLuaShim
import Testing

@testable import LuaKit

/// Limits hold even when the script tries to catch them with pcall.
@Suite struct LimitTests {
    private func expectStopped(_ state: LuaState, _ code: String, kind: LuaError.Kind, mentions: String) {
        state.startClock()
        do {
            try state.run(code)
            Issue.record("the script ran to completion")
        } catch {
            #expect(error.kind == kind)
            #expect(error.message.contains(mentions), "\(error.message)")
        }
    }

    @Test func timeoutCannotBeCaught() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 0.2)))
        expectStopped(
            state,
            """
            while true do pcall(function() while true do end end) end
            """, kind: .timeout, mentions: "time limit of 0.2 s")
    }

    @Test func timeoutReachesCoroutines() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 0.2)))
        expectStopped(
            state,
            """
            local co = coroutine.wrap(function() while true do end end)
            while true do pcall(co) end
            """, kind: .timeout, mentions: "time limit")
    }

    @Test func instructionBudget() throws {
        let state = try LuaState(options: .init(limits: .init(maxInstructions: 100_000)))
        expectStopped(state, "local i = 0; while true do i = i + 1 end", kind: .instructionLimit, mentions: "100000")
    }

    @Test func memoryCapIsStickyAndTheStateRecovers() throws {
        let state = try LuaState(options: .init(limits: .init(maxMemoryBytes: 8 << 20)))
        expectStopped(
            state,
            """
            local ok = pcall(string.rep, "x", 1e9)
            assert(not ok)
            for i = 1, 10 do end
            """, kind: .memory, mentions: "memory limit of 8 MB")
        expectStopped(state, "local t = {} for i = 1, 1e8 do t[i] = i end", kind: .memory, mentions: "memory limit")
        // A REPL resets the stop and goes on with a usable state.
        state.resetAfterStop()
        try state.run("collectgarbage(); local t = {} for i = 1, 100 do t[i] = i end; assert(#t == 100)")
    }

    /// Any hook makes Lua 5.4 trap before every instruction, so a run with neither a
    /// timeout nor a budget has none (limits.c); stops reach it through the recorded
    /// running coroutines instead.
    @Test func aHookOnlyWhenALimitNeedsOne() throws {
        let plain = try LuaState()
        plain.startClock()
        try plain.run(
            "assert(debug.gethook() == nil); assert(coroutine.wrap(function() return debug.gethook() end)() == nil)")
        let timed = try LuaState(options: .init(limits: .init(timeoutSeconds: 60)))
        timed.startClock()
        try timed.run(
            "assert(debug.gethook() == 'external hook'); assert(coroutine.wrap(function() return debug.gethook() end)() == 'external hook')"
        )
        let budget = try LuaState(options: .init(limits: .init(maxInstructions: 1 << 40)))
        budget.startClock()
        try budget.run("assert(debug.gethook() == 'external hook')")
    }

    /// A coroutine made while no limit applied is limited once one does: resume gives it
    /// the count hook (a REPL line made it; a later run sets a timeout).
    @Test func aCoroutineFromAnUnlimitedRunIsLimitedLater() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 0.2)))
        bl_set_timeout(state.host, 0)  // as if no timeout had been asked for
        try state.run("spin = coroutine.wrap(function() while true do end end)")
        expectStopped(state, "spin()", kind: .timeout, mentions: "time limit of 0.2 s")
    }

    /// os.exit and the memory cap raised inside nested coroutines stop every resumer,
    /// with no hook installed beforehand.
    @Test func stopsInsideCoroutinesReachEveryResumer() throws {
        let state = try LuaState(options: .init(limits: .init(maxMemoryBytes: 8 << 20)))
        expectStopped(
            state,
            """
            while true do pcall(coroutine.wrap(function() pcall(coroutine.wrap(function() os.exit(3) end)) end)) end
            """, kind: .exit(3), mentions: "exit")
        state.resetAfterStop()
        expectStopped(
            state,
            """
            while true do
              coroutine.resume(coroutine.create(function() local t = {} for i = 1, 1e8 do t[i] = i end end))
            end
            """, kind: .memory, mentions: "memory limit of 8 MB")
        state.resetAfterStop()
        try state.run(
            "collectgarbage(); assert(debug.gethook() == nil); assert(coroutine.wrap(function(a) return a + 1 end)(1) == 2)"
        )
    }

    @Test func osExitEndsTheRunThroughTheHost() throws {
        let state = try LuaState()
        expectStopped(state, "pcall(os.exit, 4); error('not reached')", kind: .exit(4), mentions: "exit")
        state.resetAfterStop()
        expectStopped(state, "os.exit(true)", kind: .exit(0), mentions: "exit")
        state.resetAfterStop()
        expectStopped(state, "os.exit(false)", kind: .exit(1), mentions: "exit")
    }
}
