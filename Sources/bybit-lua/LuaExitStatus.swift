extension ExitStatus {
    /// The status for `os.exit(code)`: `code & 0xFF`, what `lua` gives (C's `exit` keeps the
    /// low 8 bits), so `os.exit(256)` exits 0 and `os.exit(259)` exits 3 with either.
    /// Unlike `lua`, it is not silent: a code outside 0–255 would otherwise pass for
    /// another status (0 "ok", 3 "a guard stopped the run"), so stderr says what happened.
    static func ofLuaExit(_ code: Int32) -> Int32 {
        let status = code & 0xFF
        if status != code {
            Console.report(
                "os.exit(\(code)): exit statuses are 0 to 255; exiting with \(status) (\(code) & 255, as lua does)")
        }
        return status
    }
}
