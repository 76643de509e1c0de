import CLua
import CLuaShim

/// The view a Swift function gets of its call: the arguments on the stack of the
/// thread that called it (a coroutine's own `lua_State`, never the main one).
///
/// Stack effects are given as in the Lua manual, `[-o, +p, x]`: pops `o`, pushes `p`;
/// `x` is `-` (never raises) or `m` (only out of memory, which the host does not cap
/// while Swift runs). Nothing here runs a metamethod; the operations that do are in
/// LuaState+Protected.swift and throw instead of raising.
public struct LuaCall {
    /// The calling thread's state. Use this one, not `LuaState.L`.
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    /// The host that owns this state.
    public var state: LuaState { LuaState.owner(of: L) }

    /// `[-0, +0, -]` Number of arguments (the stack height).
    public var count: Int32 { lua_gettop(L) }

    /// `[-0, +0, -]` Lua's type tag at `index` (`LuaType.none` past the last argument).
    public func type(_ index: Int32) -> Int32 { lua_type(L, index) }

    /// `[-0, +0, -]` Whether argument `index` is absent or nil.
    public func isNoneOrNil(_ index: Int32) -> Bool { lua_type(L, index) <= 0 }

    /// `[-0, +0, m]` The argument's type name for messages, honouring `__name` (e.g.
    /// "Decimal"), read raw.
    public func typeName(_ index: Int32) -> String {
        let i = lua_absindex(L, index)
        if lua_getmetatable(L, i) != 0 {
            LuaStack.push(L, string: "__name")
            let t = lua_rawget(L, -2)
            defer { bl_pop(L, 2) }
            if t == LUA_TSTRING, let s = LuaStack.string(L, at: -1) { return s }
        }
        return LuaStack.typeName(L, at: i)
    }

    // MARK: Reading: [-0, +0, -]; strings only when they are strings (no conversion)

    public func string(_ index: Int32) -> String? { LuaStack.string(L, at: index) }
    public func bytes(_ index: Int32) -> [UInt8]? { LuaStack.bytes(L, at: index) }
    public func boolean(_ index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// `[-0, +0, -]` An integer argument (floats with an exact integer value count, as in Lua).
    public func integer(_ index: Int32) -> Int64? {
        guard lua_type(L, index) == LUA_TNUMBER else { return nil }
        var ok: Int32 = 0
        let v = bl_tointegerx(L, index, &ok)
        return ok != 0 ? v : nil
    }

    public func number(_ index: Int32) -> Double? {
        guard lua_type(L, index) == LUA_TNUMBER else { return nil }
        return bl_tonumberx(L, index, nil)
    }

    public func value(_ index: Int32) -> LuaValue { LuaValue.read(L, at: index) }

    /// `string expected, got X` as Lua's own `bad argument #n to 'f'` error.
    public func typeError(_ index: Int32, expected: String) -> LuaArgumentError {
        let got = type(index) == LUA_TNONE ? "no value" : typeName(index)
        return LuaArgumentError(index, "\(expected) expected, got \(got)")
    }

    public func checkString(_ index: Int32) throws(LuaArgumentError) -> String {
        guard let s = string(index) else { throw typeError(index, expected: "string") }
        return s
    }

    public func checkInteger(_ index: Int32) throws(LuaArgumentError) -> Int64 {
        if let i = integer(index) { return i }
        if type(index) == LUA_TNUMBER { throw LuaArgumentError(index, "number has no integer representation") }
        throw typeError(index, expected: "number")
    }

    public func checkNumber(_ index: Int32) throws(LuaArgumentError) -> Double {
        guard let d = number(index) else { throw typeError(index, expected: "number") }
        return d
    }

    public func checkTable(_ index: Int32) throws(LuaArgumentError) {
        guard type(index) == LUA_TTABLE else { throw typeError(index, expected: "table") }
    }

    // MARK: Tables (raw access: no metamethod runs)

    /// `[-0, +1, m]` Pushes `t[key]` (raw) and returns its type.
    @discardableResult
    public func rawField(_ table: Int32, _ key: String) -> Int32 {
        let t = lua_absindex(L, table)
        LuaStack.push(L, string: key)
        return lua_rawget(L, t)
    }

    /// `[-0, +0, m]` The string keys of the table at `index` (raw traversal); non-string
    /// keys are returned as their type names in brackets.
    public func keys(_ index: Int32) -> [String] {
        let t = lua_absindex(L, index)
        var out: [String] = []
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            out.append(string(-2) ?? "[\(LuaStack.typeName(L, at: -2))]")
            bl_pop(L, 1)
        }
        return out
    }

    // MARK: Pushing: each [-0, +1, m]

    public func pushNil() { lua_pushnil(L) }
    public func push(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    public func push(_ i: Int64) { lua_pushinteger(L, i) }
    public func push(_ i: Int) { lua_pushinteger(L, Int64(i)) }
    public func push(_ d: Double) { lua_pushnumber(L, d) }
    public func push(_ s: String) { LuaStack.push(L, string: s) }
    public func push(bytes: [UInt8]) { LuaStack.push(L, bytes: bytes) }
    public func push(_ v: LuaValue) { LuaStack.push(L, value: v) }
    /// Pushes a Swift function (a closure through the trampoline, or a direct one).
    public func push(_ function: LuaFunction) { LuaStack.push(L, function: function) }
    public func newTable(array: Int32 = 0, record: Int32 = 0) { lua_createtable(L, array, record) }

    /// `[-1, +0, m]` `t[key] = top` (raw) for the table at `table`; pops the value.
    public func setField(_ table: Int32, _ key: String) {
        let t = lua_absindex(L, table)
        LuaStack.push(L, string: key)
        lua_rotate(L, -2, 1)
        lua_rawset(L, t)
    }

    /// `[-1, +0, m]` `t[i] = top` (raw); pops the value.
    public func setIndex(_ table: Int32, _ i: Int64) {
        let t = lua_absindex(L, table)
        lua_rawseti(L, t, i)
    }
}
