import Foundation
import Testing

/// Ctrl-C (SIGINT) stops running code, coroutines included, with "interrupted!".
@Suite(.processBudget) struct InterruptEndToEndTests {
    /// Starts a script that prints "ready" when its loop is about to start, waits
    /// for that line, sends SIGINT, and returns how the process ended.
    private func interrupt(_ code: String, signals: Int = 1) async throws -> (Int32, String) {
        let run = try RunningBinary(["-e", code])
        #expect(await run.awaitOutput("ready\n"))
        for _ in 0..<signals { run.signal(SIGINT) }
        let (_, stderr) = await run.finish()
        #expect(!run.wasKilled, "SIGINT did not stop it")
        return (run.process.terminationStatus, stderr)
    }

    @Test func infiniteLoopInACoroutine() async throws {
        let (status, stderr) = try await interrupt(
            "io.write('ready\\n') io.stdout:flush() coroutine.wrap(function() while true do end end)()")
        #expect(status == 130)
        #expect(stderr.hasPrefix("bybit-lua: ") && stderr.contains("interrupted!"))
        #expect(stderr.contains("stack traceback"))
    }

    @Test func infiniteLoopOnTheMainThread() async throws {
        let (status, stderr) = try await interrupt("io.write('ready\\n') io.stdout:flush() while true do end")
        #expect(status == 130)
        #expect(stderr.contains("interrupted!"))
    }

    /// The second Ctrl-C exits at once, even while the first is still pending.
    @Test func secondSignalExitsAt130() async throws {
        let (status, _) = try await interrupt("io.write('ready\\n') io.stdout:flush() while true do end", signals: 2)
        #expect(status == 130)
    }

    /// A run without --timeout carries no hook (coroutines.c): the stop reaches the
    /// innermost of nested coroutines through the threads resume records, and the
    /// resumers that catch it with `coroutine.resume` or `pcall` are stopped too.
    @Test(arguments: [
        "coroutine.wrap(function() coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)() end)()",
        "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
        "while true do pcall(coroutine.wrap(function() while true do end end)) end",
        "local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end",
    ])
    func nestedAndCaughtCoroutinesStopWithoutAHook(_ loop: String) async throws {
        let (status, stderr) = try await interrupt(
            "assert(debug.gethook() == nil) io.write('ready\\n') io.stdout:flush() " + loop)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted!"))
    }

    /// `coroutine.close` runs the coroutine's pending `__close` handlers in that
    /// coroutine; a handler that loops is stopped too.
    @Test func aLoopingCloseHandlerIsInterrupted() async throws {
        let (status, stderr) = try await interrupt(
            """
            local co = coroutine.create(function()
              local x <close> = setmetatable({}, {__close = function() while true do end end})
              coroutine.yield()
            end)
            coroutine.resume(co)
            io.write('ready\\n') io.stdout:flush()
            coroutine.close(co)
            """)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted!"))
    }

    /// A read waiting for a slow reply stops at Ctrl-C instead of sitting out its read
    /// timeout: it can change nothing. (A sent mutation is still waited for and audited:
    /// SignalEndToEndTests, LimitsSignalTests.)
    @Test(arguments: ["bybit.positions{symbol = 'BTCUSDT'}", "bybit.wallet()"])
    func aSlowReadStopsAtCtrlC(_ read: String) async throws {
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json:
                #"{"slowReply": {"count": -1}, "slowReplyMs": 20000, "paths": ["/v5/position/list", "/v5/account/wallet-balance"]}"#
        )
        let run = try RunningBinary(
            [
                "--base-url", server.url, "--read-timeout", "30", "-e",
                """
                local bybit = require 'bybit'
                io.write('ready\\n') io.stdout:flush()
                \(read)
                print('not reached')
                """,
            ], environment: server.credentials)
        #expect(await run.awaitOutput("ready\n"))
        // Signal once the exchange holds the read's reply (for 20 s).
        #expect(waitUntil(deadline: 20) { (try? LedgerRecord.read(server).fired["slowReply"]) == 1 })
        let signalled = DispatchTime.now()
        run.signal(SIGINT)
        let (stdout, stderr) = await run.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - signalled.uptimeNanoseconds) / 1e9
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted!"), "\(stderr)")
        #expect(seconds < 10, "took \(seconds) s after Ctrl-C: the read sat out the held reply")
        #expect(!stdout.contains("not reached"))
    }

    @Test func pcallCannotSwallowAnInterrupt() async throws {
        let (status, stderr) = try await interrupt(
            "io.write('ready\\n') io.stdout:flush() while true do pcall(function() while true do end end) end")
        #expect(status == 130)
        #expect(stderr.contains("interrupted!"))
    }
}
