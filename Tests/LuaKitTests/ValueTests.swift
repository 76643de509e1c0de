import CLua
import Testing

@testable import LuaKit

@Suite struct ValueTests {
    @Test func scalarsAndBinaryStringsRoundTrip() throws {
        let state = try LuaState()
        let values: [LuaValue] = [
            .nil, .boolean(true), .boolean(false), .integer(Int64.min), .integer(42),
            .number(0.1), .number(-1e300), .string([0x61, 0x00, 0x62, 0xff]), .text("ünï"),
        ]
        for v in values {
            state.setGlobal("x", value: v)
            #expect(state.global("x") == v)
        }
        try state.run("x = 'a\\0b'; assert(#x == 3)")
        #expect(state.global("x") == .string([0x61, 0, 0x62]))
    }

    @Test func tablesCopyBothWays() throws {
        let state = try LuaState()
        let t: LuaValue = .table([.text("a"): .integer(1), .integer(1): .table([.text("b"): .boolean(true)])])
        state.setGlobal("t", value: t)
        try state.run("assert(t.a == 1 and t[1].b == true)")
        try state.run("u = {x = {y = {z = 'deep'}}, [2] = 3.5}")
        #expect(state.global("u")["x"]?["y"]?["z"] == .text("deep"))
        #expect(state.global("u")["x"] != nil)
    }

    @Test func cyclicTablesStopAtTheDepthLimit() throws {
        let state = try LuaState()
        try state.run("c = {}; c.self = c")
        var v = state.global("c")
        var depth = 0
        while case .table = v, let next = v["self"] {
            v = next
            depth += 1
        }
        #expect(depth == 8)
        #expect(v == .opaque("table"))
    }

    @Test func functionsAreOpaque() throws {
        let state = try LuaState()
        try state.run("f = print")
        #expect(state.global("f") == .opaque("function"))
    }

    @Test func registryReferencesKeepValuesAlive() throws {
        let state = try LuaState()
        try state.run("kept = {name = 'kept'}")
        lua_getglobal(state.L, "kept")
        let ref = LuaRef(popping: state)
        try state.run("kept = nil; collectgarbage(); collectgarbage()")
        ref.push(state.L)
        #expect(LuaValue.read(state.L, at: -1)["name"] == .text("kept"))
        state.setTop(0)
    }
}
