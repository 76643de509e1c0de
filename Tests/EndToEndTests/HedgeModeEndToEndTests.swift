import Foundation
import Testing

/// The stdlib, the example scripts and the reads in hedge mode, through the built
/// binary against `bybit-lua paper --scenario` (ETHUSDT and BTCUSDT in hedge mode,
/// BTCUSD one-way): every call that names a position must name its side, and the
/// exchange's ledger shows which side each call reached.
@Suite(.serialized, .processBudget) struct HedgeModeEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// A paper exchange whose only account is in `marginMode`: ETHUSDT long and short
    /// 10 @ 3,000 ×10 (both 9.5 % from liquidation), BTCUSDT long 1 @ 60,000 ×10 with
    /// 3,000 USDT extra margin (its sell side flat), BTCUSD inverse long one-way.
    /// (A cross account gets a small wallet, so that its positions have a liquidation price.)
    static func server(marginMode: String = "ISOLATED_MARGIN") async throws -> (PaperServer, ScratchDirectory) {
        let wallet =
            marginMode == "ISOLATED_MARGIN" ? #"{"USDT": "100000", "BTC": "2"}"# : #"{"USDT": "500", "BTC": "0.001"}"#
        let dir = try ScratchDirectory()
        let secret = "hedge-secret-\(UUID().uuidString)"
        let scenario = try dir.write(
            "hedge.json",
            """
            {"accounts": [{"apiKey": "E2EKEY", "apiSecret": "\(secret)", "marginMode": "\(marginMode)",
              "wallet": \(wallet),
              "hedgeMode": ["ETHUSDT", "BTCUSDT"],
              "positions": [
                {"symbol": "ETHUSDT", "side": "Buy", "size": "10", "avgPrice": "3000", "leverage": "10"},
                {"symbol": "ETHUSDT", "side": "Sell", "size": "10", "avgPrice": "3000", "leverage": "10"},
                {"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "60000", "leverage": "10", "extraMargin": "3000"},
                {"symbol": "BTCUSD", "side": "Buy", "size": "10000", "avgPrice": "60000", "leverage": "10"}]}]}
            """)
        return (try await PaperServer(apiKey: "E2EKEY", apiSecret: secret, arguments: ["--scenario", scenario]), dir)
    }

    /// `(symbol, positionIdx)` of each ledger entry of `action`.
    static func ledger(_ server: PaperServer, _ action: String) throws -> [(String, Int)] {
        let body = try server.control("GET", "/paper/ledger?action=\(action)")
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let entries = (json?["result"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        return entries.compactMap { e in (e["symbol"] as? String).map { ($0, e["positionIdx"] as? Int ?? -1) } }
    }

    /// The defect: the add used the position's positionIdx, the re-read only
    /// `opts.positionIdx`, so the second step failed with "2 open positions" after
    /// margin had moved. Every add and re-read now names the same side.
    @Test func ensureBufferAddsToOneSideInStepsAndReReadsThatSide() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit, margin = require "bybit", require "bybit.margin"
                local short = bybit.position{ symbol = "ETHUSDT", positionIdx = 2 }
                local added, after = margin.ensure_buffer(short, 12, { step = "300" })
                print(added, after.positionIdx, after.side, margin.distance_pct(after) >= D"12")
                print(bybit.position{ symbol = "ETHUSDT", positionIdx = 1 }.positionIM)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        // short 10 @ 3,000, liq 3,285: 12 % away is 3,360, so 750 USDT in steps of 300
        #expect(r.stdout == "750.0000\t2\tSell\ttrue\n3000\n", "\(r.stderr)")
        let adds = try Self.ledger(server, "add-margin")
        #expect(adds.count == 3 && adds.allSatisfy { $0 == ("ETHUSDT", 2) }, "\(adds)")
    }

    /// The arithmetic of `bybit.margin` reads one position table, whichever side it is:
    /// each side of a hedged symbol gets its own answer.
    @Test func marginArithmeticTreatsEachSideOnItsOwn() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit, margin = require "bybit", require "bybit.margin"
                for _, idx in ipairs({ 1, 2 }) do
                  local p = bybit.position{ symbol = "ETHUSDT", positionIdx = idx }
                  print(p.side, margin.category(p), margin.distance_pct(p), margin.target_liq_price(p, 12),
                        margin.margin_for_distance(p, 12), margin.extra_margin(p), margin.releasable(p, 5))
                end
                local btc = bybit.position{ symbol = "BTCUSDT", positionIdx = 1 }
                print(btc.side, margin.extra_margin(btc), margin.releasable(btc, 10))
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                Buy\tlinear\t9.5000\t2640.00\t750.0000\t0\t0.0000
                Sell\tlinear\t9.5000\t3360.00\t750.0000\t0\t0.0000
                Buy\t3000.00000000\t2700.0000

                """, "\(r.stderr)")
    }

    /// `position` says what is true: a positionIdx of the other mode is an error (it
    /// returned nil, which reads as "flat"); two open sides without one is an error;
    /// a flat side of the right mode is nil.
    @Test func positionReadsNameTheSideOrFail() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                print(select(2, pcall(bybit.position, { symbol = "ETHUSDT", positionIdx = 0 })))
                print(select(2, pcall(bybit.position, "ETHUSDT")))
                print(bybit.position{ symbol = "BTCUSDT", positionIdx = 2 })
                print(bybit.position("BTCUSDT").positionIdx, bybit.position("BTCUSD").positionIdx)
                print(select(2, pcall(bybit.position, { symbol = "BTCUSD", positionIdx = 1 })))
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(r.stdout)\(r.stderr)")
        guard lines.count == 5 else { return }
        #expect(
            lines[0] == "bad argument #1 to 'bybit.position' (positionIdx 0 does not match ETHUSDT's position mode: "
                + "it is in hedge mode (positionIdx 1 buy side, 2 sell side))")
        #expect(lines[1].contains("ETHUSDT has 2 open positions (hedge mode); pass positionIdx"))
        #expect(lines[2] == "nil")
        #expect(lines[3] == "1\t0")
        #expect(lines[4].contains("positionIdx 1 does not match BTCUSD's position mode: it is in one-way mode"))
    }

    /// liquidation_guard reached ensure_buffer's re-read on hedge-mode ETHUSDT (two adds
    /// of at most 1,000 each side) and stopped with exit 1 after the first add.
    @Test func liquidationGuardTopsUpBothSidesOfAHedgedSymbol() async throws {
        let (server, _) = try await Self.server()
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/liquidation_guard.lua", "12", "14", "2", "0"],
            cwd: Self.root, environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("liquidation_guard: 2 rounds on custom; added 2700.0000 USDT and 0.0113 BTC"),
            "\(r.stdout)")
        let adds = try Self.ledger(server, "add-margin")
        #expect(adds.filter { $0 == ("ETHUSDT", 1) }.count == 2, "\(adds)")
        #expect(adds.filter { $0 == ("ETHUSDT", 2) }.count == 2, "\(adds)")
        #expect(!adds.contains { $0.0 == "BTCUSDT" }, "BTCUSDT is 14.5 % away: \(adds)")
        #expect(adds.contains { $0 == ("BTCUSD", 0) }, "\(adds)")
    }

    /// The guard takes the margin mode from the account (GET /v5/account/info), not from
    /// the positions' deprecated tradeMode: on a cross-margin account it only watches.
    @Test func liquidationGuardOnlyWatchesACrossMarginAccount() async throws {
        let (server, _) = try await Self.server(marginMode: "REGULAR_MARGIN")
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/liquidation_guard.lua", "12", "14", "2", "0"],
            cwd: Self.root, environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("account is not in isolated margin: watching only"), "\(r.stderr)")
        #expect(r.stderr.contains(#"level=warn msg="cross margin, not adding""#), "\(r.stderr)")
        #expect(r.stdout.contains("added 0 USDT and 0 BTC"), "\(r.stdout)")
        #expect(try Self.ledger(server, "add-margin").isEmpty)
    }

    @Test func autoMarginPolicyAndReleaseNameEachSide() async throws {
        let (server, _) = try await Self.server()
        let policy = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/auto_margin_policy.lua", "5"],
            cwd: Self.root, environment: server.credentials)
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.contains("auto_margin_policy: 3 change(s) on custom"), "\(policy.stdout)")
        let flags = try Self.ledger(server, "set-auto-add-margin")
        #expect(flags.map { "\($0.0)/\($0.1)" }.sorted() == ["BTCUSDT/1", "ETHUSDT/1", "ETHUSDT/2"], "\(flags)")

        let release = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/release_excess_margin.lua", "10"],
            cwd: Self.root, environment: server.credentials)
        #expect(release.status == 0, "\(release.stderr)")
        // liq 51,300 with 3,000 extra; 10 % from 60,000 is 54,000: 2,700 may come off
        #expect(
            release.stdout.contains("BTCUSDT  released 2700.0000 USDT; liquidation now 10.0000% away"),
            "\(release.stdout)")
        #expect(try Self.ledger(server, "add-margin").map { "\($0.0)/\($0.1)" } == ["BTCUSDT/1"])
    }

    /// `tradeMode` is deprecated and always 0, so the scripts no longer take it for
    /// "isolated": on a cross-margin account the exchange refuses and they say so
    /// (auto_margin_policy used to stop with exit 1 on the 110076 it did not expect).
    @Test func theExampleScriptsLetACrossMarginAccountSayNo() async throws {
        let (server, _) = try await Self.server(marginMode: "REGULAR_MARGIN")
        let policy = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/auto_margin_policy.lua", "5"],
            cwd: Self.root, environment: server.credentials)
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.contains("(cross margin: skipped)"), "\(policy.stdout)")
        #expect(policy.stdout.contains("auto_margin_policy: 0 change(s) on custom"), "\(policy.stdout)")
        let guardRun = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/liquidation_guard.lua", "12", "14", "1", "0"],
            cwd: Self.root, environment: server.credentials)
        #expect(guardRun.status == 0, "\(guardRun.stderr)")
        #expect(guardRun.stderr.contains(#"level=warn msg="cross margin, not adding""#), "\(guardRun.stderr)")
        let release = try await BinaryRunner.run(
            ["--base-url", server.url, "scripts/release_excess_margin.lua", "10"],
            cwd: Self.root, environment: server.credentials)
        #expect(release.status == 0, "\(release.stderr)")
        #expect(
            release.stdout.contains("BTCUSDT  cross margin: nothing to release by hand; skipped"), "\(release.stdout)")
        #expect(try Self.ledger(server, "add-margin").isEmpty)
    }

    /// The same in spec files: `bybit-lua test --scenario` starts each file's paper
    /// exchange from the scenario (here: hedge mode), so hedge-mode logic is tested offline.
    @Test func specFilesRunInHedgeModeWithAScenario() async throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/hedge-specs"
        ).path
        let r = try await BinaryRunner.run(["test", "--scenario", dir + "/hedge.json", dir])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\n5 passed, 0 failed, 0 skipped\n"), "\(r.stdout)")
        // without the scenario the file meets the default (one-way) book and fails
        let plain = try await BinaryRunner.run(["test", dir])
        #expect(plain.status > 0, "\(plain.stdout)")
        let bad = try await BinaryRunner.run(["test", "--scenario", dir + "/missing.json", dir])
        #expect(bad.status == 2 && bad.stderr.contains("test --scenario: cannot read scenario file"), "\(bad.stderr)")
    }
}
