import Foundation
import Testing

/// How a `bybit.events` loop ends, through the built binary: Ctrl-C, SIGTERM and --timeout
/// stop its wait as they stop `bybit.sleep` (exit codes as for any script); `break`, an
/// error and `bybit.stop()` close its streams; a handler's `guard` error ends `bybit.run`
/// with exit 3 and nothing sent, while any other handler error is logged and the loop goes on.
@Suite(.processBudget) struct EventsStopEndToEndTests {
    /// A loop waiting on a quiet stream (the paper marks do not move by themselves).
    static let waiting = """
        local bybit = require "bybit"
        for ev in bybit.events{ tickers = { "BTCUSDT" }, positions = true } do
          if ev.type == "ticker" then io.write("ready\\n") io.stdout:flush() end
        end
        """

    @Test(arguments: [
        (SIGINT, Int32(130), "interrupted!"), (SIGTERM, Int32(143), "terminated"),
        (SIGHUP, Int32(129), "terminated (SIGHUP)"),
    ])
    func aStopSignalEndsTheWait(_ signal: Int32, _ status: Int32, _ message: String) async throws {
        let run = try RunningBinary(["-e", Self.waiting])
        #expect(await run.awaitOutput("ready\n"))
        run.signal(signal)
        let (_, stderr) = await run.finish()
        #expect(!run.wasKilled, "the signal did not stop the wait")
        #expect(run.process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains(message), "\(stderr)")
    }

    @Test func ctrlCEndsALoopOfTimersOnly() async throws {
        let run = try RunningBinary([
            "-e", "io.write('ready\\n') io.stdout:flush() for ev in require('bybit').events{ every = 3600 } do end",
        ])
        // The loop has nothing to say for an hour: the signal must cut the wait short.
        #expect(await run.awaitOutput("ready\n"))
        run.signal(SIGINT)
        let (_, stderr) = await run.finish()
        #expect(!run.wasKilled)
        #expect(run.process.terminationStatus == 130, "\(stderr)")
    }

    @Test func timeoutEndsTheWait() async throws {
        let r = try await BinaryRunner.run(["--timeout", "2", "-e", Self.waiting])
        #expect(!r.timedOut)
        #expect(r.status == 124, "\(r.stderr)")
        #expect(r.stderr.contains("timeout: the script ran past its time limit of 2 s"), "\(r.stderr)")
        #expect(r.stdout == "ready\n")
    }

    /// `bybit.stop()` reports an open loop; once a loop has ended — by `break`, by an error
    /// raised inside it, by `bybit.stop()`, or dropped unfinished and collected — it has none.
    @Test func everyWayOutClosesTheLoop() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            for ev in bybit.events{ tickers = { "BTCUSDT" } } do break end
            print("break", bybit.stop())
            local ok, e = pcall(function()
              for ev in bybit.events{ tickers = { "BTCUSDT" } } do error("out", 0) end
            end)
            print("error", ok, e, bybit.stop())
            local n = 0
            for ev in bybit.events{ every = 0.01 } do n = n + 1; bybit.stop() end
            print("stop", n, bybit.stop())
            local it = bybit.events{ tickers = { "BTCUSDT" } }
            print("open", it().type, bybit.stop())
            it = nil
            collectgarbage() collectgarbage()
            print("collected", bybit.stop())
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "break\tfalse\nerror\tfalse\tout\tfalse\nstop\t1\tfalse\nopen\tticker\ttrue\ncollected\tfalse\n",
            "\(r.stdout)\n\(r.stderr)")
    }

    @Test func aHandlerErrorIsLoggedWithItsTracebackAndTheLoopGoesOn() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            local n = 0
            bybit.every(0.01, function()
              n = n + 1
              if n < 3 then error("handler boom " .. n) end
              bybit.stop()
            end)
            bybit.run()
            print("ran", n)
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "ran\t3\n")
        #expect(r.stderr.contains(#"level=error msg="handler failed""#), "\(r.stderr)")
        #expect(r.stderr.contains("handler boom 1") && r.stderr.contains("handler boom 2"))
        #expect(r.stderr.contains("stack traceback"))
    }

    /// `--max-margin` refuses the handler's add: a guard error, which ends the run (exit 3)
    /// with nothing sent, as it would outside a handler.
    @Test func aGuardErrorInAHandlerStopsTheRunWithExit3() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--max-margin", "10", "-e",
                """
                local bybit = require "bybit"
                bybit.on("ticker", "BTCUSDT", function(ev)
                  bybit.add_margin{ symbol = "BTCUSDT", margin = "50" }
                end)
                bybit.run()
                print("not reached")
                """,
            ], environment: server.credentials)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("guard error on /v5/position/add-margin"), "\(r.stderr)")
        #expect(!r.stderr.contains("handler failed"))
        #expect(try ReduceFallbackEndToEndTests.ledger(server, "add-margin").isEmpty)
    }
}
