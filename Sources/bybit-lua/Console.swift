import CLuaShim

#if canImport(Glibc)
import Glibc
#endif

/// Writing to the standard streams through C stdio, the same buffers Lua's `print`
/// and `io.write` use, so output from both stays in order.
enum Console {
    static let progname = "bybit-lua"

    static func error(_ message: String) {
        write(message, to: bl_write_err)
        if !message.hasSuffix("\n") { write("\n", to: bl_write_err) }
        flush()
    }

    /// lua.c's `l_message`: `progname: message`.
    static func report(_ message: String) {
        flush()
        error("\(progname): \(message)")
    }

    static func out(_ text: String) { write(text, to: bl_write_out) }

    static func flush() { bl_flush_all() }

    static var stdinIsTerminal: Bool { isatty(0) != 0 }

    private static func write(_ text: String, to sink: (UnsafePointer<CChar>?, Int) -> Void) {
        var t = text
        t.withUTF8 { buf in buf.withMemoryRebound(to: CChar.self) { sink($0.baseAddress, $0.count) } }
    }
}

/// The runner's exit statuses (README, "The runner").
enum ExitStatus: Int32 {
    case success = 0
    case scriptError = 1
    case usage = 2
    case guardStopped = 3
    case interrupted = 130
    case hungUp = 129
    case terminated = 143

    /// The status of a run that a stop signal (SIGTERM, SIGHUP, SIGUSR1, …) stopped: 128 +
    /// the signal, as a shell reports a process the signal killed.
    static var terminatedBySignal: Int32 {
        let signal = bl_terminating_signal()
        return signal > 0 ? 128 + signal : terminated.rawValue
    }
}
