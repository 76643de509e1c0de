import Foundation
import Testing

/// `--timeout` holds to within 10 % of wall-clock time, measured from outside: the whole
/// subprocess (start-up and teardown included) under code that tries to outrun the check.
/// Serialized: one CPU-bound script at a time, so the figure measures the limit, not how
/// five busy loops share two cores.
@Suite(.serialized) struct LimitsTimeoutTests {
    /// Long enough that the start-up and teardown of a debug build on a busy machine fit
    /// in the 10 % margin (0.3 s).
    static let limit = 3.0

    /// Runs `code` under `--timeout`, returns the wall time and the result.
    private func timed(_ code: String, extra: [String] = []) throws -> (Double, BinaryRunner.Result) {
        let started = DispatchTime.now()
        let r = try BinaryRunner.run(extra + ["--timeout", String(Self.limit), "-e", code], limit: 30)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return (elapsed, r)
    }

    private func expectWithinTenPercent(
        _ elapsed: Double, _ r: BinaryRunner.Result, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == 1 && !r.signalled, "\(r.stderr)", sourceLocation: sourceLocation)
        // In a coroutine or under pcall the message carries the chunk's position first.
        #expect(r.stderr.hasPrefix("bybit-lua: ") && r.stderr.contains("timeout: the script ran past its time limit of 3 s"),
                "\(r.stderr)",
                sourceLocation: sourceLocation)
        #expect(elapsed >= Self.limit && elapsed <= Self.limit * 1.1, "took \(elapsed) s", sourceLocation: sourceLocation)
        print("LimitsTimeout: \(String(format: "%.3f", elapsed)) s for --timeout \(Self.limit)")
    }

    @Test func busyLoop() throws {
        let (elapsed, r) = try timed("local n = 0 while true do n = n + 1 end")
        expectWithinTenPercent(elapsed, r)
    }

    /// Each `string.rep` runs inside C where no hook can fire; the check comes between
    /// them, so one call must not be able to carry the script far past its limit.
    @Test func stringRepBomb() throws {
        let (elapsed, r) = try timed("while true do local s = string.rep('x', 2e7) s = nil end", extra: ["--max-memory", "256"])
        expectWithinTenPercent(elapsed, r)
    }

    @Test func loopInsideACoroutine() throws {
        let (elapsed, r) = try timed("coroutine.wrap(function() while true do end end)()")
        expectWithinTenPercent(elapsed, r)
    }

    /// Resuming and yielding as fast as possible: the time spent switching threads counts.
    @Test func coroutinePingPong() throws {
        let (elapsed, r) = try timed("""
            local co = coroutine.wrap(function() while true do coroutine.yield() end end)
            while true do co() end
            """)
        expectWithinTenPercent(elapsed, r)
    }

    /// `pcall` in a loop must not reset or swallow the limit.
    @Test func pcallLoop() throws {
        let (elapsed, r) = try timed("while true do pcall(function() while true do end end) end")
        expectWithinTenPercent(elapsed, r)
    }

    /// A script asleep in `bybit.sleep` is still stopped at its limit, not at the end of the nap.
    @Test func longSleep() throws {
        let (elapsed, r) = try timed("require('bybit').sleep(60)")
        expectWithinTenPercent(elapsed, r)
    }
}
