import CLua
import CLuaShim

/// A userdata type whose Swift value is stored inline, as plain bytes, in a full
/// userdata: no box, no retain, no `__gc` (e.g. an exact decimal).
///
/// Lua only guarantees 8-byte alignment for userdata memory, so values are read and
/// written unaligned. Each type has one named metatable, locked with `__metatable`.
/// A tag word before the value tells our userdata from a foreign one that was given
/// this metatable with `debug.setmetatable`.
public final class LuaValueType<T: BitwiseCopyable> {
    /// The metatable name, also `__name` (what `bad argument` messages show).
    public let name: String
    private let metatable: UnsafeRawPointer
    /// The tag this type writes before each value (`userdataTag(name)`).
    public let tag: UInt64
    private static var size: Int { 8 + MemoryLayout<T>.size }

    /// Creates the metatable with `methods` (reached through `__index`) and
    /// `metamethods` (`__add`, `__tostring`, …). `.direct` functions receive the
    /// metatable as their upvalue 1.
    public init(
        in state: LuaState, name: String,
        methods: [(String, LuaFunction)], metamethods: [(String, LuaFunction)]
    ) {
        self.name = name
        let L = state.L
        self.tag = userdataTag(name)
        metatable = makeUserdataMetatable(L, name: name, methods: methods, metamethods: metamethods)
    }

    /// `[-0, +1, m]` Pushes `fn` as a direct function whose upvalue 1 (`bl_direct_upvalue(1)`) is
    /// this type's metatable, for the static fast paths below.
    public func pushBound(_ L: OpaquePointer, _ fn: LuaDirectFunction) {
        LuaStack.pushRegistryField(L, name)
        bl_pushdirect(L, fn, 1)
    }

    /// `[-0, +0, -]` Reads a value in a function pushed with `pushBound`: no registry lookup,
    /// just the metatable upvalue, the size and the tag.
    @inline(__always)
    public static func value(_ L: OpaquePointer, at index: Int32, tag: UInt64) -> T? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        let same = lua_rawequal(L, -1, bl_direct_upvalue(1)) != 0
        bl_pop(L, 1)
        guard same, lua_rawlen(L, index) == size, let p = lua_touserdata(L, index),
            p.load(as: UInt64.self) == tag
        else { return nil }
        return UnsafeRawPointer(p + 8).loadUnaligned(as: T.self)
    }

    /// `[-0, +1, m]` Pushes a value in a function pushed with `pushBound`.
    @inline(__always)
    public static func push(_ L: OpaquePointer, _ value: T, tag: UInt64) {
        let p = lua_newuserdatauv(L, size, 0)!
        p.storeBytes(of: tag, as: UInt64.self)
        (p + 8).storeBytes(of: value, as: T.self)
        lua_pushvalue(L, bl_direct_upvalue(1))
        lua_setmetatable(L, -2)
    }

    /// `[-0, +0, m]` Reads a value anywhere (any function, any upvalues), finding the metatable
    /// by `name` in the registry.
    public static func value(_ L: OpaquePointer, at index: Int32, tag: UInt64, name: String) -> T? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        LuaStack.pushRegistryField(L, name)
        let same = lua_rawequal(L, -1, -2) != 0
        bl_pop(L, 2)
        guard same, lua_rawlen(L, index) == size, let p = lua_touserdata(L, index),
            p.load(as: UInt64.self) == tag
        else { return nil }
        return UnsafeRawPointer(p + 8).loadUnaligned(as: T.self)
    }

    /// `[-0, +1, m]` Pushes a value anywhere, finding the metatable by `name` in the registry.
    public static func push(_ L: OpaquePointer, _ value: T, tag: UInt64, name: String) {
        let p = lua_newuserdatauv(L, size, 0)!
        p.storeBytes(of: tag, as: UInt64.self)
        (p + 8).storeBytes(of: value, as: T.self)
        LuaStack.pushRegistryField(L, name)
        lua_setmetatable(L, -2)
    }

    /// `[-0, +1, m]` Pushes a value whose metatable is at the absolute stack index `metatable`
    /// (from ``pushMetatable(_:name:)``): a caller pushing many values looks the name up once.
    public static func push(_ L: OpaquePointer, _ value: T, tag: UInt64, metatableAt metatable: Int32) {
        let p = lua_newuserdatauv(L, size, 0)!
        p.storeBytes(of: tag, as: UInt64.self)
        (p + 8).storeBytes(of: value, as: T.self)
        lua_pushvalue(L, metatable)
        lua_setmetatable(L, -2)
    }

    /// `[-0, +1, m]` Pushes the metatable registered as `name`; its absolute stack index.
    public static func pushMetatable(_ L: OpaquePointer, name: String) -> Int32 {
        LuaStack.pushRegistryField(L, name)
        return lua_gettop(L)
    }

    /// `[-0, +1, m]` Pushes a new userdata holding `value`.
    @inline(__always)
    public func push(_ L: OpaquePointer, _ value: T) {
        let p = lua_newuserdatauv(L, Self.size, 0)!
        p.storeBytes(of: tag, as: UInt64.self)
        (p + 8).storeBytes(of: value, as: T.self)
        LuaStack.pushRegistryField(L, name)
        lua_setmetatable(L, -2)
    }

    /// `[-0, +0, -]` The value at `index` when it is a userdata of this type, else nil.
    @inline(__always)
    public func value(_ L: OpaquePointer, at index: Int32) -> T? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        let same = lua_topointer(L, -1) == metatable
        bl_pop(L, 1)
        guard same, lua_rawlen(L, index) == Self.size, let p = lua_touserdata(L, index),
            p.load(as: UInt64.self) == tag
        else { return nil }
        return UnsafeRawPointer(p + 8).loadUnaligned(as: T.self)
    }
}

/// A per-type tag (FNV-1a of the name with the top bit set, so it is never a small
/// integer or an aligned heap pointer that a foreign userdata would start with).
public func userdataTag(_ name: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    return h | (1 << 63) | 1
}
