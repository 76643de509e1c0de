import LuaKit

/// `bybit-lua check FILE…`: compiles each file without running it and reports
/// syntax errors as `file:line: message`.
struct CheckCommand {
    let paths: [String]

    func run() -> Int32 {
        // An option here is a mistake (`check --verbose x.lua`), not a file named
        // "--verbose": say so as a usage error. `--` lets a file start with "-".
        var files: [String] = []
        var optionsEnded = false
        for arg in paths {
            if !optionsEnded && arg == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && arg.hasPrefix("-") {
                Console.report("check: unrecognized option '\(arg)' (usage: bybit-lua check FILE...)")
                return ExitStatus.usage.rawValue
            }
            files.append(arg)
        }
        guard !files.isEmpty else {
            Console.report("check needs at least one FILE")
            return ExitStatus.usage.rawValue
        }
        let state: LuaState
        do { state = try LuaState() } catch {
            Console.report(error.message)
            return ExitStatus.scriptError.rawValue
        }
        var failed = 0
        for path in files {
            let top = state.top
            do {
                try state.loadFile(path)
            } catch {
                Console.error(Self.withFullPath(error.message, path: path))
                failed += 1
            }
            state.setTop(top)
        }
        return failed == 0 ? ExitStatus.success.rawValue : ExitStatus.scriptError.rawValue
    }

    /// Lua shortens long chunk names to "...tail" (LUA_IDSIZE); an editor jumping to
    /// `file:line` needs the whole path back.
    static func withFullPath(_ message: String, path: String) -> String {
        guard message.hasPrefix("..."), let colon = message.firstIndex(of: ":") else { return message }
        let tail = message[message.index(message.startIndex, offsetBy: 3)..<colon]
        guard path.hasSuffix(tail) else { return message }
        return path + message[colon...]
    }
}
