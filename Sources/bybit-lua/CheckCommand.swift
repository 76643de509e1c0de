import LuaKit

/// `bybit-lua check FILE…`: compiles each file without running it and reports
/// syntax errors as `file:line: message`.
struct CheckCommand {
    let paths: [String]

    func run() -> Int32 {
        guard !paths.isEmpty else {
            Console.report("check needs at least one FILE")
            return ExitStatus.usage.rawValue
        }
        let state: LuaState
        do { state = try LuaState() } catch {
            Console.report(error.message)
            return ExitStatus.scriptError.rawValue
        }
        var failed = 0
        for path in paths {
            let top = state.top
            do {
                try state.loadFile(path)
            } catch {
                Console.error(error.message)
                failed += 1
            }
            state.setTop(top)
        }
        return failed == 0 ? ExitStatus.success.rawValue : ExitStatus.scriptError.rawValue
    }
}
