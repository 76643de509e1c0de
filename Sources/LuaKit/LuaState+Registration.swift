import CLua
import CLuaShim

/// Registering Swift functions and modules: the Swift counterpart of a
/// `luaL_Reg[]` array and a `luaopen_x` function.
extension LuaState {
    /// Sets global `name` to a Swift function.
    public func setGlobal(_ name: String, _ function: LuaFunction) {
        LuaStack.push(L, function: function)
        setGlobalFromTop(name)
    }

    /// Sets global `name` to a Swift closure.
    public func setGlobal(_ name: String, _ body: @escaping LuaClosure) {
        setGlobal(name, .closure(body))
    }

    /// Sets global `name` to a copied value.
    public func setGlobal(_ name: String, value: LuaValue) {
        LuaStack.push(L, value: value)
        setGlobalFromTop(name)
    }

    /// `[-0, +0, m]` Reads global `name` (raw: `_G`'s metatable, if a script set one, is ignored).
    public func global(_ name: String) -> LuaValue {
        bl_pushglobaltable(L)
        push(string: name)
        lua_rawget(L, -2)
        defer { bl_pop(L, 2) }
        return LuaValue.read(L, at: -1)
    }

    /// `[-1, +0, m]` Pops the value on top into global `name` (raw set).
    public func setGlobalFromTop(_ name: String) {
        bl_pushglobaltable(L)
        push(string: name)
        lua_rotate(L, -3, -1)  // [value, G, name] -> [G, name, value]
        lua_rawset(L, -3)
        bl_pop(L, 1)
    }

    /// Builds a module table from `functions` (plus `values`) and registers it in
    /// `package.loaded[name]`, so `require(name)` returns it and no searcher or
    /// `package.preload` entry can replace it. Leaves the table on the stack when
    /// `leaveOnStack` is true.
    public func registerModule(
        _ name: String, functions: [(String, LuaFunction)], values: [(String, LuaValue)] = [],
        leaveOnStack: Bool = false
    ) {
        lua_createtable(L, 0, Int32(functions.count + values.count))
        for (fname, fn) in functions {
            LuaStack.push(L, function: fn)
            LuaCall(L).setField(-2, fname)
        }
        for (vname, v) in values {
            LuaStack.push(L, value: v)
            LuaCall(L).setField(-2, vname)
        }
        LuaStack.pushRegistryField(L, LUA_LOADED_TABLE)
        lua_pushvalue(L, -2)
        LuaCall(L).setField(-2, name)
        bl_pop(L, 1)
        if !leaveOnStack { bl_pop(L, 1) }
    }

    /// The current stack height (for tests and careful callers).
    public var top: Int32 { lua_gettop(L) }
    /// Restores the stack height.
    public func setTop(_ n: Int32) { lua_settop(L, n) }
}
