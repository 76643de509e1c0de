import CLua
import CLuaShim

/// The Lua operations that may run a script's metamethod (`__index`, `__newindex`,
/// `__tostring`, `__len`, `__lt`, …), which may raise. Swift never makes these API
/// calls itself: a raise outside any `lua_pcall` is Lua's panic and `abort()`, and
/// inside one it would longjmp across Swift frames. Each operation here runs in a C
/// function under `lua_pcall` (CLuaShim's protected.c) and turns an error into a
/// thrown `LuaError` with the stack as it was.
///
/// Stack effects are written as in the Lua manual: `[-o, +p, x]` pops `o`, pushes
/// `p`; `x` is `-` (never raises), `m` (only out of memory) or `e` (any error). The
/// `e` ones here throw instead of raising.
extension LuaCall {
    /// `[-0, +1, e→throws]` Pushes `_G[name]`, metamethods included; returns its type.
    @discardableResult
    public func pushGlobal(_ name: String) throws(LuaError) -> Int32 {
        try protect(bl_pgetglobal(L, name))
        return lua_type(L, -1)
    }

    /// `[-0, +1, e→throws]` Pushes `t[key]` for the value at `index` (`__index` runs).
    @discardableResult
    public func pushField(_ index: Int32, _ key: String) throws(LuaError) -> Int32 {
        try protect(bl_pgetfield(L, index, key))
        return lua_type(L, -1)
    }

    /// `[-1, +1, e→throws]` Replaces the key on top with `t[key]` (`__index` runs).
    @discardableResult
    public func replaceKeyWithValue(in index: Int32) throws(LuaError) -> Int32 {
        try protect(bl_pgettable(L, index))
        return lua_type(L, -1)
    }

    /// `[-1, +0, e→throws]` Pops the value on top into `_G[name]` (`__newindex` runs).
    public func setGlobal(_ name: String) throws(LuaError) {
        try protect(bl_psetglobal(L, name))
    }

    /// `[-0, +0, e→throws]` The value as `tostring` shows it (`__tostring`, `__name`).
    public func displayString(_ index: Int32) throws(LuaError) -> String {
        try protect(bl_ptolstring(L, index))
        defer { bl_pop(L, 1) }
        return LuaStack.string(L, at: -1) ?? ""
    }

    /// `[-0, +0, e→throws]` `#v` (`__len` runs); nil when the length is not an integer.
    public func length(_ index: Int32) throws(LuaError) -> Int64? {
        try protect(bl_plen(L, index))
        defer { bl_pop(L, 1) }
        return integer(-1)
    }

    /// `[-0, +0, e→throws]` `a < b` (`__lt` runs).
    public func lessThan(_ a: Int32, _ b: Int32) throws(LuaError) -> Bool {
        try compare(a, b, LUA_OPLT)
    }

    /// `[-0, +0, e→throws]` `a == b` (`__eq` runs).
    public func equal(_ a: Int32, _ b: Int32) throws(LuaError) -> Bool {
        try compare(a, b, LUA_OPEQ)
    }

    private func compare(_ a: Int32, _ b: Int32, _ op: Int32) throws(LuaError) -> Bool {
        try protect(bl_pcompare(L, a, b, op))
        defer { bl_pop(L, 1) }
        return lua_toboolean(L, -1) != 0
    }

    /// Throws the error object a failed protected operation left on top (popping it).
    private func protect(_ status: Int32) throws(LuaError) {
        guard status != LUA_OK else { return }
        let message: String
        if let s = LuaStack.string(L, at: -1) {
            message = s
        } else {
            message = "(error object is a \(LuaStack.typeName(L, at: -1)) value)"
        }
        bl_pop(L, 1)
        throw LuaError(kind: status == LUA_ERRMEM ? .memory : .runtime, message: message)
    }
}
