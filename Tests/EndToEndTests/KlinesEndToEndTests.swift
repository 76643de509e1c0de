import Foundation
import Testing

/// `bybit-lua klines` against `bybit-lua paper` over loopback: candles come out oldest
/// first as CSV, paged at Bybit's 1,000-row limit without a gap or a repeat at the page
/// boundaries; bad input exits 2 and prints no CSV.
@Suite(.processBudget) struct KlinesEndToEndTests {
    /// 2024-08-05T00:00:00Z.
    static let t0: Int64 = 1_722_816_000_000

    static func klines(_ server: PaperServer, _ arguments: [String]) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(["klines", "--base-url", server.url] + arguments)
    }

    @Test func twoThousandFiveHundredMinutesComeOutOldestFirstAcrossThreePages() async throws {
        let server = try await PaperServer()
        let to = Self.t0 + 2500 * 60_000
        let r = try await Self.klines(
            server, ["--symbol", "BTCUSDT", "--interval", "1", "--from", "2024-08-05", "--to", String(to), "--mark"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "startTime,symbol,open,high,low,close")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 2500)
        #expect(rows.map { Int64($0[0]) } == (0..<2500).map { Self.t0 + Int64($0) * 60_000 })
        #expect(rows.allSatisfy { $0.count == 6 && $0[1] == "BTCUSDT" })
        // Each candle opens where the one before closed (the synthetic path is continuous),
        // and the high and low enclose open and close.
        for (previous, row) in zip(rows, rows.dropFirst()) { #expect(row[2] == previous[5], "\(row[0])") }
        for row in rows {
            let (o, h, l, c) = (Double(row[2])!, Double(row[3])!, Double(row[4])!, Double(row[5])!)
            #expect(l <= min(o, c) && h >= max(o, c), "\(row)")
        }

        // A range across the first page boundary reads the same rows.
        let slice = try await Self.klines(
            server,
            [
                "--symbol", "BTCUSDT", "--interval", "1", "--mark", "--from", String(Self.t0 + 990 * 60_000), "--to",
                String(Self.t0 + 1010 * 60_000),
            ])
        #expect(slice.status == 0)
        #expect(Array(slice.stdout.split(separator: "\n").dropFirst().map(String.init)) == Array(lines[991...1010]))
    }

    @Test func tradedKlinesCarryVolumeAndTurnoverAndISOTimesAreAccepted() async throws {
        let server = try await PaperServer()
        let r = try await Self.klines(
            server,
            [
                "--symbol", "BTCUSD", "--category", "inverse", "--interval", "D", "--from", "2024-08-01T00:00:00Z",
                "--to", "2024-08-08",
            ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "startTime,symbol,open,high,low,close,volume,turnover")
        #expect(lines.count == 8)
        #expect(lines[1].hasPrefix("1722470400000,BTCUSD,") && lines[1].hasSuffix(",0,0"))
    }

    @Test func badInputExitsTwoAndPrintsNoCSV() async throws {
        let server = try await PaperServer()
        let base = ["--interval", "1", "--from", "2024-08-05", "--to", "2024-08-06"]
        let unknown = try await Self.klines(server, ["--symbol", "DOGEUSDT"] + base)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("Not supported symbols: 'DOGEUSDT' is not listed"))
        let cases: [([String], String)] = [
            (["--symbol", "BTCUSDT", "--interval", "2", "--from", "2024-08-05"], "--interval must be one of"),
            (["--symbol", "BTCUSDT", "--interval", "1", "--from", "1722816000"], "looks like seconds"),
            (["--symbol", "BTCUSDT", "--interval", "1", "--from", "yesterday"], "'yesterday' is not a time"),
            (
                ["--symbol", "BTCUSDT", "--interval", "1", "--from", "2024-08-06", "--to", "2024-08-05"],
                "is not before --to"
            ),
            (["--interval", "1", "--from", "2024-08-05"], "Missing expected argument '--symbol"),
            (["--symbol", "btc usdt"] + base, "symbol"),
            (["--symbol", "BTCUSDT", "--category", "option"] + base, "category"),
        ]
        for (arguments, message) in cases {
            let r = try await Self.klines(server, arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
