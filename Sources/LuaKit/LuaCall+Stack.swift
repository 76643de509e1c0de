import CLua
import CLuaShim

/// Lua's type tags, as `LuaCall.type(_:)` returns them, for code that does not
/// import the C API.
public enum LuaType {
    public static let none: Int32 = LUA_TNONE
    public static let `nil`: Int32 = LUA_TNIL
    public static let boolean: Int32 = LUA_TBOOLEAN
    public static let number: Int32 = LUA_TNUMBER
    public static let string: Int32 = LUA_TSTRING
    public static let table: Int32 = LUA_TTABLE
    public static let function: Int32 = LUA_TFUNCTION
    public static let userdata: Int32 = LUA_TUSERDATA
}

/// What a direct function (`LuaDirectFunction`) returns instead of a result count
/// for the trampoline to raise after it (CLuaShim's bl_host.h).
public enum LuaStatus {
    /// The error object is on top: raise it.
    public static let raise: Int32 = BL_RAISE
    /// `[argindex, message]` on top: `bad argument #argindex to 'f' (message)`.
    public static let argumentError: Int32 = BL_ARGERROR
    /// A message on top: raise it with the caller's position in front.
    public static let error: Int32 = BL_ERROR
}

/// Stack, registry and metatable operations without metamethods. Stack effects as in
/// the Lua manual, `[-o, +p, x]`: `-` never raises, `m` only out of memory (the host
/// does not cap memory while Swift runs).
extension LuaCall {
    /// `[-0, +0, -]` The index of the top slot (0: empty).
    public var top: Int32 { lua_gettop(L) }

    /// `[-?, +?, -]` Sets the top to `index`, dropping or adding nils.
    public func setTop(_ index: Int32) { lua_settop(L, index) }

    /// `[-n, +0, -]` Pops `n` values.
    public func pop(_ n: Int32 = 1) { lua_settop(L, -n - 1) }

    /// `[-0, +0, -]` Room for `n` more slots; false when the stack cannot grow.
    public func ensureStack(_ n: Int32) -> Bool { lua_checkstack(L, n) != 0 }

    /// `[-0, +0, -]` Whether the value at `index` is a number with the integer subtype.
    public func isInteger(_ index: Int32) -> Bool { lua_isinteger(L, index) != 0 }

    /// `[-0, +0, -]` Runs `body` on the bytes of the string at `index` in place (no
    /// copy); nil when the value is not a string (numbers are not converted).
    public func withStringBytes<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var len = 0
        guard let p = bl_tolstring(L, index, &len) else { return nil }
        return try body(UnsafeRawBufferPointer(start: p, count: len))
    }

    /// `[-0, +0, m]` The bytes of a string, or of a number as Lua writes it (`1`,
    /// `0.5`, converted on a copy so the slot keeps its number); nil for other types.
    public func textBytes(_ index: Int32) -> [UInt8]? {
        let t = lua_type(L, index)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { return nil }
        lua_pushvalue(L, index)
        defer { lua_settop(L, -2) }
        var len = 0
        guard let p = bl_tolstring(L, -1, &len) else { return nil }
        return Array(UnsafeRawBufferPointer(start: p, count: len))
    }

    /// `[-1, +0, -]` Removes the value at `index`, shifting the ones above down.
    public func remove(_ index: Int32) {
        lua_rotate(L, index, -1)
        lua_settop(L, -2)
    }

    /// `[-0, +0, -]` The raw length (`#` without `__len`) of a table, string or userdata.
    public func rawLength(_ index: Int32) -> Int { Int(lua_rawlen(L, index)) }

    /// `[-1, +(2|0), -]` Pops a key and pushes the next key and value of the table at
    /// `table` (raw, as `next`); false, pushing nothing, after the last. Start with nil on
    /// top; the table must not gain keys during the traversal.
    public func next(_ table: Int32) -> Bool {
        let t = lua_absindex(L, table)
        return lua_next(L, t) != 0
    }

    /// `[-0, +1, m]` Pushes a new table of the `count` fields kept as key/value pairs at
    /// 1, 2 / 3, 4 / … of the sequence at `table`; a pair whose value is nil is left out.
    /// Copying a record kept this way reads by integer index, where a copy by `lua_next`
    /// looks each key up again to find the next one.
    public func pushRecord(fromPairs table: Int32, count: Int) {
        let t = lua_absindex(L, table)
        lua_createtable(L, 0, Int32(clamping: count))
        for n in 0..<Int64(count) {
            if lua_rawgeti(L, t, 2 * n + 2) == LUA_TNIL {
                lua_settop(L, -2)
                continue
            }
            lua_rawgeti(L, t, 2 * n + 1)
            lua_rotate(L, -2, 1)  // … record key value
            lua_rawset(L, -3)
        }
    }

    /// `[-0, +0, -]` Which object a table, function, thread or userdata is
    /// (`lua_topointer`): equal for the same object, to find a cycle. nil for other values.
    public func identity(_ index: Int32) -> UnsafeRawPointer? { lua_topointer(L, index) }

    /// `[-0, +1, -]` Pushes `t[i]` (raw) for the table at `table`; returns its type.
    @discardableResult
    public func pushRawIndex(_ table: Int32, _ i: Int64) -> Int32 { lua_rawgeti(L, table, i) }

    /// `[-0, +1, -]` Pushes a copy of the value at `index`.
    public func pushCopy(_ index: Int32) { lua_pushvalue(L, index) }

    /// `[-0, +1, m]` Pushes `registry[key]` (raw); returns its type.
    @discardableResult
    public func pushRegistryField(_ key: String) -> Int32 { LuaStack.pushRegistryField(L, key) }

    /// `[-1, +0, m]` Pops the value on top into `registry[key]` (raw).
    public func setRegistryField(_ key: String) { LuaStack.setRegistryField(L, key) }

    /// `[-0, +1, m]` Pushes `_G[name]` raw: `_G`'s metatable, if a script set one, is
    /// not consulted (for setup code; `pushGlobal` runs metamethods, protected).
    @discardableResult
    public func pushRawGlobal(_ name: String) -> Int32 {
        bl_pushglobaltable(L)
        let t = rawField(-1, name)
        lua_rotate(L, -2, -1)
        lua_settop(L, -2)
        return t
    }

    /// `[-2, +0, m]` `t[k] = v` (raw) for the table at `table`, with `k, v` on top.
    public func rawSet(_ table: Int32) {
        let t = lua_absindex(L, table)
        lua_rawset(L, t)
    }

    /// `[-1, +0, -]` Pops the table on top and makes it the metatable of the value at
    /// `index` (no `__metatable` check: the host may set a locked one).
    public func setMetatable(_ index: Int32) {
        let i = lua_absindex(L, index)
        lua_setmetatable(L, i)
    }

    /// `[-0, +0, -]` Whether the run is stopped or its memory is past `--max-memory`:
    /// host code that builds a large value should stop growing the heap (the
    /// trampoline stops the run when the Swift function returns).
    public var runMustStopGrowing: Bool {
        let h = bl_host(L)!
        return h.pointee.kill != 0 || (h.pointee.limit != 0 && h.pointee.used > h.pointee.limit)
    }
}
