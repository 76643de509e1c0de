import CLua
import CLuaShim
import Testing

@testable import LuaKit

@Suite struct UserdataTests {
    struct Pair: BitwiseCopyable, Equatable {
        var a: Int64
        var b: Int64
    }

    /// A value type stored inline with a locked, named metatable and metamethods.
    @Test func inlineValuesCarryMethodsAndALockedMetatable() throws {
        let state = try LuaState()
        nonisolated(unsafe) var type: LuaValueType<Pair>!
        type = LuaValueType<Pair>(
            in: state, name: "Pair",
            methods: [
                (
                    "sum",
                    .closure { call in
                        guard let p = type.value(call.L, at: 1) else { throw call.typeError(1, expected: "Pair") }
                        call.push(p.a + p.b)
                        return 1
                    }
                )
            ],
            metamethods: [
                (
                    "__tostring",
                    .closure { call in
                        let p = type.value(call.L, at: 1)!
                        call.push("Pair(\(p.a), \(p.b))")
                        return 1
                    }
                )
            ])
        state.setGlobal("pair") { call in
            type.push(call.L, Pair(a: try call.checkInteger(1), b: try call.checkInteger(2)))
            return 1
        }
        try state.run(
            """
            local p = pair(2, 3)
            assert(p:sum() == 5)
            assert(tostring(p) == "Pair(2, 3)")
            assert(getmetatable(p) == "Pair")
            assert(not pcall(setmetatable, p, {}))
            local ok, err = pcall(p.sum, {})
            assert(err:find("Pair expected, got table", 1, true), err)
            """)
    }

    /// debug.setmetatable can put the metatable on a foreign userdata; the size check
    /// keeps Swift from reading it as a Pair.
    @Test func foreignUserdataWithTheMetatableIsRejected() throws {
        let state = try LuaState()
        let type = LuaValueType<Pair>(in: state, name: "Pair", methods: [], metamethods: [])
        try state.run("u = io.stdout")
        lua_getglobal(state.L, "u")
        lua_getfield(state.L, bl_registryindex(), "Pair")
        lua_setmetatable(state.L, -2)
        #expect(type.value(state.L, at: -1) == nil)
        state.setTop(0)
    }

    final class Resource {
        nonisolated(unsafe) static var live = 0
        init() { Resource.live += 1 }
        deinit { Resource.live -= 1 }
    }

    @Test func objectsAreReleasedByGCAndSafeAfterAnEarlyFinalizer() throws {
        let state = try LuaState()
        Resource.live = 0
        nonisolated(unsafe) var type: LuaObjectType<Resource>!
        type = LuaObjectType<Resource>(
            in: state, name: "Resource",
            methods: [
                (
                    "alive",
                    .closure { call in
                        call.push(type.value(call.L, at: 1) != nil)
                        return 1
                    }
                )
            ])
        state.setGlobal("resource") { call in
            type.push(call.L, Resource())
            return 1
        }
        try state.run("for i = 1, 100 do resource() end; collectgarbage(); collectgarbage()")
        #expect(Resource.live == 0)
        try state.run(
            """
            local r = resource()
            assert(r:alive())
            debug.getmetatable(r).__gc(r)   -- a hostile script finalises it by hand
            assert(r:alive() == false)
            """)
        #expect(Resource.live == 0)
    }
}
