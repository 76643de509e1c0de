import Foundation
import Testing

/// `bybit-lua replay`, run as a subprocess: the guard over the bundled crash, the virtual
/// clock as every time source a script can reach sees it, the end of the history, the
/// report's determinism, and bad input (exit 2, the script never runs).
/// Serialized: each replay of the bundled crash is ≈ 30 s of a debug build's CPU, and one at
/// a time leaves the other core of a 2-core machine to the rest of the suite.
@Suite(.serialized, .processBudget) struct ReplayEndToEndTests {
    private static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `timestamp,symbol,markPrice` rows every `stepMs` from 2024-08-05T00:00:00Z.
    private static func prices(_ marks: [String], symbol: String = "BTCUSDT", stepMs: Int64 = 1000) -> String {
        var text = "timestamp,symbol,markPrice\n"
        for (i, m) in marks.enumerated() { text += "\(1_722_816_000_000 + Int64(i) * stepMs),\(symbol),\(m)\n" }
        return text
    }

    @Test func theGuardOverTheBundledCrashAddsMarginAndIsNotLiquidated() async throws {
        let dir = try ScratchDirectory()
        let report = dir.path + "/report.html"
        let r = try await BinaryRunner.run(
            [
                "replay", "scripts/liquidation_guard.lua", "3", "8", "0", "10", "--prices", "scripts/crash.csv",
                "--report", report,
            ], cwd: Self.root, limit: 600)
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        // the guard's own log: margin added on ticks of the crash, in virtual time (2024-08-05)
        #expect(r.stderr.contains("msg=\"added margin\""))
        #expect(r.stderr.contains("time=2024-08-05T"))
        let summary = r.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("BTCUSDT long") }
        #expect(summary.count == 1, "\(r.stderr.suffix(1500))")
        let row = summary.first ?? ""
        #expect(row.contains("USDT") && !row.contains(" 0 "), "\(row)")
        #expect(row.contains(" no "), "the guarded long is not liquidated: \(row)")
        #expect(r.stderr.contains("/v5/position/add-margin"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg"))
    }

    @Test func withoutTheGuardTheCrashLiquidatesTheLong() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.write(
            "idle.lua", "local bybit = require 'bybit'\nfor _ in bybit.events{ positions = true } do end\n")
        let r = try await BinaryRunner.run(
            ["replay", script, "--prices", Self.root + "/scripts/crash.csv"], limit: 600)
        #expect(r.status == 0, "\(r.stderr.suffix(1500))")
        let row = r.stderr.components(separatedBy: "\n").first { $0.hasPrefix("BTCUSDT long") } ?? ""
        #expect(row.contains("2024-08-05T"), "\(row)")
        #expect(!row.contains(" no "), "nothing guarded it: it is liquidated: \(row)")
    }

    @Test func twoRunsWriteTheSameReportByteForByte() async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(["60000", "59000", "57000", "55500", "56000", "58000"]))
        let script = try dir.write(
            "g.lua",
            """
            local bybit, margin = require "bybit", require "bybit.margin"
            for ev in bybit.events{ tickers = { "BTCUSDT" }, positions = true } do
              if ev.type == "ticker" then
                local p = bybit.position{ symbol = "BTCUSDT" }
                if p and margin.distance_pct(p) < D"8" then bybit.add_margin{ symbol = "BTCUSDT", margin = "500" } end
              end
            end
            """)
        var reports: [Data] = []
        for n in 1...2 {
            let out = dir.path + "/r\(n).html"
            let r = try await BinaryRunner.run(["replay", script, "--prices", csv, "--seed", "7", "--report", out])
            #expect(r.status == 0, "\(r.stderr)")
            reports.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(reports[0] == reports[1])
        #expect(String(decoding: reports[0], as: UTF8.self).contains("2024-08-05"))
    }

    /// An order the script names no `orderLinkId` for gets one made from the virtual clock
    /// and `--seed`: two runs print the same ids, another seed other ones.
    @Test func generatedOrderLinkIdsFollowTheVirtualClockAndTheSeed() async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(Array(repeating: "60000", count: 120)))
        let script = try dir.write(
            "o.lua",
            """
            local bybit = require "bybit"
            for i = 1, 2 do
              local r = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.001", category = "linear" }
              print(r.orderLinkId)
              bybit.sleep(30)
            end
            """)
        var outputs: [String] = []
        for seed in ["7", "7", "8"] {
            let r = try await BinaryRunner.run(["replay", script, "--prices", csv, "--seed", seed])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(r.stdout)
        }
        let ids = outputs[0].split(separator: "\n").map(String.init)
        #expect(ids.count == 2 && Set(ids).count == 2, "\(outputs[0])")
        #expect(outputs[0] == outputs[1], "the same seed, the same ids")
        #expect(outputs[2] != outputs[0] && outputs[2].split(separator: "\n").count == 2, "another seed, other ids")
        // bl-<virtual ms in base 36>-<12>: the first at the history's start, the second 30 s on
        let start = String(1_722_816_000_000, radix: 36)
        let later = String(1_722_816_030_000, radix: 36)
        #expect(ids.first?.hasPrefix("bl-\(start)-") == true && ids.last?.hasPrefix("bl-\(later)-") == true, "\(ids)")
        #expect(ids.allSatisfy { $0.count == 3 + start.count + 1 + 12 })
    }

    @Test func everyTimeSourceFollowsTheVirtualClock() async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(Array(repeating: "60000", count: 200)))
        let script = try dir.write(
            "clock.lua",
            """
            local bybit = require "bybit"
            print("now", bybit.now(), os.time(), os.date("!%Y-%m-%dT%H:%M:%S"), os.clock())
            bybit.sleep(60)
            print("slept", bybit.now(), os.time(), os.date("!%H:%M:%S"), os.clock())
            local timers = 0
            for ev in bybit.events{ every = 10 } do
              timers = timers + 1
              print("timer", bybit.now())
              if timers == 2 then break end
            end
            local ticks = 0
            for ev in bybit.events{ tickers = { "BTCUSDT" }, every = 30 } do
              if ev.type == "ticker" then ticks = ticks + 1 end
              if ev.type == "timer" then print("ticks", ticks, bybit.now()); break end
            end
            print("date of a given time", os.date("!%Y", 0), os.time{ year = 2000, month = 1, day = 1, hour = 0 } ~= nil)
            """)
        let r = try await BinaryRunner.run(["replay", script, "--prices", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "now\t1722816000000\t1722816000\t2024-08-05T00:00:00\t0.0", "\(lines)")
        #expect(lines.dropFirst().first == "slept\t1722816060000\t1722816060\t00:01:00\t60.0", "\(lines)")
        #expect(lines.contains("timer\t1722816070000") && lines.contains("timer\t1722816080000"), "\(lines)")
        // a ticker per row for 30 s (rows at 80 s … 109 s), then the timer at 110 s
        #expect(lines.contains("ticks\t30\t1722816110000"), "\(lines)")
        #expect(lines.last == "date of a given time\t1970\ttrue", "\(lines)")
    }

    @Test func theEndOfTheHistoryEndsTheLoopThenTheRun() async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(["60000", "60010", "60020"]))
        let script = try dir.write(
            "end.lua",
            """
            local bybit = require "bybit"
            local n = 0
            for ev in bybit.events{ tickers = { "BTCUSDT" } } do n = n + 1 end
            print("loop ended after", n, bybit.now())
            bybit.sleep(1)
            print("never printed")
            """)
        let r = try await BinaryRunner.run(["replay", script, "--prices", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "loop ended after\t3\t1722816002000\n")
    }

    @Test func aScriptThatNeverSubscribesRunsOnItsSleeps() async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(["60000", "58000", "52000", "51000"], stepMs: 60_000))
        let script = try dir.write(
            "poll.lua",
            """
            local bybit = require "bybit"
            while true do
              local p = bybit.position{ symbol = "BTCUSDT" }
              print(os.date("!%H:%M", os.time()), p and tostring(p.markPrice) or "closed")
              bybit.sleep(60)
            end
            """)
        let r = try await BinaryRunner.run(["replay", script, "--prices", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("00:00\t60000.00\n00:01\t58000.00\n"), "\(r.stdout)")
        // liquidated at 00:02 (no margin added); polled once more at 00:03, the last row
        #expect(r.stdout.hasSuffix("00:02\tclosed\n00:03\tclosed\n"), "one line per minute of history: \(r.stdout)")
    }

    @Test(arguments: [
        ("unsorted", "timestamp,symbol,markPrice\n1722816001000,BTCUSDT,60000\n1722816000000,BTCUSDT,60000\n"),
        ("duplicate", "timestamp,symbol,markPrice\n1722816000000,BTCUSDT,60000\n1722816000000,BTCUSDT,60001\n"),
        ("unknown symbol", "timestamp,symbol,markPrice\n1722816000000,NOPEUSDT,60000\n"),
        ("zero price", "timestamp,symbol,markPrice\n1722816000000,BTCUSDT,60000\n1722816001000,BTCUSDT,0\n"),
        ("negative price", "timestamp,symbol,markPrice\n1722816000000,BTCUSDT,-5\n"),
        (
            "mixed formats",
            "timestamp,symbol,markPrice\n1722816000000,BTCUSDT,60000\n1722816001000,60000,60100,59900,60050\n"
        ),
        ("empty", ""),
    ])
    func badPricesExitTwoAndRunNothing(_ c: (String, String)) async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("bad.csv", c.1)
        let marker = dir.path + "/ran"
        let script = try dir.write("s.lua", "io.open(\"\(marker)\", \"w\"):close()\nprint('RAN')\n")
        let run = try await BinaryRunner.run(["replay", "--allow-write", dir.path, script, "--prices", csv])
        #expect(run.status == 2, "\(c.0): \(run.stderr)")
        #expect(run.stderr.contains("replay: "), "\(c.0): \(run.stderr)")
        #expect(!run.stdout.contains("RAN") && !FileManager.default.fileExists(atPath: marker), "\(c.0)")
    }

    @Test(arguments: [
        ["--speed", "0"], ["--speed", "fast"], ["--from", "yesterday"], ["--to", "1722816000"], ["--seed", "-1"],
        ["--candle-path", "sideways"], ["--prices", "/nonexistent/prices.csv"], ["--env", "mainnet"],
    ])
    func badArgumentsExitTwo(_ extra: [String]) async throws {
        let dir = try ScratchDirectory()
        let csv = try dir.write("p.csv", Self.prices(["60000"]))
        let script = try dir.write("s.lua", "print('RAN')\n")
        let args =
            extra.first == "--env"
            ? ["replay"] + extra + [script, "--prices", csv] : ["replay", script, "--prices", csv] + extra
        let r = try await BinaryRunner.run(args)
        #expect(r.status == 2, "\(extra): \(r.stderr)")
        #expect(!r.stdout.contains("RAN"))
    }

    @Test func noPricesIsAUsageError() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.write("s.lua", "print('RAN')\n")
        let r = try await BinaryRunner.run(["replay", script])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--prices"))
        #expect(r.stdout.isEmpty)
    }
}
