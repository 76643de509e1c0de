import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the standard streams through C stdio, the same buffers Lua's `print`
/// and `io.write` use, so output from both stays in order.
enum Console {
    static let progname = "bybit-lua"

    static func error(_ message: String) {
        TerminalIO.writeError(message)
        if !message.hasSuffix("\n") { TerminalIO.writeError("\n") }
        flush()
    }

    /// lua.c's `l_message`: `progname: message`.
    static func report(_ message: String) {
        flush()
        error("\(progname): \(message)")
    }

    static func out(_ text: String) { TerminalIO.writeOut(text) }

    static func flush() { TerminalIO.flush() }

    static var stdinIsTerminal: Bool { isatty(0) != 0 }

}

/// The runner's exit statuses (README, "The runner").
enum ExitStatus: Int32 {
    case success = 0
    case scriptError = 1
    case usage = 2
    case guardStopped = 3
    /// `--timeout` stopped the run: 124, as timeout(1) exits, so a supervisor can tell a
    /// run that ran out of time from a script error (1).
    case timedOut = 124
    case interrupted = 130
    case hungUp = 129
    case terminated = 143

    /// The status of a run that a stop signal (SIGTERM, SIGHUP, SIGUSR1, …) stopped: 128 +
    /// the signal, as a shell reports a process the signal killed.
    static var terminatedBySignal: Int32 {
        let signal = StopSignals.terminatingSignal
        return signal > 0 ? 128 + signal : terminated.rawValue
    }
}
