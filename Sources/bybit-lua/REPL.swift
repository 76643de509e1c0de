import LuaKit

#if canImport(Glibc)
import Glibc
#endif

/// The terminal front end of the REPL: reads lines from standard input and drives
/// the engine. (Line editing and history come with libedit.)
struct REPL {
    let state: LuaState

    func run() -> Int32 {
        let engine = REPLEngine(state: state)
        while true {
            Console.out(engine.isContinuing ? engine.continuationPrompt : engine.prompt)
            Console.flush()
            guard let line = readLine(strippingNewline: true) else {
                Console.out("\n")
                Console.flush()
                return ExitStatus.success.rawValue
            }
            switch engine.feed(line) {
            case .needsMore, .ran:
                break
            case .failed(.exit(let code), _):
                Console.flush()
                return code
            case .failed(_, let message):
                Console.flush()
                Console.error(message)
            }
            Console.flush()
        }
    }
}
