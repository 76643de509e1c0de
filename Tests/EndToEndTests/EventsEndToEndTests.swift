import Foundation
import Testing

/// `bybit.events` and `bybit.on/every/run` through the built binary, against the paper
/// exchange's streams: the stream's state answers `bybit.ticker` (the exchange counts no
/// REST ticker read), the loop stops like `bybit.sleep` does, and a handler's `guard` error
/// still ends the run with exit 3 and nothing sent.
@Suite(.serialized, .processBudget) struct EventsEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// How often the paper exchange's fault plan answered HTTP 502.
    static func badGateways(_ server: PaperServer) throws -> Int {
        let body = try server.control("GET", "/paper/faults")
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let fired = (json?["result"] as? [String: Any])?["fired"] as? [String: Any] ?? json?["fired"] as? [String: Any]
        return fired?["badGateway"] as? Int ?? -1
    }

    @Test func eventsSpecPassesAgainstThePaperStreams() async throws {
        let r = try await BinaryRunner.run(["test", "spec/bybit/events_spec.lua"], cwd: Self.root, limit: 120)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("19 passed, 0 failed"), "\(r.stdout)")
    }

    /// Every REST ticker read fails (HTTP 502 from the exchange's fault plan), as one read
    /// outside the loop shows; inside the loop `bybit.ticker` answers 20 times from the
    /// stream's state, and the exchange counts no fault for them: no REST call was made.
    @Test func tickerAnswersFromTheStreamWithoutARestCall() async throws {
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults", json: #"{"badGateway": {"count": -1}, "paths": ["/v5/market/tickers"]}"#)
        let before = try Self.badGateways(server)
        let script = """
            local bybit = require "bybit"
            print("rest", (pcall(bybit.ticker, "BTCUSDT")))
            io.stdout:flush()
            local reads = 0
            for ev in bybit.events{ tickers = { "BTCUSDT" } } do
              if ev.type == "ticker" then
                for i = 1, 20 do
                  assert(bybit.ticker("BTCUSDT").markPrice:eq(ev.markPrice))
                  reads = reads + 1
                end
                break
              end
            end
            print("stream", reads)
            """
        let r = try await BinaryRunner.run(["--base-url", server.url, "-e", script], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "rest\tfalse\nstream\t20\n", "\(r.stdout)\n\(r.stderr)")
        let afterRun = try Self.badGateways(server)
        // What one REST ticker read costs in faults (the client may retry a read on 502).
        let one = try await BinaryRunner.run(
            ["--base-url", server.url, "-e", #"print((pcall(require("bybit").ticker, "BTCUSDT")))"#],
            environment: server.credentials)
        #expect(one.stdout == "false\n", "\(one.stderr)")
        let perRead = try Self.badGateways(server) - afterRun
        #expect(before == 0 && perRead >= 1)
        #expect(afterRun - before == perRead, "only the read outside the loop reached the exchange")
    }

    /// The stubs declare the loop, its sugar (plain Lua, so no registered native says it)
    /// and the event class the loop's iterator returns.
    @Test func typesDeclareTheEventLoop() async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", dir.path], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let stubs = try String(contentsOfFile: dir.path + "/bybit.d.lua", encoding: .utf8)
        for declared in [
            "function bybit.events(args) end", "function bybit.stop() end", "function bybit.on(type, symbol, fn) end",
            "function bybit.every(seconds, fn) end", "function bybit.run(opts) end",
            "function bybit.watch(symbols, opts) end", "---@class bybit.Event\n",
            "---@field position bybit.Position? position:", "---@return fun(): bybit.Event?",
        ] {
            #expect(stubs.contains(declared), "missing: \(declared)")
        }
    }

    /// The exchange drops the ticker stream on its next push: the loop says `reconnected`
    /// (feed "linear") and then yields the mark that was pushed while it was down.
    @Test func aDroppedStreamSaysReconnectedAndCatchesUp() async throws {
        let server = try await PaperServer()
        let run = try RunningBinary(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                for ev in bybit.events{ tickers = { "BTCUSDT" } } do
                  if ev.type == "ticker" then io.write("mark ", tostring(ev.markPrice), "\\n") end
                  if ev.type == "reconnected" then io.write("reconnected ", ev.feed, "\\n") end
                  io.stdout:flush()
                  if ev.type == "ticker" and ev.markPrice:eq("58000") then break end
                end
                """,
            ], environment: server.credentials)
        #expect(await run.awaitOutput("mark 60000.00\n"))
        try server.control("POST", "/paper/faults", json: #"{"streamDrop": 1, "paths": ["/v5/public/linear"]}"#)
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "58000"}"#)
        let (stdout, stderr) = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(stderr)")
        #expect(stdout.contains("reconnected linear\nmark 58000"), "\(stdout)\n\(stderr)")
    }
}
