import Foundation
import Testing

/// `--max-margin COIN=AMOUNT` and `--max-margin-window` through the built binary: a cap per
/// settle coin, a window counted across runs from the audit log, `bybit.guard()`, and the
/// refusals (exit 2 before any Lua runs; exit 3 with nothing sent).
@Suite(.serialized, .processBudget) struct MarginCapsEndToEndTests {
    /// `k:` and the first 12 hex digits of SHA-256("E2EKEY"), PaperServer's default key.
    static let e2eKeyFingerprint = "k:18fe5f3e8567"

    private func addMargins(_ server: PaperServer) throws -> [String] {
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        let object = try JSONSerialization.jsonObject(with: Data(ledger.utf8)) as? [String: Any]
        let entries = (object?["result"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        return entries.compactMap { ($0["detail"] as? [String: Any])?["margin"] as? String }
    }

    /// The regression: one number used to cap every coin, so `--max-margin 1` (meant as
    /// 1 USDT) let 0.9 BTC through. A bare number now caps USDT and USDC only.
    @Test func aBareCapDoesNotLetBitcoinThrough() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run([
            "--max-margin", "1", "--audit-log", audit, "-e",
            """
            local b = require "bybit"
            local before = b.position("BTCUSD").positionIM
            local ok, e = pcall(add_margin, {symbol = "BTCUSD", margin = "0.9"})
            print(ok, e.kind, b.position("BTCUSD").positionIM == before)
            add_margin{symbol = "BTCUSD", margin = "0.9"}
            """,
        ])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout == "false\tguard\ttrue\n", "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "adding 0.9 BTC: no --max-margin for BTC (caps are set for USDT, USDC only); nothing was sent"))
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains(#""outcome":"guard""#) }, "\(lines)")
        #expect(!lines.contains { $0.contains(#""event":"intent""#) }, "nothing was about to be sent")
    }

    @Test func eachCoinHasItsOwnCapAcrossLinearAndInverse() async throws {
        let r = try await BinaryRunner.run([
            "--max-margin", "USDT=100", "--max-margin", "BTC=0.01", "-e",
            """
            local b = require "bybit"
            add_margin{symbol = "BTCUSDT", margin = "90"}
            add_margin{symbol = "BTCUSD", margin = "0.006"}
            local ok, e = pcall(add_margin, {symbol = "BTCUSD", margin = "0.005"})
            print(e.kind, e.message)
            local g = b.guard()
            print(g.capped, g.window, g.margin.USDT.cap, g.margin.USDT.used, g.margin.USDT.left)
            print(g.margin.BTC.cap, g.margin.BTC.used, g.margin.BTC.left, g.margin.USDC)
            add_margin{symbol = "BTCUSDT", margin = "10"}
            print(pcall(add_margin, {symbol = "BTCUSDT", margin = "0.0001"}))
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == 4, "\(r.stdout)")
        #expect(
            out.first
                == "guard\tadding 0.005 BTC would bring this run's total to 0.011 BTC, over --max-margin 0.01 (added so far: 0.006 BTC); nothing was sent"
        )
        #expect(out.dropFirst().first == "true\tnil\t100\t90\t10")
        #expect(out.dropFirst(2).first == "0.01\t0.006\t0.004\tnil")
        #expect(out.last?.hasPrefix("false\tbybit: guard error") == true, "USDT is at its cap: \(r.stdout)")
    }

    /// A window counts what earlier runs of the key added, from the audit log: an add whose
    /// outcome is unknown counts (it was applied here), another key's adds do not.
    @Test func aWindowCountsEarlierRunsSoTheSecondRunIsRefused() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let caps = ["--max-margin", "USDT=100", "--max-margin-window", "24h", "--audit-log", audit]
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/add-margin"]}"#)
        let first = try await BinaryRunner.run(
            ["--base-url", server.url] + caps + [
                "-e", "local ok, e = pcall(add_margin, {symbol = 'BTCUSDT', margin = '60'}) print(e.kind)",
            ], environment: server.credentials)
        #expect(first.stdout == "outcome_unknown\n", "\(first.stderr)")
        #expect(first.stderr.contains("max margin USDT 100 per 24h (all runs of this key)"))
        let second = try await BinaryRunner.run(
            ["--base-url", server.url] + caps + ["-e", "add_margin{symbol = 'BTCUSDT', margin = '50'}"],
            environment: server.credentials)
        #expect(second.status == 3, "\(second.stderr)")
        #expect(
            second.stderr.contains(
                "adding 50 USDT would bring the total added in the last 24h to 110 USDT, over --max-margin 100 USDT per 24h (added in the window by this key's runs: 60 USDT; left: 40 USDT); nothing was sent"
            ), "\(second.stderr)")
        #expect(try addMargins(server) == ["60"], "applied once, the refused add never sent")
        // Another key's runs share the log but not its window.
        let other = try await PaperServer(apiKey: "OTHERKEY")
        let third = try await BinaryRunner.run(
            ["--base-url", other.url] + caps + ["-e", "add_margin{symbol = 'BTCUSDT', margin = '50'}"],
            environment: other.credentials)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try addMargins(other) == ["50"])
    }

    /// A cron job every minute: each run sizes its add by `bybit.guard()`, so three runs add
    /// 40, 40 and the 20 left, and a fourth adds nothing — not 4 × the cap.
    @Test func aCronLikeJobCannotAddMoreThanTheCapPerWindow() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let script = try dir.write(
            "cron.lua",
            """
            local b = require "bybit"
            local g = b.guard().margin.USDT
            local amount = g.left < 40 and g.left or b.decimal("40")
            if amount > 0 then add_margin{symbol = "BTCUSDT", margin = amount} end
            print(g.used, g.left, amount, b.guard().margin.USDT.left)
            """)
        var lines: [String] = []
        for _ in 0..<4 {
            let r = try await BinaryRunner.run(
                [
                    "--base-url", server.url, "--max-margin", "USDT=100", "--max-margin-window", "1h", "--audit-log",
                    audit, script,
                ],
                environment: server.credentials)
            #expect(r.status == 0, "\(r.stderr)")
            lines.append(r.stdout)
        }
        #expect(lines == ["0\t100\t40\t60\n", "40\t60\t40\t20\n", "80\t20\t20\t0\n", "100\t0\t0\t0\n"])
        #expect(try addMargins(server) == ["40", "40", "20"])
    }

    /// Runs sharing the log at the same instant: each checks the window and writes its
    /// intent under the log's lock, so four runs of 40 under a cap of 100 add 40 twice.
    @Test func runsAtTheSameInstantCannotBothTakeTheSameRoom() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let start = Int64(Date().timeIntervalSince1970 * 1000) + 1500
        let script = try dir.write(
            "race.lua",
            """
            local b = require "bybit"
            b.position("BTCUSDT")  -- connected before the start
            while b.now() < \(start) do end
            add_margin{symbol = "BTCUSDT", margin = "40"}
            """)
        let runs = try (0..<4).map { _ in
            let p = BinaryRunner.makeProcess(
                [
                    "--base-url", server.url, "--max-margin", "USDT=100", "--max-margin-window", "1h", "--audit-log",
                    audit, script,
                ],
                cwd: nil, environment: server.credentials)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        await offThePool { for p in runs { p.waitUntilExit() } }
        #expect(runs.map(\.terminationStatus).sorted() == [0, 0, 3, 3])
        #expect(try addMargins(server) == ["40", "40"])
    }

    @Test(arguments: [
        (["--max-margin", "USDT="], "--max-margin needs a positive amount"),
        (["--max-margin", "=5"], "--max-margin needs a coin before '='"),
        (["--max-margin", "usdt=5"], "a coin is upper-case letters and digits"),
        (["--max-margin", "USDT=-1"], "(got 'USDT=-1')"), (["--max-margin", "USDT=abc"], "(got 'USDT=abc')"),
        (["--max-margin", "USDT=1e3"], "(got 'USDT=1e3')"),
        (["--max-margin", "5", "--max-margin", "USDC=1"], "USDC is capped twice"),
        (["--max-margin", "USDT=5", "--max-margin-window", "30s"], "a duration from 1m to 90d"),
        (["--max-margin", "USDT=5", "--max-margin-window", "24"], "a duration from 1m to 90d"),
        (["--max-margin-window", "24h"], "--max-margin-window 24h needs --max-margin"),
        (["--max-margin", "USDT=5", "--max-margin-window", "24h"], "--max-margin-window needs an audit log"),
        (
            ["--max-margin", "USDT=5", "--max-margin-window", "24h", "--audit-log", "/dev/null"],
            "--max-margin-window needs an audit log it can read back, and /dev/null is not a regular file"
        ),
    ])
    func badCapsAndAWindowWithoutItsAuditLogStopBeforeAnyLuaRuns(_ options: [String], _ words: String) async throws {
        let r = try await BinaryRunner.run(options + ["-e", "io.write('RAN')"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "no Lua ran")
    }

    /// Every line names the environment, the base URL, the profile and the key's fingerprint
    /// (never the key or the secret), and writes integers as the wire does. `bybit-lua audit`
    /// reads these lines and the older ones (strings, no identity) alike.
    @Test func auditLinesNameWhoActedWithoutTheKeyAndWriteIntegers() async throws {
        let server = try await PaperServer()
        let home = try ConfigHome(profile: "desk", signingFor: server, pointed: true)
        let audit = home.scratch.path + "/audit.jsonl"
        let r = try await home.run([
            "--profile", "desk", "--audit-log", audit, "-e",
            """
            add_margin{symbol = "BTCUSDT", margin = "5", positionIdx = 0}
            set_auto_add_margin{symbol = "BTCUSDT", autoAddMargin = true}
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: audit, encoding: .utf8)
        let lines = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 4)
        for line in lines {
            #expect(line["env"] as? String == "custom" && line["baseUrl"] as? String == server.url)
            #expect(line["profile"] as? String == "desk" && line["key"] as? String == Self.e2eKeyFingerprint)
        }
        #expect(!text.contains(server.apiKey) && !text.contains(server.apiSecret))
        let add = try #require(lines[0]["params"] as? [String: Any])
        #expect(add["positionIdx"] as? Int == 0 && add["margin"] as? String == "5")
        #expect(text.contains(#""positionIdx":0"#) && text.contains(#""autoAddMargin":1"#))
        // An older line (strings, no identity) and an unpaired new one: audit lists both.
        let old =
            #"{"time":1765017062123,"id":"0ld00000-1","event":"intent","env":"testnet","endpoint":"/v5/position/set-auto-add-margin","params":{"category":"linear","symbol":"ETHUSDT","autoAddMargin":"1","positionIdx":"2"}}"#
        let unpaired = String(text.split(separator: "\n")[0])  // the add's intent, its outcome left out
        let mixed = home.scratch.path + "/mixed.jsonl"
        try (old + "\n" + unpaired + "\n").write(toFile: mixed, atomically: true, encoding: .utf8)
        let report = try await BinaryRunner.run(["audit", mixed])
        #expect(report.status == 1, "\(report.stderr)")
        #expect(
            report.stdout.contains("autoAddMargin=1") && report.stdout.contains("positionIdx=2"), "\(report.stdout)")
        #expect(report.stdout.contains("margin=5") && report.stdout.contains("positionIdx=0"), "\(report.stdout)")
        #expect(report.stderr.isEmpty, "no line was skipped: \(report.stderr)")
    }

    /// `bybit-lua types` declares `bybit.guard()` and the table it returns.
    @Test func typesDeclareTheGuardTable() async throws {
        let dir = try ScratchDirectory()
        #expect(try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path).status == 0)
        let bybit = try String(contentsOfFile: dir.path + "/types/bybit.d.lua", encoding: .utf8)
        for line in [
            "---@return bybit.Guard\nfunction bybit.guard() end",
            "---@class bybit.Guard\n---@field margin table<string, bybit.MarginAllowance>",
            "---@field window string?", "---@class bybit.MarginAllowance\n---@field cap Decimal",
            "---@field left Decimal",
        ] {
            #expect(bybit.contains(line), "\(line)")
        }
    }
}
