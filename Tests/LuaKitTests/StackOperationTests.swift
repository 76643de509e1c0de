import LuaKit
import Testing

/// LuaCall's stack operations do what their documented stack effect says, and none
/// runs a metamethod (a table whose metamethods all raise is read without error).
@Suite struct StackOperationTests {
    private func state() throws -> (LuaState, LuaCall) {
        let state = try LuaState()
        try state.run(
            """
            local raise = function() error('trap') end
            trap = setmetatable({ 10, 20, 30, name = 'raw' }, { __index = raise, __newindex = raise, __len = raise })
            setmetatable(_G, { __index = raise })
            """)
        return (state, LuaCall(state.L))
    }

    @Test func rawReadsIgnoreMetamethods() throws {
        let (state, call) = try state()
        #expect(call.pushRawGlobal("trap") == LuaType.table)
        #expect(call.top == 1)
        #expect(call.rawLength(1) == 3)
        #expect(call.pushRawIndex(1, 2) == LuaType.number)
        #expect(call.integer(-1) == 20)
        call.pop()
        #expect(call.rawField(1, "name") == LuaType.string)
        #expect(call.string(-1) == "raw")
        call.pop()
        #expect(call.pushRawGlobal("missing") == LuaType.nil)  // _G.__index not run
        #expect(call.top == 2)
        state.setTop(0)
    }

    @Test func removeRegistryAndMetatable() throws {
        let (state, call) = try state()
        call.push("a")
        call.push("b")
        call.push("c")
        call.remove(2)
        #expect(call.top == 2 && call.string(1) == "a" && call.string(2) == "c")
        call.setTop(0)
        call.push(Int64(42))
        call.setRegistryField("stack-test")
        #expect(call.top == 0)
        #expect(call.pushRegistryField("stack-test") == LuaType.number)
        #expect(call.integer(-1) == 42)
        call.pop()
        call.newTable()
        call.newTable()
        call.push("Named")
        call.setField(-2, "__name")
        call.setMetatable(-2)
        #expect(call.top == 1)
        #expect(call.typeName(1) == "Named")
        #expect(try call.displayString(1).hasPrefix("Named: "))
        state.setTop(0)
    }

    @Test func textAndBytes() throws {
        let (state, call) = try state()
        call.push(Int64(7))
        call.push(0.5)
        call.push(bytes: [0x61, 0x00, 0x62])
        call.push(true)
        #expect(call.textBytes(1) == Array("7".utf8))
        #expect(call.textBytes(2) == Array("0.5".utf8))
        #expect(call.type(1) == LuaType.number && call.isInteger(1))  // converted on a copy
        #expect(call.textBytes(3) == [0x61, 0x00, 0x62])
        #expect(call.textBytes(4) == nil)
        #expect(call.withStringBytes(3) { Array($0) } == [0x61, 0x00, 0x62])
        #expect(call.withStringBytes(1) { Array($0) } == nil)  // numbers are not converted
        #expect(!call.isInteger(2))
        #expect(call.ensureStack(100))
        #expect(call.top == 4)
        state.setTop(0)
    }
}
