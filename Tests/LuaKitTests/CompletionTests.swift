import Testing

@testable import LuaKit

@Suite struct CompletionTests {
    private func engine() throws -> REPLEngine {
        let state = try LuaState()
        try state.run(
            """
            bybit = { positions = 1, position = 2, ticker = 3, nested = { deep = { leaf = true } } }
            obj = setmetatable({}, { __index = { round = function() end, quantize = function() end, scale = 3 } })
            """)
        return REPLEngine(state: state)
    }

    @Test func globalsAndKeywords() throws {
        let e = try engine()
        #expect(e.completions(for: "byb") == ["bybit"])
        #expect(e.completions(for: "whi") == ["while"])
        #expect(e.completions(for: "pri").contains("print"))
    }

    @Test func fieldsAlongADottedPath() throws {
        let e = try engine()
        #expect(e.completions(for: "bybit.po") == ["bybit.position", "bybit.positions"])
        #expect(e.completions(for: "bybit.nested.deep.") == ["bybit.nested.deep.leaf"])
        #expect(e.completions(for: "string.fo") == ["string.format"])
        #expect(e.completions(for: "nosuch.x") == [])
        #expect(e.completions(for: "bybit.ticker.x") == [])
    }

    @Test func methodsThroughIndexAfterAColon() throws {
        let e = try engine()
        #expect(e.completions(for: "obj:") == ["obj:quantize", "obj:round"])
        #expect(e.completions(for: "obj.sc") == ["obj.scale"])
    }

    @Test func completingRunsNoMetamethod() throws {
        let e = try engine()
        try e.state.run("trap = setmetatable({}, { __index = function() error('ran') end })")
        #expect(e.completions(for: "trap.x") == [])
    }
}
