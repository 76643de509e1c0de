import Foundation
import Testing

/// liquidation_guard.lua is event-driven: a mark-price tick that brings a position too close
/// to liquidation is acted on when it arrives, not at the next round of its heartbeat.
@Suite(.processBudget) struct GuardEventsEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Says on stdout when the guard has subscribed and when it added margin (the script
    /// itself logs to stderr), so the test can move the mark only once the guard listens.
    static let witness = """
        local b = require "bybit"
        local events, info = b.events, b.log.info
        b.events = function(args)
          local f, s, c, x = events(args)
          io.write("subscribed ", table.concat(args.tickers, ","), "\\n") io.stdout:flush()
          return f, s, c, x
        end
        b.log.info = function(message, fields)
          info(message, fields)
          io.write(message, " ", tostring(fields and fields.symbol), "\\n") io.stdout:flush()
        end
        """

    @Test func aTickIsActedOnBeforeTheNextHeartbeat() async throws {
        let server = try await PaperServer()
        // 2 rounds, one heartbeat a minute apart: the second round is never reached here.
        let run = try RunningBinary(
            [
                "--base-url", server.url, "-e", Self.witness,
                "\(Self.root)/scripts/liquidation_guard.lua", "3", "8", "2", "60",
            ], environment: server.credentials, limit: 50)
        #expect(await run.awaitOutput("subscribed BTCUSD,BTCUSDT,ETHUSDT\n"))
        #expect(try ReduceFallbackEndToEndTests.ledger(server, "add-margin").isEmpty, "the first round found no work")
        // BTCUSDT long 1 @ 60,000 x10 (liquidation 54,300): 1.27 % from liquidation at 55,000.
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "55000"}"#)
        #expect(await run.awaitOutput("added margin BTCUSDT\n"))
        let adds = try ReduceFallbackEndToEndTests.ledger(server, "add-margin")
        // ensure_buffer's steps of at most 1,000 USDT up to 8 % from liquidation at 55,000
        // (liquidation 50,600): 3,700 USDT on BTCUSDT's 6,000 of initial margin.
        #expect(adds.map { $0["margin"] } == ["1000.0000", "1000.0000", "1000.0000", "700.0000"], "\(adds)")
        #expect(adds.last?["positionIM"] == "9700", "\(adds)")
        run.signal(SIGINT)
        let (_, stderr) = await run.finish()
        #expect(!run.wasKilled, "\(stderr)")
        #expect(run.process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains(#"level=info msg="added margin" coin=USDT"#), "\(stderr)")
    }
}
