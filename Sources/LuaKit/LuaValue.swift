import CLua
import CLuaShim

/// A Lua value copied out of the state (tables copied deeply, to a bounded depth).
///
/// Strings are kept as bytes: Lua strings may hold any bytes, including `\0` and
/// invalid UTF-8.
public enum LuaValue: Hashable, Sendable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string([UInt8])
    case table([LuaValue: LuaValue])
    /// A value Swift cannot copy (function, userdata, thread), by type name.
    case opaque(String)

    /// A string value from Swift text.
    public static func text(_ s: String) -> LuaValue { .string(Array(s.utf8)) }

    /// The string as text (invalid UTF-8 repaired), when this is a string.
    public var stringValue: String? {
        if case .string(let b) = self { return String(decoding: b, as: UTF8.self) }
        return nil
    }

    /// Field lookup for table values (`nil` otherwise).
    public subscript(key: String) -> LuaValue? {
        if case .table(let t) = self { return t[.text(key)] }
        return nil
    }

    /// Whether this is the number NaN (which no table accepts as a key).
    var isNaN: Bool {
        if case .number(let d) = self { return d.isNaN }
        return false
    }

    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return String(b)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let b): return String(decoding: b, as: UTF8.self)
        case .table(let t): return "table(\(t.count) entries)"
        case .opaque(let name): return name
        }
    }

    /// `[-0, +0, m]` Copies the value at `index` (tables to `depth` levels; deeper ones
    /// become opaque).
    /// Uses only raw access, so no metamethod runs and nothing can raise.
    public static func read(_ L: OpaquePointer, at index: Int32, depth: Int = 8) -> LuaValue {
        let i = lua_absindex(L, index)
        switch lua_type(L, i) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, i) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, i) != 0 { return .integer(bl_tointegerx(L, i, nil)) }
            return .number(bl_tonumberx(L, i, nil))
        case LUA_TSTRING: return .string(LuaStack.bytes(L, at: i) ?? [])
        case LUA_TTABLE where depth > 0:
            guard lua_checkstack(L, 3) != 0 else { return .opaque("table") }
            var t: [LuaValue: LuaValue] = [:]
            lua_pushnil(L)
            while lua_next(L, i) != 0 {  // raw traversal; keys come from lua_next itself
                t[read(L, at: -2, depth: depth - 1)] = read(L, at: -1, depth: depth - 1)
                bl_pop(L, 1)
            }
            return .table(t)
        default: return .opaque(String(cString: bl_typename_at(L, i)))
        }
    }
}
