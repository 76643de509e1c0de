import CLua
import CLuaShim

/// Tab completion: globals and keywords, then fields along a dotted path
/// (`bybit.po` → `bybit.position`, `bybit.positions`), and methods after `:`.
/// Only raw reads: completing never runs a metamethod.
extension REPLEngine {
    static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// Candidates that extend `text` (the word before the cursor), sorted.
    public func completions(for text: String) -> [String] {
        let L = state.L
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let chars = Array(text)
        let cut = chars.lastIndex { $0 == "." || $0 == ":" }
        let head = cut.map { String(chars[..<$0]) } ?? ""
        let separator = cut.map { String(chars[$0]) } ?? ""
        let partial = cut.map { String(chars[($0 + 1)...]) } ?? text
        guard lua_checkstack(L, 8) != 0 else { return [] }
        bl_pushglobaltable(L)
        if !head.isEmpty {
            for component in head.split(separator: ".", omittingEmptySubsequences: false) {
                guard isIdentifier(String(component)), descend(L, into: String(component)) else { return [] }
            }
        }
        var names = Set<String>()
        collectKeys(L, at: lua_gettop(L), prefix: partial, methodsOnly: separator == ":", into: &names, depth: 0)
        if head.isEmpty {
            for k in Self.keywords where k.hasPrefix(partial) { names.insert(k) }
        }
        return names.sorted().map { head + separator + $0 }
    }

    /// Replaces the table on top with its field `name` (raw), following a table
    /// `__index` for userdata; false when there is nothing to descend into.
    private func descend(_ L: OpaquePointer, into name: String) -> Bool {
        let t = lua_gettop(L)
        guard lua_type(L, t) == LUA_TTABLE else { return false }
        LuaStack.push(L, string: name)
        lua_rawget(L, t)
        lua_rotate(L, t, 1)
        bl_pop(L, 1)
        let ty = lua_type(L, -1)
        return ty == LUA_TTABLE || ty == LUA_TUSERDATA
    }

    private func collectKeys(
        _ L: OpaquePointer, at index: Int32, prefix: String, methodsOnly: Bool,
        into names: inout Set<String>, depth: Int
    ) {
        guard depth < 3 else { return }
        if lua_type(L, index) == LUA_TTABLE {
            lua_pushnil(L)
            while lua_next(L, index) != 0 {
                if let key = LuaStack.string(L, at: -2), key.hasPrefix(prefix), isIdentifier(key),
                    !methodsOnly || lua_type(L, -1) == LUA_TFUNCTION
                {
                    names.insert(key)
                }
                bl_pop(L, 1)
            }
        }
        // Methods of objects and tables with a metatable: follow a table __index.
        guard lua_getmetatable(L, index) != 0 else { return }
        LuaStack.push(L, string: "__index")
        if lua_rawget(L, -2) == LUA_TTABLE {
            collectKeys(L, at: lua_gettop(L), prefix: prefix, methodsOnly: methodsOnly, into: &names, depth: depth + 1)
        }
        bl_pop(L, 2)
    }

    private func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII else {
            return false
        }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
    }
}
