import CLua
import CLuaShim

/// The view a Swift function gets of its call: the arguments on the stack of the
/// thread that called it (a coroutine's own `lua_State`, never the main one).
public struct LuaCall {
    /// The calling thread's state. Use this one, not `LuaState.L`.
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    /// The host that owns this state.
    public var state: LuaState { LuaState.owner(of: L) }

    /// Number of arguments.
    public var count: Int32 { lua_gettop(L) }

    /// Lua's type tag at `index` (`LUA_TNONE` past the last argument).
    public func type(_ index: Int32) -> Int32 { lua_type(L, index) }

    /// Whether argument `index` is absent or nil.
    public func isNoneOrNil(_ index: Int32) -> Bool { lua_type(L, index) <= 0 }

    /// The argument's type name for messages, honouring `__name` (e.g. "Decimal").
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

    // MARK: Reading

    public func string(_ index: Int32) -> String? { LuaStack.string(L, at: index) }
    public func bytes(_ index: Int32) -> [UInt8]? { LuaStack.bytes(L, at: index) }
    public func boolean(_ index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// An integer argument (floats with an exact integer value count, as in Lua).
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

    /// Pushes `t[key]` (raw) and returns its type.
    @discardableResult
    public func rawField(_ table: Int32, _ key: String) -> Int32 {
        let t = lua_absindex(L, table)
        LuaStack.push(L, string: key)
        return lua_rawget(L, t)
    }

    /// The string keys of the table at `index` (raw traversal); non-string keys are
    /// returned as their type names in brackets.
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

    // MARK: Pushing

    public func pushNil() { lua_pushnil(L) }
    public func push(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    public func push(_ i: Int64) { lua_pushinteger(L, i) }
    public func push(_ i: Int) { lua_pushinteger(L, Int64(i)) }
    public func push(_ d: Double) { lua_pushnumber(L, d) }
    public func push(_ s: String) { LuaStack.push(L, string: s) }
    public func push(bytes: [UInt8]) { LuaStack.push(L, bytes: bytes) }
    public func push(_ v: LuaValue) { LuaStack.push(L, value: v) }
    public func newTable(array: Int32 = 0, record: Int32 = 0) { lua_createtable(L, array, record) }

    /// `t[key] = top` (raw) for the table at `table`; pops the value.
    public func setField(_ table: Int32, _ key: String) {
        let t = lua_absindex(L, table)
        LuaStack.push(L, string: key)
        lua_rotate(L, -2, 1)
        lua_rawset(L, t)
    }

    /// `t[i] = top` (raw); pops the value.
    public func setIndex(_ table: Int32, _ i: Int64) {
        let t = lua_absindex(L, table)
        lua_rawseti(L, t, i)
    }
}

