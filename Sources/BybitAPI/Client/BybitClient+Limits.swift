extension BybitClient {
    /// The most pages one list call follows (`GET /v5/position/list` with its
    /// `nextPageCursor`). Bybit serves at most 200 positions a page, so this is 20,000
    /// positions at `limit` 200 and 2,000 at the default 20; a list that has not ended by
    /// then is a server that does not end it, and the call fails with `decoding`.
    public static let maxListPages = 100
    /// The most reply bytes one call holds before decoding them: its reply, or for a list
    /// all its pages together (each reply alone is capped lower by the transports). Past
    /// it the call fails with `decoding` and reads nothing more.
    public static let maxHeldReplyBytes = 64 * 1024 * 1024

    /// Whether ``BybitClientConfiguration/runDeadline`` has passed.
    var pastRunDeadline: Bool {
        guard let deadline = configuration.runDeadline?() else { return false }
        return Monotonic.now() >= deadline
    }

    /// Milliseconds until the run's deadline (0 once passed), or `nil` without one.
    private var millisecondsToRunDeadline: Int64? {
        guard let deadline = configuration.runDeadline?() else { return nil }
        let now = Monotonic.now()
        return now >= deadline ? 0 : Int64(clamping: (deadline - now + 999_999) / 1_000_000)
    }

    /// What may end a read's wait for its reply: the interrupt and the run's deadline
    /// (`nil` when neither is configured). Never given to a mutation that was sent.
    var readStop: (@Sendable () -> Bool)? {
        let interrupt = configuration.interruptRequested
        let deadline = configuration.runDeadline
        if interrupt == nil && deadline == nil { return nil }
        return {
            if interrupt?() == true { return true }
            guard let at = deadline?() else { return false }
            return Monotonic.now() >= at
        }
    }

    /// Throws where this attempt has sent nothing and the run must stop: the interrupt
    /// (`network`; only when `interruptible`, i.e. before a retry or during a wait) or the
    /// run's deadline (`timeout`, always).
    func stopIfStopped(_ path: String, before what: String, interruptible: Bool = true) throws(BybitError) {
        if interruptible, let interrupt = configuration.interruptRequested, interrupt() {
            throw .network("interrupted before \(what); nothing more was sent", endpoint: path)
        }
        if pastRunDeadline {
            throw .timeout("the run's time limit was reached before \(what); nothing more was sent", endpoint: path)
        }
    }

    /// Sleeps `ms` before an attempt. With an interrupt check it sleeps in slices of
    /// 100 ms, and with a run deadline never past it; either ends the wait with an error
    /// (the next attempt then is not sent).
    func pause(_ ms: Int64, _ path: String, before what: String = "retrying") throws(BybitError) {
        let interruptible = configuration.interruptRequested != nil
        guard interruptible || configuration.runDeadline != nil else { return clock.sleep(ms) }
        var left = ms
        while left > 0 {
            try stopIfStopped(path, before: what)
            var slice = interruptible ? min(left, 100) : left
            if let remaining = millisecondsToRunDeadline { slice = min(slice, max(remaining, 1)) }
            clock.sleep(slice)
            left -= slice
        }
        try stopIfStopped(path, before: what)
    }

    /// The one check of what a read holds before its reply is decoded: `bytes` (the reply
    /// and, for a list, the pages before it) within what the caller admits
    /// (``BybitClientConfiguration/replyMemoryAdmits``, first, so a memory limit is named as
    /// such) and within ``maxHeldReplyBytes``.
    func admitReply(_ bytes: Int, _ path: String) throws(BybitError) {
        if let admits = configuration.replyMemoryAdmits, !admits(bytes) {
            throw .decoding(
                "the reply (\(bytes) bytes with the pages before it) does not fit in the memory left to "
                    + "the caller; it was not decoded and nothing more was read", endpoint: path)
        }
        if bytes > Self.maxHeldReplyBytes {
            throw .decoding(
                "the replies to this call reached \(bytes) bytes, more than the \(Self.maxHeldReplyBytes) "
                    + "one call may hold; nothing more was read", endpoint: path)
        }
    }
}
