import CLua
import CLuaShim

#if canImport(Glibc)
    import Glibc
#endif

/// Loading and running chunks, always in text mode and under `lua_pcall`.
extension LuaState {
    /// `[-0, +1, -]` Compiles `source` and pushes the resulting function (nothing on error).
    /// - Parameter chunkName: `"@file.lua"` for files, `"=name"` for other sources.
    public func load(_ source: String, chunkName: String) throws(LuaError) {
        var bytes = Array(source.utf8)
        try load(bytes: &bytes, chunkName: chunkName)
    }

    /// Compiles raw bytes (binary chunks are refused) and pushes the function.
    public func load(bytes: inout [UInt8], chunkName: String) throws(LuaError) {
        let status = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                bl_loadbuffer(L, chars.baseAddress, chars.count, chunkName)
            }
        }
        if status != LUA_OK { throw loadError(status) }
    }

    /// Compiles a file (`nil` = standard input) and pushes the function.
    public func loadFile(_ path: String?) throws(LuaError) {
        let status = path.map { bl_loadfile(L, $0) } ?? bl_loadfile(L, nil)
        if status != LUA_OK { throw loadError(status) }
    }

    /// `[-(arguments + 1), +results, -]` Calls the function below `arguments` values on the
    /// stack under `lua_pcall`, leaving `results` values (`LUA_MULTRET` for all); on an
    /// error it throws, with lua.c's message and traceback, and pushes nothing.
    public func call(arguments: Int32 = 0, results: Int32 = LUA_MULTRET) throws(LuaError) {
        let base = lua_gettop(L) - arguments - 1
        let status = bl_docall(L, arguments, results)
        if status != LUA_OK { throw callError(status) }
        // The script caught the stop with pcall and then returned: the run still ends as
        // stopped, or the limit would be defeated.
        try throwIfStopped(droppingTo: base)
    }

    /// Throws the stop (limit, signal, `os.exit`) that a finished call left behind, with the
    /// stack back at `base`; returns when there is none.
    fileprivate func throwIfStopped(droppingTo base: Int32) throws(LuaError) {
        guard host.pointee.kill != 0 else { return }
        lua_settop(L, base)
        LuaStack.push(L, string: String(cString: bl_kill_message(host)))
        throw callError(LUA_ERRRUN)
    }

    /// Compiles and runs `source`; returns nothing and leaves the stack as it was.
    public func run(_ source: String, chunkName: String = "=(string)") throws(LuaError) {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try load(source, chunkName: chunkName)
        try call(arguments: 0, results: 0)
    }

    /// Starts the wall-clock limit (if any) from now.
    public func startClock() {
        bl_set_timeout(host, options.limits.timeoutSeconds ?? 0)
    }

    /// Clears a stop (interrupt, limit) so the state can run again, e.g. in a REPL.
    public func resetAfterStop() {
        bl_reset_kill(L)
        startClock()
    }

    /// Whether a limit, an interrupt or `os.exit` has stopped this state.
    public var isStopped: Bool { host.pointee.kill != 0 }

    private func loadError(_ status: Int32) -> LuaError {
        let message = popErrorMessage()
        switch status {
        case LUA_ERRSYNTAX: return LuaError(kind: .syntax, message: message)
        case LUA_ERRMEM: return LuaError(kind: .memory, message: message)
        default: return LuaError(kind: .file, message: message)
        }
    }

    private func callError(_ status: Int32) -> LuaError {
        let message = popErrorMessage()
        let object = takeErrorObject()
        let h = host.pointee
        switch Int32(h.kill) {
        case Int32(BL_KILL_EXIT.rawValue): return LuaError(kind: .exit(h.exit_code), message: message)
        case Int32(BL_KILL_INTERRUPT.rawValue): return LuaError(kind: .interrupted, message: message)
        case Int32(BL_KILL_TERMINATE.rawValue): return LuaError(kind: .terminated, message: message)
        case Int32(BL_KILL_TIMEOUT.rawValue):
            // Past the deadline large allocations fail (state.c): say why, not "not enough
            // memory" (which a coroutine may have re-raised as a plain runtime error).
            let kill = String(cString: bl_kill_message(host))
            return LuaError(kind: .timeout, message: message.contains(kill) ? message : kill)
        case Int32(BL_KILL_MEMORY.rawValue):
            // LUA_ERRMEM carries Lua's fixed "not enough memory"; say which limit.
            let text = status == LUA_ERRMEM ? String(cString: bl_kill_message(host)) : message
            return LuaError(kind: .memory, message: text)
        case Int32(BL_KILL_INSTRUCTIONS.rawValue): return LuaError(kind: .instructionLimit, message: message)
        default: break
        }
        switch status {
        case LUA_ERRMEM: return LuaError(kind: .memory, message: message, object: object)
        case LUA_ERRERR: return LuaError(kind: .errorInHandler, message: message, object: object)
        default: return LuaError(kind: .runtime, message: message, object: object)
        }
    }

    /// Pops the value on top and returns it as a message (binary-safe copy).
    func popErrorMessage() -> String {
        defer { bl_pop(L, 1) }
        if lua_type(L, -1) == LUA_TSTRING { return string(at: -1) ?? "" }
        return "(error object is a \(String(cString: bl_typename_at(L, -1))) value)"
    }

    /// The non-string error object the message handler set aside, if any.
    private func takeErrorObject() -> LuaValue? {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        LuaStack.pushRegistryField(L, "bybit-lua.error")
        let value = LuaValue.read(L, at: -1)
        lua_pushnil(L)
        LuaStack.setRegistryField(L, "bybit-lua.error")
        return value == .nil ? nil : value
    }
}

extension LuaState {
    /// `call` with lua.c's SIGINT handling for its duration: the first Ctrl-C stops
    /// the running code (coroutines included) with "interrupted!", a second one
    /// exits the process with status 130. SIGTERM and SIGHUP stop it as "terminated".
    /// Afterwards the handlers it found are back.
    public func callInterruptibly(arguments: Int32 = 0, results: Int32 = LUA_MULTRET) throws(LuaError) {
        let base = lua_gettop(L) - arguments - 1
        bl_sigint_install(L)
        do {
            try call(arguments: arguments, results: results)
        } catch {
            bl_sigint_restore()
            throw error
        }
        bl_sigint_restore()
        // A signal after `call` looked at the kill flag but before the handlers were put
        // back stopped nothing: report it rather than lose it (a SIGTERM must end a REPL).
        try throwIfStopped(droppingTo: base)
    }
}

extension LuaState {
    /// Sleeps up to `seconds` for a Swift function (e.g. `bybit.sleep`), waking early
    /// when the run is stopped (Ctrl-C) and stopping it when the wall-clock limit
    /// passes, so a long sleep cannot outlive `--timeout`. Returns false when woken
    /// by a stop; the count hook then raises at the script's next instruction.
    public func sleep(seconds: Double) -> Bool {
        if let clock = options.clock { return sleep(seconds: seconds, on: clock) }
        let end = bl_monotonic() + max(0, seconds)
        while true {
            if host.pointee.kill != 0 { return false }
            let now = bl_monotonic()
            if host.pointee.deadline != 0, now >= host.pointee.deadline {
                host.pointee.kill = Int32(BL_KILL_TIMEOUT.rawValue)
                return false
            }
            if now >= end { return true }
            var slice = min(end - now, 0.05)
            if host.pointee.deadline != 0 { slice = min(slice, max(0, host.pointee.deadline - now)) }
            var ts = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            nanosleep(&ts, nil)
        }
    }
}
