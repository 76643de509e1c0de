import BybitLua
import BybitStdlib
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a script the way lua.c's `pmain` does: version banner, state, `arg` table,
/// `-e`/`-l` in order, the script with its arguments, then the REPL for `-i` or
/// when nothing was given on a terminal.
struct Runner {
    let argv: [String]
    let options: RunOptions
    /// `bybit-lua replay`: the exchange, clocks and event feed the run uses instead.
    var replay: ReplaySetup? = nil

    func run() -> Int32 {
        TerminationSignals.ignoreBrokenPipes()
        let factory: SessionFactory
        let session: BybitSession
        let fileAccess: FileAccess
        do {
            let settings = try SessionSettings.resolve(options.session)
            let protected = ScriptFileAccess.protectedPaths(session: options.session)  // before the scrub
            SessionSettings.scrubSecretsFromEnvironment()
            fileAccess = try ScriptFileAccess.make(
                scriptDirectory: scriptDirectory, allowRead: options.allowRead,
                allowWrite: options.allowWrite, protected: protected)
            factory = SessionFactory(settings: settings, options: options.session, script: options.script)
            factory.replay = replay
            session = try factory.makeSession()
        } catch {
            Console.report(error.message)
            return ExitStatus.usage.rawValue
        }
        defer { factory.shutdown(session) }
        if let status = takeLock(settings: factory.settings, session: session) { return status }
        guard let metrics = MetricsEndpoint.forRun(options.session.metrics) else { return ExitStatus.usage.rawValue }
        defer { metrics.stop() }
        if options.version { Console.out(Banner.text + "\n") }
        let state: LuaState
        do {
            var lua = luaOptions(fileAccess)
            lua.clock = replay?.scriptClock
            state = try LuaState(options: lua)
            state.addEmbeddedModules(Stdlib.modules)
            try BybitModule.install(in: state, session: session)
        } catch {
            Console.report(error.message)
            return ExitStatus.scriptError.rawValue
        }
        if options.warnings { try? state.run("warn('@on')") }
        makeArgTable(state)
        state.startClock()
        for action in options.actions {
            if let status = perform(action, in: state) { return status }
        }
        if let script = options.script {
            if let status = runScript(script, in: state) { return status }
        }
        if options.interactive {
            return repl(state, session)
        }
        if options.script == nil && options.actions.isEmpty && !options.version {
            if Console.stdinIsTerminal {
                Console.out(Banner.text + "\n")
                return repl(state, session)
            }
            if let status = runScript("-", in: state) { return status }
        }
        return ExitStatus.success.rawValue
    }

    /// `-I` directories that cannot be searched are reported once and skipped.
    static func searchableDirectories(_ dirs: [String]) -> [String] {
        dirs.filter { dir in
            var st = stat()
            let ok = stat(dir, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR && access(dir, R_OK | X_OK) == 0
            if !ok { Console.error("bybit-lua: warning: -I \(dir): not a readable directory; ignored") }
            return ok
        }
    }

    private func luaOptions(_ fileAccess: FileAccess) -> LuaState.Options {
        var limits = LuaState.Limits()
        limits.timeoutSeconds = options.timeoutSeconds
        limits.maxMemoryBytes = options.maxMemoryMB.map { $0 * 1024 * 1024 }
        let env = options.ignoreEnvironment ? nil : getenv("BYBIT_LUA_PATH").map { String(cString: $0) }
        return LuaState.Options(
            sandbox: options.sandbox == "strict" ? .strict : .default,
            limits: limits,
            hiddenEnvironment: SessionSettings.secretVariables,
            modulePath: ModulePath.make(
                projectDirectory: scriptDirectory ?? ".",
                includeDirectories: Self.searchableDirectories(options.includeDirectories), environment: env),
            fileAccess: fileAccess)
    }

    /// `arg[0]` is the script, its arguments follow, and everything before it —
    /// the program name and the options — sits at negative indices (lua.c createargtable).
    private func makeArgTable(_ state: LuaState) {
        var table: [LuaValue: LuaValue] = [:]
        let base = options.script == nil ? 0 : options.scriptIndex
        for (i, a) in argv.enumerated() {
            table[.integer(Int64(i - base))] = .text(a)
        }
        state.setGlobal("arg", value: .table(table))
    }

    /// The REPL on `state`; a line Ctrl-C stopped leaves none of its `bybit.events` loops open.
    private func repl(_ state: LuaState, _ session: BybitSession) -> Int32 {
        REPL(state: state, environment: session.options.environment, afterInterrupt: { session.endLoops() }).run()
    }

    /// Runs an `-e` or `-l`; returns an exit status when the run must stop.
    private func perform(_ action: RunOptions.Action, in state: LuaState) -> Int32? {
        switch action {
        case .execute(let code):
            return guarded(state) { () throws(LuaError) in
                try state.load(code, chunkName: "=(command line)")
                try state.callInterruptibly(arguments: 0, results: 0)
            }
        case .require(let global, let module):
            return guarded(state) { () throws(LuaError) in
                try state.load("local g, m = ...; _G[g] = require(m)", chunkName: "=(command line)")
                LuaCall(state.L).push(global)
                LuaCall(state.L).push(module)
                try state.callInterruptibly(arguments: 2, results: 0)
            }
        }
    }

    private func runScript(_ path: String, in state: LuaState) -> Int32? {
        guarded(state) { () throws(LuaError) in
            let file = (path == "-" && options.scriptIndex > 0 && argv[options.scriptIndex - 1] != "--") ? nil : path
            try state.loadFile(file)
            for a in options.scriptArguments { LuaCall(state.L).push(a) }
            try state.callInterruptibly(arguments: Int32(options.scriptArguments.count), results: 0)
        }
    }

    /// Runs `body`; on failure reports as lua.c does and returns the exit status.
    private func guarded(_ state: LuaState, _ body: () throws(LuaError) -> Void) -> Int32? {
        let top = state.top
        defer { state.setTop(top) }
        do {
            try body()
            return nil
        } catch {
            return Runner.status(for: error)
        }
    }

    /// Reports `error` (unless it is `os.exit`) and maps it to the exit status.
    static func status(for error: LuaError) -> Int32 {
        switch error.kind {
        case .exit(let code):
            Console.flush()
            return ExitStatus.ofLuaExit(code)
        case .interrupted:
            Console.report(error.message)
            return ExitStatus.interrupted.rawValue
        case .terminated:
            Console.report(error.message)
            return ExitStatus.terminatedBySignal
        case .timeout:
            Console.report(error.message)
            return ExitStatus.timedOut.rawValue
        case .runtime where error.object?["kind"] == .text("guard") || error.object?["kind"] == .text("audit"):
            Console.report(error.message)
            RunAlerts.sink?.alert(.error, "stopped by a guard (exit 3)", fields: [("error", error.message)])
            return ExitStatus.guardStopped.rawValue
        default:
            Console.report(error.message)
            RunAlerts.sink?.alert(
                .error, "the script stopped with an error (exit 1)", fields: [("error", error.message)])
            return ExitStatus.scriptError.rawValue
        }
    }
}

extension Error {
    var message: String { (self as? LuaError)?.message ?? String(describing: self) }
}
