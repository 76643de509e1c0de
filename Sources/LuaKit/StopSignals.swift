import CLuaShim

/// The host's stop signals and the money-safety bracket around a mutation, for the
/// runner and the bindings (CLuaShim's bl_stop_signals.h). No stack effect: none of
/// these touches a Lua stack.
public enum StopSignals {
    /// The signals a run stops on, SIGINT first, with their names (`SIGUSR1`,
    /// `SIGRTMIN+3`).
    public static var all: [(number: Int32, name: String)] {
        (0..<bl_stop_signal_count()).map { i in
            let number = bl_stop_signal_at(i)
            return (number, String(cString: bl_signal_name(number)))
        }
    }

    /// Whether `signal` is ignored now (SIGHUP under `nohup`).
    public static func isIgnored(_ signal: Int32) -> Bool { bl_signal_is_ignored(signal) != 0 }

    /// A write to a closed pipe returns EPIPE instead of ending the process (a no-op
    /// handler, unless one is set or SIGPIPE is ignored already).
    public static func ignoreBrokenPipes() { bl_sigpipe_ignore() }

    /// The stop signals the handler of the run in progress has taken (Ctrl-C included).
    public static var receivedCount: Int32 { bl_sigint_count() }

    /// The stop signal (not SIGINT) that stopped a run, or 0.
    public static var terminatingSignal: Int32 { bl_terminating_signal() }

    /// Brackets a mutation from just before it is sent to just after its audit line: a
    /// second signal meanwhile exits only once `endMutation` is reached.
    public static func beginMutation() { bl_mutation_begin() }

    /// Ends the bracket; may exit the process if a second signal came meanwhile.
    public static func endMutation() { bl_mutation_end() }
}

/// The limits of the run in progress (the one `callInterruptibly` runs), for host
/// calls that wait or hold memory on a script's behalf.
public enum RunningScript {
    /// The run's wall-clock deadline in CLOCK_MONOTONIC nanoseconds, nil without one.
    public static var deadlineNanoseconds: UInt64? {
        let at = bl_run_deadline()
        return at > 0 ? UInt64(at * 1e9) : nil
    }

    /// Whether `bytes` more fit in the run's memory limit; when they do not, the run
    /// is stopped with its memory error.
    public static func memoryAdmits(_ bytes: Int) -> Bool { bl_run_memory_admits(bytes) != 0 }
}

/// The Lua linked in.
public enum LuaVersion {
    /// `Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio`.
    public static var copyright: String { String(cString: bl_copyright()) }
    /// `Lua 5.4.4`.
    public static var release: String { String(cString: bl_release()) }
}
