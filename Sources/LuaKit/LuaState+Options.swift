/// How a `LuaState` is set up.
extension LuaState {
    /// Which standard-library functions a script may use.
    public enum Sandbox: String, Sendable, CaseIterable {
        /// An allow-list of the standard library (CLuaShim's sandbox.c): no
        /// `os.execute`, `os.tmpname`, `os.setlocale`, `io.popen`, `io.tmpfile`,
        /// `debug.debug`, `package.loadlib` or C modules; `os.exit` ends the run through
        /// the host; `load`, `loadfile`, `dofile` accept text only; every file name goes
        /// through `Options.fileAccess`.
        case `default`
        /// Also no `io`, `load`, `loadfile`, `dofile`, `string.dump`; `debug` keeps only
        /// `traceback`; `os` keeps only `time`, `clock`, `date`, `difftime`.
        case strict
    }

    /// Limits a script cannot lift or defeat with `pcall`.
    public struct Limits: Sendable, Equatable {
        /// Wall-clock time for a run, started by `startClock()`.
        public var timeoutSeconds: Double?
        /// Lua heap cap in bytes.
        public var maxMemoryBytes: Int?
        /// VM instruction budget (checked every 1000 instructions).
        public var maxInstructions: UInt64?

        public init(timeoutSeconds: Double? = nil, maxMemoryBytes: Int? = nil, maxInstructions: UInt64? = nil) {
            self.timeoutSeconds = timeoutSeconds
            self.maxMemoryBytes = maxMemoryBytes
            self.maxInstructions = maxInstructions
        }
    }

    /// Options for a new state.
    public struct Options: Sendable {
        public var sandbox: Sandbox
        public var limits: Limits
        /// Environment variables `os.getenv` must not reveal (secrets).
        public var hiddenEnvironment: Set<String>
        /// The module search path after the embedded modules (`package.path` syntax).
        /// Its directories are readable (`FileAccess.directories(ofModulePath:)`).
        public var modulePath: String
        /// The files a script may read and write; by default none besides the module
        /// path's directories.
        public var fileAccess: FileAccess
        /// Where the script's time comes from (``ScriptClock``); nil for the machine's.
        public var clock: ScriptClock? = nil

        public init(
            sandbox: Sandbox = .default, limits: Limits = Limits(),
            hiddenEnvironment: Set<String> = [], modulePath: String = ModulePath.projectDefault,
            fileAccess: FileAccess = FileAccess()
        ) {
            self.sandbox = sandbox
            self.limits = limits
            self.hiddenEnvironment = hiddenEnvironment
            self.modulePath = modulePath
            self.fileAccess = fileAccess
        }
    }
}
