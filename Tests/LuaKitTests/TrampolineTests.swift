import CLua
import Testing

@testable import LuaKit

/// Errors raised from Swift functions go through the C trampoline, so no Swift
/// frame is ever unwound by longjmp and nothing the function held leaks.
@Suite struct TrampolineTests {
    final class Tracked {
        nonisolated(unsafe) static var live = 0
        init() { Tracked.live += 1 }
        deinit { Tracked.live -= 1 }
    }

    struct Boom: Error, CustomStringConvertible { var description: String { "boom from Swift" } }

    @Test func tenThousandErrorsReleaseEverything() throws {
        let state = try LuaState()
        Tracked.live = 0
        state.setGlobal("fail") { call in
            let held = [Tracked(), Tracked()]  // retained by this frame when it throws
            _ = held.count
            throw Boom()
        }
        try state.run(
            """
            local n = 0
            for i = 1, 10000 do
              local ok, err = pcall(function() fail() end)
              if not ok and err == "(string):3: boom from Swift" then n = n + 1 end
            end
            assert(n == 10000, n)
            """)
        #expect(Tracked.live == 0)
    }

    @Test func argumentErrorsUseLuasOwnForm() throws {
        let state = try LuaState()
        state.setGlobal("needs_string") { call in
            _ = try call.checkString(1)
            return 0
        }
        try state.run(
            """
            local ok, err = pcall(needs_string, nil)
            assert(err == "bad argument #1 to 'needs_string' (string expected, got nil)", err)
            ok, err = pcall(needs_string)
            assert(err:find("string expected, got no value", 1, true), err)
            """)
    }

    @Test func errorObjectsAreRaisedAsThemselves() throws {
        struct Structured: LuaErrorObject {
            func pushErrorObject(_ call: LuaCall) {
                call.newTable()
                call.push("guard")
                call.setField(-2, "kind")
                call.push(Int64(110033))
                call.setField(-2, "code")
            }
        }
        let state = try LuaState()
        state.setGlobal("refuse") { _ in throw Structured() }
        try state.run(
            """
            local ok, err = pcall(refuse)
            assert(not ok and type(err) == "table")
            assert(err.kind == "guard" and err.code == 110033)
            """)
        // Unhandled, the host gets a snapshot of the object for its exit status.
        #expect(throws: LuaError.self) { try state.run("refuse()") }
        do {
            try state.run("refuse()")
        } catch {
            #expect(error.object?["kind"] == .text("guard"))
            #expect(error.message.hasPrefix("(error object is a table value)"))
        }
    }

    /// A hostile script finalises the hidden box by hand; a swapped box (scripts cannot
    /// swap it any more: `debug.setupvalue` refuses C functions, so the host does it
    /// here) fails cleanly too, instead of reading freed or foreign memory.
    @Test func tamperedClosureBoxesFailCleanly() throws {
        let state = try LuaState()
        state.setGlobal("f") { call in
            call.push(Int64(1))
            return 1
        }
        state.setGlobal("host_setupvalue") { call in
            lua_pushvalue(call.L, 2)
            _ = lua_setupvalue(call.L, 1, 1)
            return 0
        }
        try state.run(
            """
            local g = f
            local _, box = debug.getupvalue(g, 1)
            debug.getmetatable(box).__gc(io.stdout)      -- foreign userdata: ignored
            assert(g() == 1)
            assert(not pcall(debug.setupvalue, g, 1, io.stdout))
            host_setupvalue(g, io.stdout)
            local ok, err = pcall(g)
            assert(not ok and err:find("finalized Swift function", 1, true), err)
            host_setupvalue(g, box)
            debug.getmetatable(box).__gc(box)            -- finalised early
            ok, err = pcall(g)
            assert(not ok and err:find("finalized Swift function", 1, true), err)
            """)
    }

    @Test func swiftFunctionsWorkInsideCoroutines() throws {
        let state = try LuaState()
        state.setGlobal("twice") { call in
            call.push(try call.checkInteger(1) * 2)
            return 1
        }
        try state.run(
            """
            local co = coroutine.wrap(function(x) local y = twice(x); coroutine.yield(y); return twice(y) end)
            assert(co(3) == 6); assert(co() == 12)
            """)
    }
}
