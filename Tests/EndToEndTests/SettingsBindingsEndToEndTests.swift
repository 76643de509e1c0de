import Foundation
import Testing

/// `bybit.set_leverage`, `trading_stop`, `switch_mode` and `set_margin_mode` through the
/// built binary against the paper exchange (default book: isolated; BTCUSDT long 1 @ 60,000
/// ×10, ETHUSDT short 10 @ 3,000 ×10, BTCUSD long; SOLUSDT flat). Where "nothing was sent"
/// matters, the exchange runs as `bybit-lua paper` and its ledger is the judge.
@Suite(.processBudget) struct SettingsBindingsEndToEndTests {
    @Test func eachSettingWorksFromAScript() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            print(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = 5, sellLeverage = "5" }.changed)
            local p = bybit.position("BTCUSDT")
            print(p.leverage, p.liqPrice)
            print(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = "5.00", sellLeverage = 5 }.changed)
            print(bybit.trading_stop{ symbol = "BTCUSDT", stopLoss = "55000", takeProfit = 70000, slTriggerBy = "MarkPrice" })
            p = bybit.position("BTCUSDT")
            print(p.stopLoss, p.takeProfit, p.tpslMode)
            print(bybit.trading_stop{ symbol = "BTCUSDT", stopLoss = 0 }, bybit.position("BTCUSDT").stopLoss:sign())
            print(bybit.trading_stop{ symbol = "BTCUSD", trailingStop = "500" }, bybit.position("BTCUSD").trailingStop)
            print(bybit.switch_mode{ symbol = "SOLUSDT", mode = "hedge" }.changed)
            print(bybit.switch_mode{ symbol = "SOLUSDT", mode = 3 }.changed)
            print(bybit.switch_mode{ coin = "USDT", mode = "one-way" }.changed)
            print(bybit.set_margin_mode("REGULAR_MARGIN").changed, bybit.account().marginMode)
            print(bybit.set_margin_mode("REGULAR_MARGIN").changed)
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "true", "5\t", "false", "true", "55000.00\t70000.00\tFull", "true\t0", "true\t500", "true", "false", "true",
            "true\tREGULAR_MARGIN", "false",
        ]
        #expect(lines.count == expected.count, "\(r.stdout)")
        for (line, start) in zip(lines, expected) { #expect(line.hasPrefix(start), "\(line) vs \(start)") }
        // leverage 5: the liquidation price moved from 54,300 (×10) away from the mark
        if lines.count > 1, let liq = Decimal(string: String(lines[1].split(separator: "\t").last ?? "")) {
            #expect(liq < 54_300, "\(lines[1])")
        }
    }

    /// Refusals made before the wire name the argument; the exchange's refusals are `api`
    /// errors with Bybit's code. The ledger has no setting changed.
    @Test func badInputAndBybitsRefusals() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        try server.control("POST", "/paper/position-mode", json: #"{"symbol": "SOLUSDT", "mode": "hedge"}"#)
        try server.control("POST", "/paper/position", json: #"{"symbol": "SOLUSDT", "side": "Buy", "size": "3"}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                local function try(f, args)
                  local ok, err = pcall(f, args)
                  if ok then print("ok") elseif type(err) == "table" then print(err.kind, err.code, err.message)
                  else print(err) end
                end
                try(bybit.set_leverage, "BTCUSDT")
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = 5 })
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = 0, sellLeverage = 0 })
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = "-2", sellLeverage = "-2" })
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = "5.001", sellLeverage = "5.001" })
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = {}, sellLeverage = 5 })
                try(bybit.set_leverage, { symbol = "NOPEUSDT", buyLeverage = 5, sellLeverage = 5 })
                try(bybit.set_leverage, { symbol = "BTCUSDT", leverage = 5 })
                try(bybit.trading_stop, { symbol = "BTCUSDT" })
                try(bybit.trading_stop, { symbol = "BTCUSDT", stopLoss = "-1" })
                try(bybit.trading_stop, { symbol = "BTCUSDT", stopLoss = 55000, slTriggerBy = "Mark" })
                try(bybit.trading_stop, { symbol = "BTCUSDT", stopLoss = 55000, tpslMode = "All" })
                try(bybit.trading_stop, { symbol = "BTCUSDT", stopLoss = 55000, positionIdx = 7 })
                try(bybit.trading_stop, { symbol = 42, stopLoss = 55000 })
                try(bybit.switch_mode, { mode = "hedge" })
                try(bybit.switch_mode, { symbol = "SOLUSDT", mode = "both" })
                try(bybit.switch_mode, { symbol = "SOLUSDT" })
                try(bybit.switch_mode, { symbol = "BTCUSD", mode = "hedge" })
                try(bybit.set_margin_mode, "cross")
                try(bybit.set_margin_mode, nil)
                -- sent, and refused by the exchange: no index in hedge mode, a switch with a position
                try(bybit.trading_stop, { symbol = "SOLUSDT", stopLoss = "100" })
                try(bybit.switch_mode, { symbol = "BTCUSDT", mode = "hedge" })
                try(bybit.set_leverage, { symbol = "BTCUSDT", buyLeverage = 500, sellLeverage = 500 })
                local p = bybit.position("BTCUSDT")
                print(p.leverage, p.stopLoss:sign(), bybit.account().marginMode)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "bad argument #1 to 'bybit.set_leverage' (table expected, got string)",
            "bad argument #1 to 'bybit.set_leverage' (field 'sellLeverage': missing",
            "bad argument #1 to 'bybit.set_leverage' (buyLeverage must be greater than zero, got 0)",
            "bad argument #1 to 'bybit.set_leverage' (buyLeverage must be greater than zero, got -2)",
            // off the leverage step: the exchange's filter (a Bybit answer), sent and refused
            "api\t10001\tparams error: buyLeverage 5.001 is not a multiple of the leverage step of BTCUSDT",
            "bad argument #1 to 'bybit.set_leverage' (field 'buyLeverage':",
            "bad argument #1 to 'bybit.set_leverage' (field 'symbol': unknown symbol 'NOPEUSDT'",
            "bad argument #1 to 'bybit.set_leverage' (unknown field 'leverage'",
            "bad argument #1 to 'bybit.trading_stop' (",
            "bad argument #1 to 'bybit.trading_stop' (stopLoss must not be negative, got -1)",
            "bad argument #1 to 'bybit.trading_stop' (slTriggerBy",
            "bad argument #1 to 'bybit.trading_stop' (tpslMode",
            "bad argument #1 to 'bybit.trading_stop' (positionIdx must be 0 (one-way), 1 (hedge buy) or 2 (hedge sell), got 7)",
            "bad argument #1 to 'bybit.trading_stop' (field 'symbol': string expected, got number)",
            "bad argument #1 to 'bybit.switch_mode' (field 'symbol' or 'coin': one of them is required)",
            "bad argument #1 to 'bybit.switch_mode' (field 'mode': \"one-way\" or \"hedge\" expected, got 'both')",
            "bad argument #1 to 'bybit.switch_mode' (field 'mode': \"one-way\" or \"hedge\" expected, got nothing)",
            "bad argument #1 to 'bybit.switch_mode' (",
            "bad argument #1 to 'bybit.set_margin_mode' (",
            "bad argument #1 to 'bybit.set_margin_mode' (string expected, got",
            "api\t10001\t",
            "api\t110024\t",
            "api\t",
            "10\t0\tISOLATED_MARGIN",
        ]
        #expect(lines.count == expected.count, "\(r.stdout)")
        for (line, words) in zip(lines, expected) { #expect(line.hasPrefix(words), "\(line)") }
        guard lines.count == expected.count else { return }
        #expect(lines[8].contains("takeProfit") && lines[8].contains("stopLoss"), "\(lines[8])")
        #expect(lines[17].contains("one-way only"), "\(lines[17])")
        #expect(lines[18].contains("cross"), "\(lines[18])")
        #expect(lines[20].contains("position idx not match position mode"), "\(lines[20])")
        let counts = try LedgerRecord.resultObject(server.control("GET", "/paper/ledger"))["counts"] as? [String: Any]
        for action in ["set-leverage", "trading-stop", "switch-mode", "set-margin-mode"] {
            #expect(jsonInt(counts?[action]) == 0, "\(action): \(String(describing: counts?[action]))")
        }
    }

    /// `--dry-run` validates and audits each setting, sends nothing and returns the request
    /// it would have sent; a real run writes an intent and an outcome line, the outcome of a
    /// "not modified" answer with its code.
    @Test func dryRunAndTheAuditLog() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let dir = try ScratchDirectory()
        let dryAudit = dir.path + "/dry.jsonl"
        let settings = """
            local bybit = require "bybit"
            local function show(t)
              if type(t) == "table" and t.dryRun then
                local keys = {}
                for k, v in pairs(t.request) do keys[#keys + 1] = k .. "=" .. tostring(v) .. ":" .. tostring(math.type(v)) end
                table.sort(keys)
                print("dry", t.flat, table.concat(keys, " "))
              else
                print("sent", type(t) == "table" and tostring(t.changed) or tostring(t))
              end
            end
            show(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = 4, sellLeverage = 4 })
            show(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = 4, sellLeverage = 4 })
            show(bybit.trading_stop{ symbol = "SOLUSDT", stopLoss = "120" })
            show(bybit.switch_mode{ coin = "USDT", mode = "hedge" })
            show(bybit.set_margin_mode("REGULAR_MARGIN"))
            """
        let dry = try await BinaryRunner.run(
            ["--base-url", server.url, "--audit-log", dryAudit, "--dry-run", "-e", settings],
            environment: server.credentials)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.split(separator: "\n").map(String.init) == [
                "dry\tnil\tbuyLeverage=4:nil category=linear:nil sellLeverage=4:nil symbol=BTCUSDT:nil",
                "dry\tnil\tbuyLeverage=4:nil category=linear:nil sellLeverage=4:nil symbol=BTCUSDT:nil",
                "dry\ttrue\tcategory=linear:nil positionIdx=0:integer stopLoss=120:nil symbol=SOLUSDT:nil tpslMode=Full:nil",
                "dry\tnil\tcategory=linear:nil coin=USDT:nil mode=3:integer",
                "dry\tnil\tsetMarginMode=REGULAR_MARGIN:nil",
            ], "\(dry.stdout)")
        let dryLines = try AuditFileLine.read(dryAudit)
        #expect(dryLines.count == 5 && dryLines.allSatisfy { $0.event == "outcome" && $0.outcome == "dry_run" })
        let counts = try LedgerRecord.resultObject(server.control("GET", "/paper/ledger"))["counts"] as? [String: Any]
        #expect(
            ["set-leverage", "trading-stop", "switch-mode", "set-margin-mode"].allSatisfy { jsonInt(counts?[$0]) == 0 })

        let audit = dir.path + "/audit.jsonl"
        let real = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                settings.replacingOccurrences(
                    of: #""SOLUSDT", stopLoss = "120""#, with: #""BTCUSDT", stopLoss = "58000""#),
            ],
            environment: server.credentials)
        #expect(
            real.stdout == "sent\ttrue\nsent\tfalse\nsent\ttrue\nsent\ttrue\nsent\ttrue\n",
            "\(real.stdout)\(real.stderr)")
        let lines = try AuditFileLine.read(audit)
        #expect(lines.map(\.event) == Array(repeating: ["intent", "outcome"], count: 5).flatMap { $0 })
        #expect(lines.filter { $0.event == "outcome" }.map(\.retCode) == [0, 110043, 0, 0, 0])
        #expect(lines.filter { $0.event == "outcome" }.allSatisfy { $0.outcome == "ok" })
        #expect(lines.map(\.endpoint).contains("/v5/account/set-margin-mode"))
    }
}
