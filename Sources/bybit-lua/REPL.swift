import LuaKit

/// The REPL front end: libedit on a terminal, plain lines otherwise (pipes, tests).
/// Results print through `bybit.inspect` (nested tables, sorted keys, exact
/// decimals) unless the user sets `_PRINT` to something else.
struct REPL {
    let state: LuaState
    /// `paper`, `testnet`, …: named under the banner so nobody trades by surprise.
    let environment: String
    /// After a line Ctrl-C stopped: closes the loops it left open (`BybitSession.endLoops`),
    /// so none runs on into the next line.
    let afterInterrupt: () -> Void

    func run() -> Int32 {
        Console.out(
            environment == "paper"
                ? "environment: paper (simulated money; in-process exchange, started on first use)\n"
                : "environment: \(environment)\(environment == "mainnet" ? " -- REAL MONEY" : "")\n")
        let engine = REPLEngine(state: state)
        try? state.run(
            "local ok, i = pcall(require, 'bybit.inspect'); if ok and _PRINT == nil then _PRINT = i.print end")
        // `bybit` is a global at the prompt, as `vim` is in Neovim, so `bybit.po<Tab>`
        // completes in a fresh session; scripts still say `local bybit = require "bybit"`.
        try? state.run("if bybit == nil then local ok, m = pcall(require, 'bybit'); if ok then bybit = m end end")
        let editor =
            Console.stdinIsTerminal
            ? LineEditor(historyPath: LineEditor.defaultHistoryPath(), completer: engine.completions(for:))
            : nil
        while true {
            let prompt = engine.isContinuing ? engine.continuationPrompt : engine.prompt
            let input: LineEditor.Input
            if let editor {
                input = editor.read(prompt: prompt)
            } else {
                Console.out(prompt)
                Console.flush()
                input = readLine(strippingNewline: true).map { .line($0) } ?? .endOfFile
            }
            switch input {
            case .endOfFile:
                Console.out("\n")
                Console.flush()
                return ExitStatus.success.rawValue
            case .interrupted:
                engine.cancelInput()
                continue
            case .line(let line):
                let outcome = engine.feed(line)
                if outcome != .needsMore, let editor, let entry = engine.lastInput { editor.remember(entry) }
                switch outcome {
                case .needsMore, .ran:
                    break
                case .failed(.exit(let code), _):
                    Console.flush()
                    return ExitStatus.ofLuaExit(code)
                case .failed(.terminated, let message):
                    Console.error(message)
                    return ExitStatus.terminatedBySignal
                case .failed(.timeout, let message):
                    Console.error(message)
                    return ExitStatus.timedOut.rawValue
                case .failed(let kind, let message):
                    if kind == .interrupted { afterInterrupt() }
                    Console.flush()
                    Console.error(message)
                }
                Console.flush()
            }
        }
    }
}
