import Foundation
import Testing

/// The Lua surface through the built binary: example strategies, guards, the audit
/// log, error kinds, environments and credentials.
@Suite(.serialized, .processBudget) struct BindingsEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func liquidationGuardActsOnThePaperExchange() async throws {
        let r = try await BinaryRunner.run(["scripts/liquidation_guard.lua"], cwd: Self.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("paper exchange at http://127.0.0.1:"))
        #expect(r.stderr.contains(#"level=info msg="added margin""#))
        #expect(r.stdout.contains("liquidation_guard: 8 rounds on paper; added "))
        #expect(!r.stdout.contains("added 0 USDT"))
    }

    @Test func autoMarginPolicyAndReleaseRunOutOfTheBox() async throws {
        let policy = try await BinaryRunner.run(["scripts/auto_margin_policy.lua"], cwd: Self.root)
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.contains("auto_margin_policy: 2 change(s) on paper"))
        let release = try await BinaryRunner.run(["scripts/release_excess_margin.lua"], cwd: Self.root)
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stdout.contains("BTCUSDT  released "))
    }

    @Test func maxMarginGuardStopsTheRunWithExit3AndSendsNothing() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run([
            "--max-margin", "100", "--audit-log", audit, "-e",
            """
            add_margin{symbol = "BTCUSDT", margin = "60"}
            print("liq", require("bybit").position("BTCUSDT").liqPrice)
            add_margin{symbol = "BTCUSDT", margin = "50"}
            print("not reached")
            """,
        ])
        #expect(r.status == 3)
        #expect(r.stdout == "liq\t54240.00\n")
        #expect(
            r.stderr.contains(
                "guard error on /v5/position/add-margin: adding 50 USDT would bring this run's total to 110 USDT, over --max-margin 100"
            ))
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains(#""event":"intent""#) }  // the write-ahead intent before each send
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"outcome\":\"ok\"") && lines[0].contains("\"margin\":\"60\""))
        #expect(lines[1].contains("\"outcome\":\"guard\"") && lines[1].contains("\"margin\":\"50\""))
    }

    @Test func dryRunValidatesAuditsAndSendsNothing() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run([
            "--dry-run", "--audit-log", audit, "-e",
            """
            local r = add_margin{symbol = "BTCUSDT", margin = 25.5}
            print(r.dryRun, r.request.symbol, r.request.margin)
            local s = set_auto_add_margin{symbol = "BTCUSDT", autoAddMargin = true}
            print(s.dryRun, s.request.autoAddMargin)
            print(require("bybit").position("BTCUSDT").liqPrice)
            print(pcall(add_margin, {symbol = "BTCUSDT", margin = "1.00001"}))
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out[0] == "true\tBTCUSDT\t25.5")
        #expect(out[1] == "true\t1")
        #expect(out[2] == "54300.00")  // unchanged: nothing was sent
        #expect(out[3].hasPrefix("false\t") && out[3].contains("decimals"))
        let audited = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(audited.components(separatedBy: "\"outcome\":\"dry_run\"").count == 3)
    }

    @Test func customBaseURLSignsEveryRequestAndNeverShowsTheSecret() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "--verbose", "-e",
                """
                local b = require "bybit"
                print(b.env, os.getenv("BYBIT_API_SECRET"), os.getenv("BYBIT_API_KEY"))
                local p = add_margin{symbol = "BTCUSDT", margin = "100"}
                print(p.liqPrice)
                local ok, e = pcall(add_margin, {symbol = "SOLUSDT", margin = "1"})
                print(e.kind, e.code)
                local f = io.open("/proc/self/environ", "rb")
                local env = f and f:read("a") or ""
                print("environ mentions secret:", env:find("\(server.apiSecret)", 1, true) ~= nil)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("custom\tnil\tE2EKEY\n54200.00\napi\t110033\nenviron mentions secret:\tfalse\n"))
        #expect(r.stderr.contains("bybit-lua: custom at \(server.url)"))
        let audited = try String(contentsOfFile: audit, encoding: .utf8)
        for text in [r.stdout, r.stderr, audited] {
            #expect(!text.contains(server.apiSecret))
            #expect(!text.lowercased().contains("x-bapi-sign:"))
        }
        #expect(audited.contains("\"env\":\"custom\""))
        #expect(audited.contains("\"retCode\":110033"))
        // A wrong secret: the server says so (10004), as an api error.
        let wrong = try await BinaryRunner.run(
            ["--base-url", server.url, "-e", "add_margin{symbol='BTCUSDT', margin='1'}"],
            environment: ["BYBIT_API_KEY": server.apiKey, "BYBIT_API_SECRET": "wrong"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("api error 10004"))
    }

    @Test func mutationsWhoseOutcomeIsUnknownAreNeverResent() async throws {
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/add-margin"]}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local ok, e = pcall(add_margin, {symbol = "BTCUSDT", margin = "100"})
                print(e.kind, #e.positions, e.positions[1].liqPrice, e.request.margin)
                """,
            ], environment: server.credentials)
        #expect(r.stdout == "outcome_unknown\t1\t54200.00\t100\n", "\(r.stderr)")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(ledger.contains("\"counts\":{\"add-margin\":1,"), "applied exactly once: \(ledger)")
        try server.control("POST", "/paper/faults", json: #"{"serverError": 1, "paths": ["/v5/position/add-margin"]}"#)
        let s = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                "local ok, e = pcall(add_margin, {symbol='BTCUSDT', margin='1'}) print(e.kind, e.code)",
            ],
            environment: server.credentials)
        #expect(s.stdout == "outcome_unknown\t10016\n", "\(s.stderr)")
    }

    /// A silent reply: a read is retried once then fails as `timeout`; a mutation that
    /// was written becomes `outcome_unknown` and is not re-sent.
    @Test func timeouts() async throws {
        let server = try await PaperServer()
        try server.control("POST", "/paper/faults", json: #"{"latencyMs": 1500}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--read-timeout", "0.3", "-e",
                """
                local b = require "bybit"
                local ok, e = pcall(b.ticker, "BTCUSDT")
                print(e.kind)
                -- with its category, so the delay meets the mutation, not the category lookup
                ok, e = pcall(add_margin, {category = "linear", symbol = "BTCUSDT", margin = "5"})
                print(e.kind)
                """,
            ], environment: server.credentials)
        #expect(r.stdout.hasPrefix("timeout\noutcome_unknown\n"), "\(r.stderr)")
        try server.control("DELETE", "/paper/faults")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(!ledger.contains("\"add-margin\":2"), "never re-sent: \(ledger)")
    }

    @Test func networkErrorsAreTheirOwnKind() async throws {
        let r = try await BinaryRunner.run(
            [
                "--base-url", "http://127.0.0.1:1", "-e",
                "local ok, e = pcall(add_margin, {symbol='BTCUSDT', margin='1'}) print(e.kind, tostring(e):sub(1, 20))",
            ],
            environment: ["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"])
        #expect(r.stdout == "network\tbybit: network error\n", "\(r.stderr)")
    }

    @Test func realEnvironmentsNeedCredentialsAndMainnetSaysSoLoudly() async throws {
        var env = ProcessInfo.processInfo.environment
        env["BYBIT_API_KEY"] = nil
        let missing = try await BinaryRunner.run(
            ["--env", "testnet", "-e", "print(1)"], environment: ["BYBIT_API_KEY": ""])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("testnet needs API credentials: set BYBIT_API_KEY and BYBIT_API_SECRET"))
        #expect(missing.stdout == "")
        let main = try await BinaryRunner.run(
            ["--env", "mainnet", "-e", "print(require('bybit').env)"],
            environment: ["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"])
        #expect(main.status == 0)
        #expect(main.stderr.hasPrefix("bybit-lua: *** MAINNET *** https://api.bybit.com"))
        #expect(main.stdout == "mainnet\n")
        let both = try await BinaryRunner.run(["--env", "testnet", "--base-url", "http://127.0.0.1:9", "-e", ""])
        #expect(both.status == 2)
        let insecure = try await BinaryRunner.run(
            ["--base-url", "http://example.com", "-e", ""],
            environment: ["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"])
        #expect(insecure.status == 2)
        #expect(insecure.stderr.contains("--base-url"))
    }

    @Test func profilesReadableByOthersAreRefused() async throws {
        let server = try await PaperServer()
        let home = try ScratchDirectory()
        let config = try home.write(
            ".config/bybit-lua/config.toml",
            """
            # desk credentials
            [profile.desk]
            base_url = "\(server.url)"
            api_key = "\(server.apiKey)"
            api_secret = "\(server.apiSecret)"
            """)
        chmod(config, 0o644)
        let env = ["HOME": home.path, "XDG_CONFIG_HOME": ""]
        let refused = try await BinaryRunner.run(["--profile", "desk", "-e", "print(1)"], environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is readable by others (mode 644)"))
        chmod(config, 0o600)
        let ok = try await BinaryRunner.run(
            ["--profile", "desk", "-e", "print(add_margin{symbol='BTCUSDT', margin='1'}.liqPrice)"], environment: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "54299.00\n")
        let unknown = try await BinaryRunner.run(["--profile", "nope", "-e", ""], environment: env)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no profile 'nope'"))
    }
}
