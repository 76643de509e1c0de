import CLua
import CLuaShim

/// Stack reads and pushes that cannot raise (manual class `-`) or can fail only
/// for lack of memory (`m`, which the host never caps while Swift runs). LuaKit's own
/// building blocks: other modules push and read through `LuaCall`, the one way.
enum LuaStack {
    /// `[-0, +0, -]` A binary-safe copy of the string at `index`, or nil when it is not a string
    /// (numbers are not converted: that would change the stack slot).
    static func bytes(_ L: OpaquePointer, at index: Int32) -> [UInt8]? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var len = 0
        guard let p = bl_tolstring(L, index, &len) else { return nil }
        return Array(UnsafeRawBufferPointer(start: p, count: len))
    }

    /// `[-0, +0, -]` The string at `index` as text (invalid UTF-8 repaired), nil when not a string.
    static func string(_ L: OpaquePointer, at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var len = 0
        guard let p = bl_tolstring(L, index, &len) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    /// `[-0, +1, m]` Pushes `string` (its UTF-8 bytes).
    static func push(_ L: OpaquePointer, string: String) {
        var s = string
        s.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// `[-0, +1, m]` Pushes `bytes` as a Lua string.
    static func push(_ L: OpaquePointer, bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// `[-0, +1, m]` Pushes a copied value back (tables become new tables, set raw).
    static func push(_ L: OpaquePointer, value: LuaValue) {
        switch value {
        case .nil, .opaque: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let b): push(L, bytes: b)
        case .table(let t):
            lua_createtable(L, 0, Int32(clamping: t.count))
            // nil and NaN cannot be keys (lua_rawset would raise)
            for (k, v) in t where k != .nil && !(k.isNaN) {
                push(L, value: k)
                push(L, value: v)
                lua_rawset(L, -3)
            }
        }
    }

    /// `[-0, +1, m]` Pushes `registry[key]` (raw: no metamethod runs); returns its type.
    @discardableResult
    static func pushRegistryField(_ L: OpaquePointer, _ key: String) -> Int32 {
        push(L, string: key)
        return lua_rawget(L, bl_registryindex())
    }

    /// `[-1, +0, m]` Pops the value on top into `registry[key]` (raw).
    static func setRegistryField(_ L: OpaquePointer, _ key: String) {
        push(L, string: key)
        lua_rotate(L, -2, 1)
        lua_rawset(L, bl_registryindex())
    }

    /// `[-0, +0, -]` The Lua type name of the value at `index` (`__name` is not consulted).
    static func typeName(_ L: OpaquePointer, at index: Int32) -> String {
        String(cString: bl_typename_at(L, index))
    }
}

extension LuaState {
    func string(at index: Int32) -> String? { LuaStack.string(L, at: index) }
    func push(string: String) { LuaStack.push(L, string: string) }
}
