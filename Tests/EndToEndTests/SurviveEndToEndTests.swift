import Foundation
import Testing

/// `scripts/liquidation_guard.lua 0` ("until Ctrl-C") keeps guarding through a dead
/// exchange: its failed reads are logged and tried again, its streams reconnect, and once a
/// restarted exchange (same port, same state file) breaches the threshold it adds margin
/// again, still running. Before, the first failed read ended the run with exit 1.
@Suite(.processBudget) struct SurviveEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Says on stdout when the guard subscribes, adds margin and logs an error, so the test
    /// can act only once the guard is where it means (the script itself logs to stderr).
    static let witness = """
        local b = require "bybit"
        local events, info, err = b.events, b.log.info, b.log.error
        local function say(...) io.write(table.concat({ ... }, " "), "\\n") io.stdout:flush() end
        b.events = function(args)
          say("subscribed", table.concat(args.tickers, ","))
          return events(args)
        end
        b.log.info = function(message, fields)
          info(message, fields)
          say(message, tostring(fields and (fields.symbol or fields.handler)))
        end
        b.log.error = function(message, fields)
          err(message, fields)
          say("error", message, tostring(fields and fields.handler))
        end
        """

    /// The port of `http://127.0.0.1:PORT`.
    static func port(of url: String) -> Int { Int(url.split(separator: ":").last ?? "") ?? 0 }

    @Test func theGuardKeepsGuardingThroughARestartedExchange() async throws {
        let dir = try ScratchDirectory()
        let state = dir.path + "/paper.sqlite"
        var server = try await PaperServer(arguments: ["--state", state])
        let (key, secret, url) = (server.apiKey, server.apiSecret, server.url)
        let guardRun = try RunningBinary(
            [
                "--base-url", url, "-e", Self.witness,
                "\(Self.root)/scripts/liquidation_guard.lua", "3", "8", "0", "1",
            ], environment: server.credentials, limit: 240)
        // Bools: a failing #expect reflects its operands, and a RunningBinary does not survive that
        let subscribed = await guardRun.awaitOutput("subscribed BTCUSD,BTCUSDT,ETHUSDT\n")
        #expect(subscribed)

        // Guarding: BTCUSDT long 1 @ 60,000 x10 (liquidation 54,300) is 1.27 % away at 55,000.
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "55000"}"#)
        let addedBefore = await guardRun.awaitOutput("added margin BTCUSDT\n")
        #expect(addedBefore)
        #expect(try ReduceFallbackEndToEndTests.ledger(server, "add-margin").count == 4)

        // The exchange dies: the rounds fail, are logged, and the guard is still running.
        server.process.terminate()
        server.process.waitUntilExit()
        let failureLogged = await guardRun.awaitOutput("error handler failed round\n")
        #expect(failureLogged, "a failed round is logged")
        let runningWithoutExchange = guardRun.process.isRunning
        #expect(runningWithoutExchange, "the guard ended with the exchange")

        // The same exchange comes back on the same port with its state; a breach is acted on.
        server = try await PaperServer(
            apiKey: key, apiSecret: secret, port: Self.port(of: url), arguments: ["--state", state])
        let restartedURL = server.url
        #expect(restartedURL == url)
        let before = try ReduceFallbackEndToEndTests.ledger(server, "add-margin").count
        // 9,700 USDT of margin now (liquidation 50,600): 1.75 % away at 51,500.
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "51500"}"#)
        let addedAfter = await guardRun.awaitOutput("added margin BTCUSDT\n")
        #expect(addedAfter, "the guard never added margin again")
        let adds = try ReduceFallbackEndToEndTests.ledger(server, "add-margin")
        #expect(adds.count > before, "the restarted exchange's ledger: \(adds)")
        // its own CAP of 5,000 USDT per run: 3,700 before the restart, 1,300 after
        #expect(adds.dropFirst(before).compactMap { $0["margin"] }.contains("300.0000"), "\(adds)")
        let runningAfterRestart = guardRun.process.isRunning
        #expect(runningAfterRestart, "still guarding")

        guardRun.signal(SIGINT)
        let (_, stderr) = await guardRun.finish()
        let killed = guardRun.wasKilled
        #expect(!killed, "\(stderr)")
        let status = guardRun.process.terminationStatus
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("handler failed"), "\(stderr)")
    }
}
