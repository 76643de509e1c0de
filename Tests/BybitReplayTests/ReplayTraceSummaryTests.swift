import BybitWire
import Foundation
import Testing

@testable import BybitReplay

/// The stderr summary: exact figures per position, ISO-8601 UTC times, aligned columns.
@Suite struct ReplayTraceSummaryTests {
    /// The cells of the table row starting with `prefix` (cells are two or more spaces apart).
    static func cells(_ text: String, _ prefix: String) -> [String]? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The crash: 5 adds of 1,000 USDT, two reductions of 0.25, the closest approach found by
    /// brute force, the liquidation at the spike, the mutations by endpoint.
    @Test func theCrashIsSummarisedExactly() throws {
        let fixture = CrashFixture()
        let text = fixture.trace.summaryText()
        let btc = try #require(Self.cells(text, "BTCUSDT long"), "\(text)")
        #expect(fixture.adds == 5 && fixture.reductions == 2, "the fixture's guard did not act as designed")
        let closest = try #require(fixture.closest)
        let percent = try ((closest.mark - closest.liq) * 100).divided(by: closest.mark, scale: 2)
        let liquidatedMs = try #require(fixture.liquidatedAtMs)
        #expect(liquidatedMs == CrashFixture.startMs + Int64(CrashFixture.spikeSecond) * 1000)
        #expect(
            btc == [
                "BTCUSDT long", "5000 USDT", "\(percent) %", ReportFormat.iso(closest.timeMs),
                "\(closest.mark) / \(closest.liq)",
                "at 2024-08-05T01:56:40Z, mark \(CrashFixture.btcMark(CrashFixture.spikeSecond))", "5", "2 (qty 0.50)",
            ], "\(text)")
        #expect(text.contains("mutations: 7 (/v5/order/create 2, /v5/position/add-margin 5)"), "\(text)")
        #expect(text.hasPrefix("replay report: scripts/liquidation_guard.lua (seed 7)\n"), "\(text)")
        #expect(text.contains("prices: 14400 ticks from 2024-08-05T00:00:00Z to 2024-08-05T01:59:59Z"), "\(text)")
    }

    /// The short's closest approach is at ETHUSDT's highest mark (liq above the mark), and it
    /// was never liquidated nor helped.
    @Test func aShortIsClosestAtItsHighestMark() throws {
        let fixture = CrashFixture()
        let eth = try #require(Self.cells(fixture.trace.summaryText(), "ETHUSDT short"))
        let highest = (0..<CrashFixture.seconds).max { CrashFixture.ethMark($0) < CrashFixture.ethMark($1) }!
        let mark = CrashFixture.ethMark(highest)
        let liq = try ExactDecimal(parsing: "3100.5")
        let percent = try ((liq - mark) * 100).divided(by: mark, scale: 2)
        let at = ReportFormat.iso(CrashFixture.startMs + Int64(highest) * 1000)
        #expect(eth == ["ETHUSDT short", "0", "\(percent) %", at, "\(mark) / 3100.5", "no", "0", "0"], "\(eth)")
    }

    /// Each column starts at the same offset in the header and in every row.
    @Test func theTableIsAligned() throws {
        let text = CrashFixture().trace.summaryText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("position") })
        let rows = lines.filter { $0.hasPrefix("BTCUSDT") || $0.hasPrefix("ETHUSDT") }
        #expect(rows.count == 2)
        for title in ["margin added", "closest to liquidation", "at ", "mark / liq there", "liquidated", "adds"] {
            let offset = header.distance(from: header.startIndex, to: header.range(of: title)!.lowerBound)
            for row in rows {
                let index = row.index(row.startIndex, offsetBy: offset)
                #expect(row[row.index(before: index)] == " " && row[index] != " ", "\(title) in \(row)")
            }
        }
    }

    /// Times are UTC whatever the machine's zone: checked against Foundation's ISO-8601
    /// formatter over ten thousand whole seconds from 1900 to 2200, before and after the
    /// epoch (whole seconds, so the oracle's Double cannot round a millisecond).
    @Test func timesAreISO8601UTC() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Int64((state >> 20) % 9_467_280_000) - 2_208_988_800
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(ReportFormat.iso(seconds * 1000) == expected, "\(seconds)")
        }
        #expect(ReportFormat.iso(1_709_164_800_000) == "2024-02-29T00:00:00Z")
        #expect(ReportFormat.iso(-1) == "1969-12-31T23:59:59.999Z")
        #expect(ReportFormat.iso(1_722_816_000_042) == "2024-08-05T00:00:00.042Z")
    }

    /// An add or a liquidation whose side the exchange's record did not give (empty) counts
    /// for the symbol's only position instead of a phantom one.
    @Test func anEventWithoutASideBelongsToTheSymbolsOnlyPosition() {
        let trace = ReplayTrace(script: "s.lua", seed: 1)
        trace.mark(PriceTick(timeMs: 0, symbol: "BTCUSDT", mark: 60_000))
        trace.position(
            timeMs: 0, symbol: "BTCUSDT", side: "Buy", size: 1, liqPrice: 54_300, positionIM: 6000, mark: 60_000)
        trace.marginAdded(timeMs: 1000, symbol: "BTCUSDT", side: "", amount: 250, coin: "USDT")
        trace.liquidated(timeMs: 2000, symbol: "BTCUSDT", side: "", mark: 54_000)
        let text = trace.summaryText()
        let btc = Self.cells(text, "BTCUSDT")
        #expect(btc?.first == "BTCUSDT long", "\(text)")
        #expect(btc?[1] == "250 USDT", "\(text)")
        #expect(btc?[5] == "at 1970-01-01T00:00:02Z, mark 54000", "\(text)")
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("BTCUSDT") }.count == 1, "\(text)")
    }

    /// A run where no position was ever open says so, and a run with no tick says that.
    @Test func anEmptyRunSaysSo() {
        let text = ReplayTrace(script: "idle.lua", seed: 0).summaryText()
        #expect(text.contains("prices: no tick was applied"), "\(text)")
        #expect(text.contains("positions: none was open during the replay"), "\(text)")
        #expect(text.contains("mutations: 0"), "\(text)")
    }
}
