import Foundation
import Testing

/// liquidation_guard.lua's fallback, through the built binary: once adding is over (the
/// run's `--max-margin` answered `guard`, or the script's own cap is spent) and the
/// distance to liquidation keeps shrinking below REDUCE_PCT, it cuts FRACTION of the
/// position with a reduce-only market order (`bybit.margin.reduce`). The exchange's ledger
/// shows the adds, then the reduce-only order, and the position smaller by its qty.
@Suite(.serialized, .processBudget) struct ReduceFallbackEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// An isolated account holding only BTCUSDT long 1 @ 60,000 ×10 (liquidation 54,300),
    /// its mark moved to 55,500 (2.16 % from liquidation).
    static func server() async throws -> (PaperServer, ScratchDirectory) {
        let dir = try ScratchDirectory()
        let secret = "reduce-secret-\(UUID().uuidString)"
        let scenario = try dir.write(
            "reduce.json",
            """
            {"accounts": [{"apiKey": "E2EKEY", "apiSecret": "\(secret)", "wallet": {"USDT": "100000"},
              "positions": [{"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "60000", "leverage": "10"}]}]}
            """)
        let server = try await PaperServer(apiKey: "E2EKEY", apiSecret: secret, arguments: ["--scenario", scenario])
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "55500"}"#)
        return (server, dir)
    }

    /// The `detail` of each ledger entry of `action`.
    static func ledger(_ server: PaperServer, _ action: String) throws -> [[String: String]] {
        let body = try server.control("GET", "/paper/ledger?action=\(action)")
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let entries = (json?["result"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        return entries.map { $0["detail"] as? [String: String] ?? [:] }
    }

    /// `size liqPrice` of BTCUSDT as the exchange reports it now.
    static func position(_ server: PaperServer) async throws -> String {
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                #"local p = require("bybit").position("BTCUSDT"); print(p.size, p.liqPrice)"#,
            ],
            environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Round 1: 1,000 USDT goes on (liquidation 53,300), the next 1,000 would pass
    /// `--max-margin 1500`; 3.96 % from liquidation is below REDUCE_PCT 5, so a quarter
    /// of the position goes (0.250 BTC). Rounds 2 and 3 see the same mark, so the same
    /// distance (a reduce keeps an isolated position's liquidation price): no more cuts.
    @Test func guardAddsUpToMaxMarginThenCutsThePositionWithAReduceOnlyOrder() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--max-margin", "1500", "scripts/liquidation_guard.lua",
                "8", "9", "3", "0", "5", "0.25",
            ], cwd: Self.root, environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains(#"level=warn msg="--max-margin reached, adding no more USDT""#), "\(r.stderr)")
        #expect(
            r.stderr.contains(#"level=warn msg="--max-margin reached: reduced the position" distance_pct=3.9639"#),
            "\(r.stderr)")
        #expect(
            r.stdout.contains("liquidation_guard: 3 rounds on custom; added 1000.0000 USDT and 0 BTC"), "\(r.stdout)")
        #expect(r.stdout.contains("and placed 1 reduce-only order(s)"), "\(r.stdout)")
        #expect(r.stdout.contains("BTCUSDT  Buy  size 0.75    mark 55500.00   liq 53300.00"), "\(r.stdout)")

        #expect(try Self.ledger(server, "add-margin").map { $0["margin"] } == ["1000.0000"])
        let orders = try Self.ledger(server, "order-create")
        #expect(orders.count == 1, "\(orders)")
        let order = orders.first ?? [:]
        #expect(order["side"] == "Sell" && order["qty"] == "0.250" && order["reduceOnly"] == "1", "\(order)")
        #expect(order["orderType"] == "Market" && order["orderStatus"] == "Filled", "\(order)")
        #expect(order["orderLinkId"].map { !$0.isEmpty } == true, "every order carries an orderLinkId: \(order)")
        #expect(try Self.ledger(server, "order-refused").isEmpty)
        #expect(try await Self.position(server) == "0.75\t53300.00")
    }

    /// Under `--dry-run` the guard still reaches its decision and says what it would cut;
    /// the exchange sees neither the add nor the order.
    @Test func dryRunSaysWhatItWouldCutAndSendsNothing() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--dry-run", "--max-margin", "500", "scripts/liquidation_guard.lua",
                "8", "9", "1", "0", "5", "0.25",
            ], cwd: Self.root, environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains(#"level=warn msg="--max-margin reached: would reduce the position""#), "\(r.stderr)")
        #expect(r.stderr.contains("qty=0.250"), "\(r.stderr)")
        #expect(try Self.ledger(server, "add-margin").isEmpty)
        #expect(try Self.ledger(server, "order-create").isEmpty)
        #expect(try await Self.position(server) == "1\t54300.00")
    }

    /// The script's own cap (5,000 USDT), on the in-process paper exchange where the guard
    /// pushes the mark 1.5 % against the position each round: the adds stop at the cap,
    /// the guard waits while the distance is above REDUCE_PCT, then cuts a quarter each
    /// round it shrinks further, every cut rounded down to the 0.001 BTC lot. The audit
    /// log records each order with its orderLinkId and reduceOnly before it is sent.
    @Test func ownCapThenACutEachRoundTheDistanceShrinks() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--audit-log", audit, "-e",
                #"require("bybit").paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = "10" }"#,
                "scripts/liquidation_guard.lua", "8", "9", "6", "0", "5", "0.25",
            ], cwd: Self.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("added 5000.0000 USDT"), "\(r.stdout)")
        // (the default book's ETHUSDT short shares the USDT cap and is cut too)
        let btc = r.stderr.split(separator: "\n").filter { $0.contains("symbol=BTCUSDT") }
        let cuts = btc.filter { $0.contains(#"level=warn msg="cap reached: reduced the position""#) }
        let waits = btc.filter { $0.contains(#"level=warn msg="cap reached, not adding""#) }
        #expect(!waits.isEmpty, "it waits while the distance is above REDUCE_PCT: \(r.stderr)")
        #expect(btc.firstIndex { $0.contains("not adding") } ?? 99 < btc.firstIndex { $0.contains("reduced") } ?? 0)
        // 10 -> 2.5 off; 7.5 × 0.25 = 1.875 off; 5.625 × 0.25 = 1.40625 -> 1.406 (the 0.001 lot, down)
        #expect(cuts.count == 3, "\(r.stderr)")
        for (cut, words) in zip(cuts, ["qty=2.5 side=Sell", "qty=1.875 side=Sell", "qty=1.406 side=Sell"]) {
            #expect(cut.contains(words), "\(cut)")
        }
        #expect(r.stdout.contains("BTCUSDT  Buy  size 4.219"), "\(r.stdout)")
        // each cut's intent (reduce-only, its orderLinkId) was written before it was sent
        let intents = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").filter {
            $0.contains(#""event":"intent""#) && $0.contains("/v5/order/create") && $0.contains(#""symbol":"BTCUSDT""#)
        }
        #expect(intents.count == 3 && intents.allSatisfy { $0.contains(#""reduceOnly":true"#) }, "\(intents)")
        for (cut, intent) in zip(cuts, intents) {
            let id = cut.split(separator: " ").first { $0.hasPrefix("orderLinkId=") }?.dropFirst("orderLinkId=".count)
            #expect(id.map { intent.contains(#""orderLinkId":"\#($0)""#) } == true, "\(cut) / \(intent)")
        }
    }

    /// `bybit.margin.reduce` from the REPL, on the in-process paper exchange.
    @Test func marginReduceWorksInTheREPL() async throws {
        let r = try await BinaryRunner.run(
            ["repl"],
            stdin: """
                m = require("bybit.margin")
                o, p = m.reduce(bybit.position("BTCUSDT"), { fraction = "0.1" })
                { o.qty, o.side, o.reduceOnly, p.size }

                """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#"{ 0.1, "Sell", true, 0.9 }"#), "\(r.stdout)")
    }
}
