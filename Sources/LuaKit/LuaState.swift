import CLua
import CLuaShim

/// One Lua 5.4 state and everything the host keeps for it.
///
/// A `LuaState` owns its `lua_State` and must be used from one thread only (it is not
/// `Sendable`). Every chunk runs under `lua_pcall` with lua.c's message handler; Swift
/// functions registered here never raise Lua errors themselves — they return a
/// status and the C trampoline in CLuaShim raises after the Swift frame is gone.
public final class LuaState {
    /// The main thread's `lua_State`.
    public let L: OpaquePointer
    let host: UnsafeMutablePointer<bl_Host>
    /// The options this state was created with.
    public let options: Options
    var embeddedModules: [String: EmbeddedModule] = [:]
    var userdataTypes: [ObjectIdentifier: AnyObject] = [:]

    /// Creates a state, opens the standard libraries under the chosen sandbox profile,
    /// installs text-only module searchers and applies the limits.
    public init(options: Options = Options()) throws(LuaError) {
        self.options = options
        host = .allocate(capacity: 1)
        host.initialize(to: bl_Host())
        host.pointee.dispatch = luaKitDispatch
        guard let L = bl_newstate(host) else {
            host.deallocate()
            throw LuaError(kind: .memory, message: "cannot create a Lua state: not enough memory")
        }
        self.L = L
        host.pointee.swift = Unmanaged.passUnretained(self).toOpaque()
        if let mb = options.limits.maxMemoryBytes { host.pointee.limit = mb }
        if let n = options.limits.maxInstructions { host.pointee.max_instructions = n }
        try openLibraries()
        try installModuleSearchers()
        if let clock = options.clock { try installClock(clock) }
        bl_gc_generational(L)
    }

    deinit {
        bl_close(L)
        host.deinitialize(count: 1)
        host.deallocate()
    }

    /// The `LuaState` that owns `L` (any thread of it), found through the extra space.
    public static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(bl_host(L).pointee.swift).takeUnretainedValue()
    }

    private func openLibraries() throws(LuaError) {
        lua_createtable(L, 0, Int32(options.hiddenEnvironment.count))
        for name in options.hiddenEnvironment {
            push(string: name)
            lua_pushboolean(L, 1)
            lua_rawset(L, -3)
        }
        let status = bl_openlibs(L, options.sandbox == .strict ? 1 : 0)
        try check(status, context: "opening the standard libraries")
    }

    /// Turns a failed status from a setup step into a `LuaError`, popping the message.
    func check(_ status: Int32, context: String) throws(LuaError) {
        guard status != LUA_OK else { return }
        let message = popErrorMessage()
        throw LuaError(kind: .runtime, message: "\(context): \(message)")
    }

    /// Lua's memory in use, in bytes.
    public var memoryInUse: Int { Int(host.pointee.used) }
    /// The most memory Lua held at once, in bytes.
    public var peakMemory: Int { Int(host.pointee.peak) }
}
