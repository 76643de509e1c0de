import CLua
import CLuaShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A clock a script's time comes from instead of the machine's (a replay's virtual clock).
///
/// With one in ``LuaState/Options/clock``, `os.time()`, `os.date()` without a time,
/// `os.clock()` and ``LuaState/sleep(seconds:)`` (so `bybit.sleep` and the event loop's
/// waits) follow it. The wall-clock limit (`--timeout`) does not: it still bounds the run
/// in real seconds, so a replay cannot run away.
public struct ScriptClock: Sendable {
    /// Now, in Unix milliseconds.
    public var nowMs: @Sendable () -> Int64
    /// Lets `milliseconds` of this clock's time pass (0: none, only what is due now);
    /// false when its time is over — then the run ends as `os.exit(0)` would.
    public var sleep: @Sendable (_ milliseconds: Int64) -> Bool

    /// A clock made of the two functions.
    public init(nowMs: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (_ milliseconds: Int64) -> Bool) {
        self.nowMs = nowMs
        self.sleep = sleep
    }
}

extension LuaState {
    /// The script's now in Unix milliseconds: the injected clock's, else the wall clock's.
    public var nowMilliseconds: Int64 {
        if let clock = options.clock { return clock.nowMs() }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Replaces `os.time`, `os.date` and `os.clock` by versions reading `clock`: the
    /// originals keep every other behaviour (a date table, a given time, formats, errors).
    /// `os.clock` is the clock's seconds since the state was made: CPU time has no virtual
    /// meaning, and a script timing itself with it measures the replayed time.
    func installClock(_ clock: ScriptClock) throws(LuaError) {
        try load(
            """
            local now_ms, start_ms = ...
            local time, date = os.time, os.date
            os.time = function(t) if t == nil then return now_ms() // 1000 end return time(t) end
            os.date = function(format, t) if t == nil then t = now_ms() // 1000 end return date(format, t) end
            os.clock = function() return (now_ms() - start_ms) / 1000 end
            """, chunkName: "=(clock)")
        LuaStack.push(
            L,
            function: .closure { call in
                call.push(clock.nowMs())
                return 1
            })
        lua_pushinteger(L, clock.nowMs())
        try call(arguments: 2, results: 0)
    }

    /// ``sleep(seconds:)`` on the injected clock: its time passes (the replay applies what
    /// happens meanwhile); a stop or the wall-clock limit still end the wait.
    func sleep(seconds: Double, on clock: ScriptClock) -> Bool {
        if host.pointee.kill != 0 { return false }
        if host.pointee.deadline != 0, bl_monotonic() >= host.pointee.deadline {
            host.pointee.kill = Int32(BL_KILL_TIMEOUT.rawValue)
            return false
        }
        let more = clock.sleep(Int64((max(0, seconds) * 1000).rounded(.up)))
        if host.pointee.kill != 0 { return false }
        if host.pointee.deadline != 0, bl_monotonic() >= host.pointee.deadline {
            host.pointee.kill = Int32(BL_KILL_TIMEOUT.rawValue)
            return false
        }
        guard more else {
            host.pointee.exit_code = 0
            bl_kill(L, Int32(BL_KILL_EXIT.rawValue))
            return false
        }
        return true
    }
}
