import BybitLua
import LuaKit

/// Where `bybit.state` keeps a run's keys: `--state-file PATH`, else one file per script,
/// `$XDG_STATE_HOME/bybit-lua/state/<script name>.sqlite` (default `~/.local/state`).
/// Inside a file the keys are kept apart per environment, so a paper run never reads
/// what a mainnet run stored.
extension SessionFactory {
    /// The run's store (opened on the script's first `bybit.state` call). An explicit
    /// `--state-file` that could not be written is a usage error now, before anything runs.
    func stateStore() throws(RunOptions.UsageError) -> ScriptStateStore {
        let location: ScriptStateStore.Location
        if let path = options.stateFile {
            if let problem = ScriptStateStore.problem(path: path) {
                throw .init(message: "--state-file: \(problem)")
            }
            location = .file(path)
        } else if let forced = stateLocation {
            location = forced
        } else {
            location = Self.defaultStateLocation(script: script)
        }
        return ScriptStateStore(location: location, scope: stateScope)
    }

    /// The environment the keys belong to: its name, and a custom server's URL (two
    /// servers are two places). The paper exchange is one place, whatever its port.
    var stateScope: String {
        switch settings.target {
        case .paper: return "paper"
        case .exchange(let env): return env.name == "custom" ? "custom \(env.baseURL)" : env.name
        }
    }

    /// `<state dir>/state/<name>.sqlite`, the name being the script file's without `.lua`.
    /// `-e`, standard input and the REPL have no name to keep state under.
    static func defaultStateLocation(script: String?) -> ScriptStateStore.Location {
        guard let script, script != "-" else {
            return .unavailable(
                "bybit.state needs a script file to name its state file (-e, standard input and the REPL have none): pass --state-file PATH"
            )
        }
        guard let dir = ScriptFileAccess.stateDirectory else {
            return .unavailable("bybit.state: neither $XDG_STATE_HOME nor $HOME is set: pass --state-file PATH")
        }
        var name = String(script.split(separator: "/").last ?? Substring(script))
        if name.hasSuffix(".lua"), name.count > 4 { name.removeLast(4) }
        return .file("\(dir)/state/\(name).sqlite")
    }

    /// The state file and the files SQLite keeps beside it, which no script may open
    /// (the default ones are under the protected state directory already).
    static func protectedStatePaths(_ options: SessionOptions) -> [String] {
        guard let path = options.stateFile else { return [] }
        return [path, path + "-wal", path + "-shm", path + "-journal"]
    }
}
