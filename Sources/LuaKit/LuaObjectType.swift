import CLua
import CLuaShim

/// A userdata type that carries any Swift value (classes included) through a
/// retained box: `__gc` releases it and clears the slot, and every access checks
/// the slot, so a value finalised early (e.g. `debug` calling `__gc` by hand) reads
/// as absent instead of as freed memory.
public final class LuaObjectType<T> {
    final class Box {
        var value: T
        init(_ value: T) { self.value = value }
    }

    /// The metatable name, also `__name`.
    public let name: String
    private let metatable: UnsafeRawPointer
    private let tag: UInt64
    /// Slot layout: [tag: UInt64][box pointer or nil].
    private static var size: Int { 16 }

    public init(
        in state: LuaState, name: String,
        methods: [(String, LuaFunction)], metamethods: [(String, LuaFunction)] = []
    ) {
        self.name = name
        self.tag = userdataTag(name)
        let L = state.L
        metatable = makeUserdataMetatable(L, name: name, methods: methods, metamethods: metamethods) { [tag] L in
            LuaStack.push(L, value: .integer(Int64(bitPattern: tag)))
            lua_pushcclosure(L, objectGC, 1)
            LuaCall(L).setField(-2, "__gc")
        }
    }

    /// `[-0, +1, m]` Pushes a new userdata owning a retained copy of `value`.
    public func push(_ L: OpaquePointer, _ value: T) {
        let slot = bl_newuserdata(L, Self.size)!
        slot.storeBytes(of: tag, as: UInt64.self)
        (slot + 8).storeBytes(of: Unmanaged.passRetained(Box(value)).toOpaque(), as: UnsafeMutableRawPointer?.self)
        LuaStack.pushRegistryField(L, name)
        lua_setmetatable(L, -2)
    }

    /// `[-0, +0, -]` The value at `index` when it is a live userdata of this type.
    public func value(_ L: OpaquePointer, at index: Int32) -> T? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        let same = lua_topointer(L, -1) == metatable
        bl_pop(L, 1)
        guard same, lua_rawlen(L, index) == Self.size,
            let slot = lua_touserdata(L, index), slot.load(as: UInt64.self) == tag,
            let p = (slot + 8).load(as: UnsafeMutableRawPointer?.self)
        else { return nil }
        return Unmanaged<Box>.fromOpaque(p).takeUnretainedValue().value
    }
}

/// `__gc` shared by every object type (upvalue 1: the type's tag). It only touches
/// a slot that carries the tag, so a foreign userdata passed by hand is left alone.
private func objectGC(_ L: OpaquePointer?) -> Int32 {
    guard let L, lua_type(L, 1) == LUA_TUSERDATA, lua_rawlen(L, 1) == 16,
        let slot = lua_touserdata(L, 1),
        slot.load(as: UInt64.self) == UInt64(bitPattern: lua_tointegerx(L, bl_upvalueindex(1), nil))
    else { return 0 }
    if let p = (slot + 8).load(as: UnsafeMutableRawPointer?.self) {
        (slot + 8).storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        Unmanaged<AnyObject>.fromOpaque(p).release()
    }
    return 0
}
