import Foundation
import Testing

/// scripts/stop_loss_keeper.lua through the built binary against `bybit-lua paper` (the
/// default book: BTCUSDT long 1 @ 60,000 liq 54,300; ETHUSDT short 10 @ 3,000 liq 3,285;
/// BTCUSD inverse long liq 54,794.52): the stop-loss it sets is on the positions as
/// `bybit.positions` reads them, follows the liquidation price after a margin change, and
/// still closes the position after the keeper is killed.
@Suite(.serialized, .processBudget) struct StopLossKeeperEndToEndTests {
    static let script =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path + "/scripts/stop_loss_keeper.lua"

    /// `symbol stopLoss` of every open position, one per line, as `bybit.positions` reads them.
    static func stops(_ server: PaperServer) async throws -> String {
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                for _, q in ipairs({ { category = "linear", settleCoin = "USDT" }, { category = "inverse" } }) do
                  for _, p in ipairs(bybit.positions(q)) do print(p.symbol, p.stopLoss) end
                end
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// `detail[key]` of each ledger entry of `action` (with its symbol).
    static func ledger(_ server: PaperServer, _ action: String, _ key: String) throws -> [String] {
        let body = try server.control("GET", "/paper/ledger?action=\(action)")
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let entries = (json?["result"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        return entries.map { e in
            "\(e["symbol"] as? String ?? "?") \((e["detail"] as? [String: String])?[key] ?? "-")"
        }
    }

    /// 0.5 % beyond liquidation, on the tick grid away from it: 54,300 × 1.005 = 54,571.50;
    /// 3,285 × 0.995 = 3,268.575 -> 3,268.57 (short: down); 54,794.52 × 1.005 =
    /// 55,068.49 -> 55,068.50 (tick 0.50, up). 1,000 USDT more on BTCUSDT moves its
    /// liquidation to 53,300 and the stop to 53,566.50 in the next round.
    @Test func setsTheStopBeyondLiquidationMovesItAfterAMarginChangeAndOutlivesTheRunner() async throws {
        let server = try await PaperServer()
        let keeper = try RunningBinary(
            ["--base-url", server.url, Self.script, "0.5%", "0", "0.2"], environment: server.credentials, limit: 120)
        let first = await keeper.output(until: "BTCUSD   Buy  set stopLoss 55068.50 (was none")
        #expect(
            first?.contains("BTCUSDT  Buy  set stopLoss 54571.50 (was none; liq 54300.00") == true, "\(first ?? "")")
        #expect(first?.contains("ETHUSDT  Sell set stopLoss 3268.57 (was none; liq 3285.00") == true, "\(first ?? "")")
        #expect(try await Self.stops(server) == "BTCUSDT\t54571.50\nETHUSDT\t3268.57\nBTCUSD\t55068.50\n")

        let add = try await BinaryRunner.run(
            ["--base-url", server.url, "-e", #"add_margin{ symbol = "BTCUSDT", margin = "1000" }"#],
            environment: server.credentials)
        #expect(add.status == 0, "\(add.stderr)")
        let moved = await keeper.output(until: "BTCUSDT  Buy  set stopLoss 53566.50 (was 54571.50; liq 53300.00")
        #expect(moved != nil, "the keeper did not move the stop after the margin change")
        #expect(try await Self.stops(server) == "BTCUSDT\t53566.50\nETHUSDT\t3268.57\nBTCUSD\t55068.50\n")
        #expect(
            try Self.ledger(server, "trading-stop", "stopLoss")
                == ["BTCUSDT 54571.50", "ETHUSDT 3268.57", "BTCUSD 55068.50", "BTCUSDT 53566.50"])

        // The runner dies; the stop is the exchange's and closes the position before liquidation.
        keeper.signal(SIGKILL)
        _ = await keeper.finish()
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "53500"}"#)
        #expect(try Self.ledger(server, "stop-triggered", "stopOrderType") == ["BTCUSDT StopLoss"])
        #expect(try Self.ledger(server, "liquidation", "bustPrice").isEmpty)
        #expect(try await Self.stops(server) == "ETHUSDT\t3268.57\nBTCUSD\t55068.50\n")
    }

    /// `--dry-run` prints each stop it would set (a price distance of 150 here), a bad
    /// DISTANCE is refused in the user's terms, and the exchange sees no trading-stop.
    @Test func dryRunPrintsWhatItWouldSetAndSetsNothing() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, "--dry-run", Self.script, "150", "1"], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("BTCUSDT  Buy  would set stopLoss 54450.00 (was none; liq 54300.00"), "\(r.stdout)")
        #expect(r.stdout.contains("ETHUSDT  Sell would set stopLoss 3135.00 (was none; liq 3285.00"), "\(r.stdout)")
        #expect(r.stdout.contains("BTCUSD   Buy  would set stopLoss 54945.00 (was none"), "\(r.stdout)")
        #expect(r.stdout.contains("3 stop-loss change(s) (dry run: nothing was set)"), "\(r.stdout)")
        for bad in ["1,5%", "-1%", "0"] {
            let refused = try await BinaryRunner.run(
                ["--base-url", server.url, Self.script, bad, "1"], environment: server.credentials)
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains(
                    "DISTANCE must be a positive percentage or price distance, e.g. 0.5% or 150; got '\(bad)'"),
                "\(refused.stderr)")
        }
        #expect(try Self.ledger(server, "trading-stop", "stopLoss").isEmpty)
        #expect(try await Self.stops(server) == "BTCUSDT\t0.00\nETHUSDT\t0.00\nBTCUSD\t0.00\n")
    }

    /// A stop it did not set is kept when tighter (BTCUSDT at 55,000, above the wanted
    /// 54,571.50) and replaced when looser (ETHUSDT at 3,290, past the liquidation price);
    /// a mark already within the distance of liquidation gets no stop, and a warning.
    @Test func keepsATighterForeignStopReplacesALooserOneAndSkipsAPositionTooClose() async throws {
        let server = try await PaperServer()
        let setup = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                bybit.trading_stop{ symbol = "BTCUSDT", stopLoss = "55000", tpslMode = "Full" }
                bybit.trading_stop{ symbol = "ETHUSDT", stopLoss = "3290", tpslMode = "Full" }
                """,
            ], environment: server.credentials)
        #expect(setup.status == 0, "\(setup.stderr)")
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSD", "markPrice": "55000"}"#)
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, Self.script, "0.5%", "1"], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(#"msg="keeping a tighter stop-loss this run did not set" stopLoss=55000"#), "\(r.stderr)")
        #expect(r.stdout.contains("ETHUSDT  Sell set stopLoss 3268.57 (was 3290"), "\(r.stdout)")
        #expect(
            r.stderr.contains(#"level=warn msg="mark is within 0.5% of liquidation: no stop-loss set""#), "\(r.stderr)")
        #expect(r.stdout.contains("1 stop-loss change(s)"), "\(r.stdout)")
        #expect(
            try Self.ledger(server, "trading-stop", "stopLoss")
                == ["BTCUSDT 55000", "ETHUSDT 3290", "ETHUSDT 3268.57"])
    }
}
