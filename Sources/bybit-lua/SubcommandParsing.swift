import ArgumentParser

/// Parses a subcommand's arguments with swift-argument-parser the way `paper` does:
/// `--help` prints the command's help to stdout (exit 0); a usage error prints the
/// parser's message and the usage line to stderr (exit 2, the runner's usage status).
enum SubcommandParsing {
    /// The parsed command, or the status to exit with once its help or error is printed.
    enum Outcome<Command> {
        case parsed(Command)
        case exit(Int32)
    }

    static func parse<Command: ParsableCommand>(_: Command.Type, _ arguments: [String]) -> Outcome<Command> {
        do {
            return .parsed(try Command.parse(arguments))
        } catch {
            let code = Command.exitCode(for: error)
            let message = Command.fullMessage(for: error)
            if code == .success {
                Console.out(message + "\n")
                return .exit(ExitStatus.success.rawValue)
            }
            Console.flush()
            Console.error(message)
            return .exit(ExitStatus.usage.rawValue)
        }
    }
}
