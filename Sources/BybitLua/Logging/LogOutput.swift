#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where log lines go: standard error, one `write` per line (a line under the pipe buffer's
/// size is never interleaved with another process's), after the level filter.
public enum LogOutput {
    /// Writes `line` to stderr when its level passes `settings`; an error (a closed pipe)
    /// is ignored: a log line never stops a run.
    public static func write(_ line: LogLine, _ settings: LogSettings) {
        guard line.level >= settings.level else { return }
        let bytes = Array(line.formatted(settings.format).utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(2, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// The wall clock in UTC with milliseconds: `2026-12-06T19:28:46.123Z`; `ms` (Unix
    /// milliseconds, a replay's virtual clock) instead when given.
    public static func isoTime(ms: Int64? = nil) -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        if let ms { ts = timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000) }
        var t = time_t(ts.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let date = "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
        let clock = "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        return "\(date)T\(clock).\(pad(Int(ts.tv_nsec / 1_000_000), 3))Z"
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif
