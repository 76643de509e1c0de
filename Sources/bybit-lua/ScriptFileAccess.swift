import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// The files a script may reach (deny by default; CLuaShim's fs_policy.c checks every
/// path): reads under the script's directory, the current directory, the module path
/// and `--allow-read DIR`; writes only under `--allow-write DIR`. The config file, key
/// files, the audit log and the state directory are never reachable, whatever the flags.
enum ScriptFileAccess {
    /// Paths no script may read or write. Call it before the secrets are scrubbed from
    /// the environment (`BYBIT_RSA_PRIVATE_KEY_FILE` names a key file).
    static func protectedPaths(session: SessionOptions) -> [String] {
        var paths: [String] = []
        if let config = ConfigFile.defaultPath {
            paths += [config, ModulePath.directory(ofScript: config)]
            // every profile's key file, not only the one in use
            if let file = try? ConfigFile(path: config) {
                paths += file.profiles.values.compactMap { $0.values["rsa_private_key_file"] }
            }
        }
        if let key = getenv("BYBIT_RSA_PRIVATE_KEY_FILE"), key.pointee != 0 { paths.append(String(cString: key)) }
        if let audit = session.auditLog { paths.append(audit) }
        if let state = stateDirectory { paths.append(state) }
        paths += SessionFactory.protectedStatePaths(session)
        return paths
    }

    /// `$XDG_STATE_HOME/bybit-lua` (default `~/.local/state/bybit-lua`): the default audit
    /// log and the REPL history. Not created here.
    static var stateDirectory: String? {
        if let xdg = getenv("XDG_STATE_HOME"), xdg.pointee != 0 { return String(cString: xdg) + "/bybit-lua" }
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) + "/.local/state/bybit-lua" }
        return nil
    }

    /// The policy of a run (`bybit-lua [run] SCRIPT`, `-e`, the REPL).
    /// - Parameters:
    ///   - scriptDirectory: the script file's directory; nil for `-e`, stdin and the REPL.
    ///   - allowRead, allowWrite: `--allow-read DIR`, `--allow-write DIR`.
    static func make(
        scriptDirectory: String?, allowRead: [String], allowWrite: [String], protected: [String]
    ) throws(RunOptions.UsageError) -> FileAccess {
        for (flag, dirs) in [("--allow-read", allowRead), ("--allow-write", allowWrite)] {
            for dir in dirs {
                var st = stat()
                guard stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                    throw RunOptions.UsageError(message: "\(flag) \(dir): not a directory")
                }
            }
        }
        // The implicit roots never include "/": cron and systemd run scripts from there,
        // and "/" would make every file readable. `--allow-read /` says it outright.
        let implicit = [scriptDirectory, "."].compactMap { $0 }.compactMap(FileAccess.realDirectory)
        return FileAccess(
            readable: implicit.filter { $0 != "/" } + allowRead, writable: allowWrite, protected: protected)
    }
}

extension Runner {
    /// The script file's directory (its project: modules, data files); nil for `-e`,
    /// standard input and the REPL.
    var scriptDirectory: String? {
        guard let script = options.script, script != "-" else { return nil }
        return ModulePath.directory(ofScript: script)
    }
}

extension ScriptFileAccess {
    /// `bybit-lua test`: reads under the current directory, the spec paths (a file's
    /// directory), the module path and `--allow-read DIR`; writes only under
    /// `--allow-write DIR`; the same protected files as a run.
    static func forTests(_ options: TestOptions) throws(RunOptions.UsageError) -> FileAccess {
        var access = try make(
            scriptDirectory: nil, allowRead: options.allowRead, allowWrite: options.allowWrite,
            protected: protectedPaths(session: SessionOptions()))
        for path in options.paths {
            var st = stat()
            let dir =
                stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR ? path : ModulePath.directory(ofScript: path)
            if let real = FileAccess.realDirectory(dir), real != "/" { access.readable.append(real) }
        }
        return access
    }
}
