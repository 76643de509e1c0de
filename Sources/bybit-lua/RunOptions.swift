/// The runner's command line, parsed the way lua.c parses its own: options first
/// (`-e`, `-l`, `-i`, `-v`, `-E`, `-W`, `-I DIR`, long `--name VALUE`), then the
/// script and its arguments, which are never parsed. `--` ends the options; `-` runs
/// standard input.
struct RunOptions: Equatable {
    /// An `-e` or `-l` option, kept in command-line order (lua.c runs them in order).
    enum Action: Equatable {
        case execute(String)
        case require(global: String, module: String)
    }

    var actions: [Action] = []
    var interactive = false
    var version = false
    var ignoreEnvironment = false
    var warnings = false
    var includeDirectories: [String] = []
    var timeoutSeconds: Double?
    var maxMemoryMB: Int?
    var sandbox = "default"
    /// `--allow-read DIR` and `--allow-write DIR` (repeatable): what scripts may read
    /// beyond their own directory, the current one and the module path, and where they
    /// may write at all (ScriptFileAccess).
    var allowRead: [String] = []
    var allowWrite: [String] = []
    /// `--lock` or `--lock=NAME`: one run at a time per lock (RunLock).
    var lock: RunLock.Request?
    /// Where scripts trade, and the guards and records around it.
    var session = SessionOptions()
    /// The script: a path, `-` for standard input, or nil.
    var script: String?
    /// Index in argv of the script (or of the first argument after the options).
    var scriptIndex: Int
    /// Arguments after the script.
    var scriptArguments: [String] = []

    struct UsageError: Error, Equatable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Parses `argv` from index `start` (1 for `bybit-lua …`, 2 for `bybit-lua run …`).
    static func parse(_ argv: [String], from start: Int) throws(UsageError) -> RunOptions {
        var o = RunOptions(scriptIndex: argv.count)
        var i = start
        func value(_ name: String, attached: Substring) throws(UsageError) -> String {
            if !attached.isEmpty { return String(attached) }
            i += 1
            guard i < argv.count else { throw UsageError(message: "'\(name)' needs argument") }
            return argv[i]
        }
        while i < argv.count {
            let a = argv[i]
            if a == "--" {
                i += 1
                break
            }
            if a == "-" || !a.hasPrefix("-") { break }
            if a.hasPrefix("--") {
                try o.parseLong(
                    a,
                    next: { () throws(UsageError) -> String in
                        i += 1
                        guard i < argv.count else { throw UsageError(message: "'\(a)' needs argument") }
                        return argv[i]
                    })
                i += 1
                continue
            }
            let flag = a.dropFirst().prefix(1)
            let rest = a.dropFirst(2)
            switch flag {
            case "e": o.actions.append(.execute(try value("-e", attached: rest)))
            case "l":
                let spec = try value("-l", attached: rest)
                if let eq = spec.firstIndex(of: "=") {
                    o.actions.append(
                        .require(global: String(spec[..<eq]), module: String(spec[spec.index(after: eq)...])))
                } else {
                    o.actions.append(.require(global: spec, module: spec))
                }
            case "I": o.includeDirectories.append(try value("-I", attached: rest))
            case "i" where rest.isEmpty:
                o.interactive = true
                o.version = true
            case "v" where rest.isEmpty: o.version = true
            case "E" where rest.isEmpty: o.ignoreEnvironment = true
            case "W" where rest.isEmpty: o.warnings = true
            default: throw UsageError(message: "unrecognized option '\(a)'")
            }
            i += 1
        }
        o.scriptIndex = i
        if i < argv.count {
            o.script = argv[i]
            o.scriptArguments = Array(argv[(i + 1)...])
        }
        return o
    }

    private mutating func parseLong(_ a: String, next: () throws(UsageError) -> String) throws(UsageError) {
        let body = a.dropFirst(2)
        let name: String
        let inline: String?
        if let eq = body.firstIndex(of: "=") {
            name = String(body[..<eq])
            inline = String(body[body.index(after: eq)...])
        } else {
            name = String(body)
            inline = nil
        }
        func arg() throws(UsageError) -> String {
            if let inline { return inline }
            return try next()
        }
        switch name {
        case "timeout":
            let v = try arg()
            guard let s = Double(v), s > 0, s.isFinite else {
                throw UsageError(message: "--timeout needs a positive number of seconds, got '\(v)'")
            }
            timeoutSeconds = s
        case "max-memory":
            let v = try arg()
            guard let mb = Int(v), mb > 0, mb <= 1 << 20 else {
                throw UsageError(message: "--max-memory needs a whole number of megabytes (1 to 1048576), got '\(v)'")
            }
            maxMemoryMB = mb
        case "sandbox":
            let v = try arg()
            guard v == "default" || v == "strict" else {
                throw UsageError(message: "--sandbox must be 'default' or 'strict', got '\(v)'")
            }
            sandbox = v
        case "lock":
            // only `--lock=NAME` carries a name: a space form would take the script's path
            guard let inline else {
                lock = .defaultName
                return
            }
            guard RunLock.isValidName(inline) else {
                throw UsageError(
                    message:
                        "--lock=NAME needs a name of letters, digits, '.', '_', '-' or ':' (not starting with '.'), got '\(inline)'"
                )
            }
            lock = .named(inline)
        case "allow-read", "allow-write":
            let v = try arg()
            guard !v.isEmpty else { throw UsageError(message: "--\(name) needs a DIR") }
            if name == "allow-read" { allowRead.append(v) } else { allowWrite.append(v) }
        default:
            guard try session.parse(name, value: arg) else {
                throw UsageError(message: "unrecognized option '\(a)'")
            }
        }
    }
}
