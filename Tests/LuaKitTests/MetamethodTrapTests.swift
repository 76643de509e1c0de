import Testing

@testable import LuaKit

/// A script's metamethods that raise reach the host only as errors: the REPL, tab
/// completion and LuaKit's protected operations never let one unwind Swift (outside a
/// `lua_pcall` that was Lua's panic: `abort()`).
@Suite struct MetamethodTrapTests {
    private func engine(_ setup: String) throws -> REPLEngine {
        let state = try LuaState()
        try state.run("out = {}; function print(...) out[#out + 1] = select('#', ...) end")
        try state.run(setup)
        return REPLEngine(state: state)
    }

    private static let trapG =
        "setmetatable(_G, {__index = function() error('boom') end, __newindex = function() error('no globals') end})"

    /// `_G.__index` raising: printing a result looks `_PRINT` up through it.
    @Test func anIndexOnTheGlobalsThatRaisesFailsTheLineNotTheProcess() throws {
        let e = try engine(Self.trapG)
        guard case .failed(.runtime, let m) = e.feed("1") else {
            Issue.record("no error")
            return
        }
        #expect(m.hasPrefix("error calling 'print' ((string):1: boom"), "\(m)")
        guard case .failed(.runtime, let n) = e.feed("x = 1") else {
            Issue.record("no error")
            return
        }
        #expect(n.contains("no globals"), "\(n)")
        #expect(e.feed("rawset(_G, '_PRINT', print)") == .ran(results: 1))
        #expect(e.feed("1, 2") == .ran(results: 2))
        #expect(e.state.top == 0)
    }

    /// Prompts and completion read raw: no metamethod of `_G`, a table or a metatable
    /// runs (`__index`, `__pairs`, `__len`, `__tostring`, `__name`).
    @Test func promptsAndCompletionRunNoMetamethod() throws {
        let e = try engine(
            """
            local raise = function() error('trap') end
            t = setmetatable({ field = 1 }, { __index = raise, __pairs = raise, __len = raise,
              __tostring = raise, __name = 'Trap', __metatable = false })
            _PROMPT = setmetatable({}, { __tostring = raise })
            \(Self.trapG)
            """)
        _ = e.prompt
        _ = e.continuationPrompt
        #expect(e.completions(for: "t.f") == ["t.field"])
        #expect(e.completions(for: "t:") == [])
        #expect(e.completions(for: "nosuch.x") == [])
        #expect(e.completions(for: "_PR").contains("_PROMPT"))
        #expect(e.state.top == 0)
    }

    /// Each protected operation turns the metamethod's error into a thrown `LuaError`
    /// and leaves the stack as it was.
    @Test func protectedOperationsThrowTheMetamethodsError() throws {
        let state = try LuaState()
        try state.run(
            """
            local raise = function(_, k) error('trap ' .. tostring(k)) end
            v = setmetatable({}, { __index = raise, __tostring = raise, __len = raise, __lt = raise, __eq = raise })
            w = setmetatable({}, getmetatable(v))
            named = setmetatable({}, { __name = 'Named', __len = function() return 7 end })
            """)
        let call = LuaCall(state.L)
        try call.pushGlobal("v")
        try call.pushGlobal("w")
        #expect(state.top == 2)
        #expect(throws: LuaError.self) { try call.pushField(1, "price") }
        #expect(throws: LuaError.self) { try call.displayString(1) }
        #expect(throws: LuaError.self) { try call.length(1) }
        #expect(throws: LuaError.self) { try call.lessThan(1, 2) }
        #expect(throws: LuaError.self) { try call.equal(1, 2) }
        call.push("key")
        #expect(throws: LuaError.self) { try call.replaceKeyWithValue(in: 1) }
        #expect(state.top == 2)
        do {
            try call.pushField(1, "price")
        } catch {
            #expect(error.kind == .runtime && error.message.contains("trap price"), "\(error.message)")
        }
        state.setTop(0)
        try call.pushGlobal("named")
        #expect(try call.displayString(1).hasPrefix("Named: "))
        #expect(try call.length(1) == 7)
        state.setTop(0)
        try state.run(Self.trapG)
        #expect(throws: LuaError.self) { try call.pushGlobal("missing") }
        call.push(1)
        #expect(throws: LuaError.self) { try call.setGlobal("missing") }
        #expect(state.top == 0)
    }
}
