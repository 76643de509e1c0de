import CLua
import CLuaShim

/// A Swift function Lua can call. It returns the number of results it pushed, or
/// throws: `LuaArgumentError` becomes `bad argument #n to 'f' (…)`, a
/// `LuaErrorObject` is raised as the object it pushes, any other error as its
/// description with the caller's position in front (as `luaL_error`). Either way
/// the C trampoline raises after this frame has returned.
public typealias LuaClosure = (LuaCall) throws -> Int32

/// A function pointer Lua can call with no boxing, for hot paths (metamethods). It
/// returns a result count or one of the `BL_RAISE`/`BL_ARGERROR`/`BL_TYPEERROR`
/// statuses with the operands on the stack, exactly as the trampoline expects.
public typealias LuaDirectFunction = @convention(c) (OpaquePointer?) -> Int32

/// A function to register: a Swift closure or a direct function pointer.
public enum LuaFunction {
    case closure(LuaClosure)
    case direct(LuaDirectFunction)
}

/// Holds a Swift closure inside a Lua userdata (upvalue 1 of the trampoline).
final class ClosureBox {
    let body: LuaClosure
    init(_ body: @escaping LuaClosure) { self.body = body }
}

extension LuaStack {
    /// `[-0, +1, m]` Pushes `function` as a Lua function.
    static func push(_ L: OpaquePointer, function: LuaFunction) {
        switch function {
        case .direct(let fn):
            bl_pushdirect(L, fn, 0)
        case .closure(let body):
            let slot = bl_newuserdata(L, 16)!
            slot.storeBytes(of: closureBoxTag, as: UInt64.self)
            (slot + 8).storeBytes(
                of: Unmanaged.passRetained(ClosureBox(body)).toOpaque(), as: UnsafeMutableRawPointer?.self)
            LuaState.owner(of: L).pushClosureBoxMetatable()
            lua_setmetatable(L, -2)
            bl_pushboxed(L)
        }
    }
}

extension LuaState {
    static let closureBoxName = "luakit.closure"

    /// The metatable of closure boxes: `__gc` releases the box and clears the slot,
    /// so a box finalised early (via `debug`) cannot be used after release.
    func pushClosureBoxMetatable() {
        if luaL_newmetatable(L, Self.closureBoxName) != 0 {
            lua_pushcclosure(L, closureBoxGC, 0)
            LuaCall(L).setField(-2, "__gc")
            LuaStack.push(L, string: "locked")
            LuaCall(L).setField(-2, "__metatable")
        }
    }
}

/// Tags closure-box slots ([tag][box pointer]), so a foreign userdata swapped in with
/// `debug.setupvalue`, or handed to `__gc` by hand, is never read as a box.
private let closureBoxTag = userdataTag("luakit.closure")

/// The box slot of the closure-box userdata at `index`, when it is one.
private func closureBoxSlot(_ L: OpaquePointer, _ index: Int32) -> UnsafeMutableRawPointer? {
    guard lua_type(L, index) == LUA_TUSERDATA, lua_rawlen(L, index) == 16,
        let slot = lua_touserdata(L, index), slot.load(as: UInt64.self) == closureBoxTag
    else { return nil }
    return slot + 8
}

/// `__gc` of a closure box.
private func closureBoxGC(_ L: OpaquePointer?) -> Int32 {
    guard let L, let slot = closureBoxSlot(L, 1) else { return 0 }
    if let p = slot.load(as: UnsafeMutableRawPointer?.self) {
        slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        Unmanaged<ClosureBox>.fromOpaque(p).release()
    }
    return 0
}

/// The one dispatcher the boxed trampoline calls (stored in `bl_Host.dispatch`).
func luaKitDispatch(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    let call = LuaCall(L)
    guard let slot = closureBoxSlot(L, bl_upvalueindex(1)),
        let p = slot.load(as: UnsafeMutableRawPointer?.self)
    else {
        call.push("attempt to call a finalized Swift function")
        return BL_RAISE
    }
    let box = Unmanaged<ClosureBox>.fromOpaque(p).takeUnretainedValue()
    do {
        return try box.body(call)
    } catch {
        return raise(error, in: call)
    }
}

/// Pushes what the trampoline needs to raise `error` and returns its status.
func raise(_ error: any Error, in call: LuaCall) -> Int32 {
    switch error {
    case let e as LuaArgumentError:
        call.push(Int64(e.position))
        call.push(e.message)
        return BL_ARGERROR
    case let e as LuaErrorObject:
        e.pushErrorObject(call)
        return BL_RAISE
    default:
        call.push(String(describing: error))
        return BL_ERROR
    }
}
