import CLua
import CLuaShim

/// A Lua module whose source is compiled into the binary.
public struct EmbeddedModule: Sendable {
    /// The module name `require` takes (`"bybit.margin"`).
    public let name: String
    /// The chunk name in tracebacks (`"@stdlib/bybit/margin.lua"`).
    public let chunkName: String
    public let source: String

    public init(name: String, chunkName: String, source: String) {
        self.name = name
        self.chunkName = chunkName
        self.source = source
    }
}

/// Module search: `package.preload`, modules embedded in the binary, then
/// `package.path` — all loaded as text only. C modules are off.
extension LuaState {
    /// Makes `modules` requirable, ahead of anything on `package.path`.
    public func addEmbeddedModules(_ modules: [EmbeddedModule]) {
        for m in modules { embeddedModules[m.name] = m }
    }

    /// The current `package.path`.
    public var packagePath: String {
        global("package")["path"]?.stringValue ?? ""
    }

    func installModuleSearchers() throws(LuaError) {
        LuaStack.push(
            L,
            function: .closure { call in
                let name = try call.checkString(1)
                let state = call.state
                guard let module = state.embeddedModules[name] else {
                    call.push("no embedded module '\(name)'")
                    return 1
                }
                let bytes = Array(module.source.utf8)
                let status = bytes.withUnsafeBufferPointer { buf in
                    buf.withMemoryRebound(to: CChar.self) {
                        bl_loadbuffer(call.L, $0.baseAddress, $0.count, module.chunkName)
                    }
                }
                if status != LUA_OK { return BL_RAISE }  // the syntax error message is on top
                call.push(module.chunkName.hasPrefix("@") ? String(module.chunkName.dropFirst()) : module.chunkName)
                return 2
            })
        try check(bl_setup_searchers(L), context: "installing module searchers")
        let top = lua_gettop(L)
        // raw: no script has run yet, but no metamethod could run here anyway
        bl_pushglobaltable(L)
        LuaCall(L).rawField(-1, "package")
        push(string: options.modulePath)
        LuaCall(L).setField(-2, "path")
        lua_settop(L, top)
        try installFileAccess()  // the module path's directories are readable
    }
}
