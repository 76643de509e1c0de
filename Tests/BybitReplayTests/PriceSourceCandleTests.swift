import BybitWire
import Testing

@testable import BybitReplay

/// Kline rows become four ticks each, at 0, ¼, ½ and ¾ of the interval, visiting both
/// extremes in the order the candle path says.
@Suite struct PriceSourceCandleTests {
    static let klines = """
        startTime,open,high,low,close,volume,turnover
        1722816000000,60000,60500,59000,60200,1,1
        1722816060000,60200,60300,58000,58500,1,1
        """

    @Test func aRisingCandleVisitsTheLowFirstAndAFallingOneTheHigh() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write("BTCUSDT-1m.csv", Self.klines)
        let ticks = try drain(PriceSource(files: [path], candlePath: .standard, from: nil, to: nil))
        #expect(
            ticks == [
                "1722816000000 BTCUSDT 60000", "1722816015000 BTCUSDT 59000", "1722816030000 BTCUSDT 60500",
                "1722816045000 BTCUSDT 60200",
                "1722816060000 BTCUSDT 60200", "1722816075000 BTCUSDT 60300", "1722816090000 BTCUSDT 58000",
                "1722816105000 BTCUSDT 58500",
            ])
    }

    @Test func adverseLongVisitsTheHighThenTheLowAndAdverseShortTheOpposite() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write("BTCUSDT.csv", Self.klines)
        let long = try drain(PriceSource(files: [path], candlePath: .adverseLong, from: nil, to: nil))
        #expect(
            long.map { $0.split(separator: " ")[2] } == [
                "60000", "60500", "59000", "60200", "60200", "60300", "58000", "58500",
            ])
        let short = try drain(PriceSource(files: [path], candlePath: .adverseShort, from: nil, to: nil))
        #expect(
            short.map { $0.split(separator: " ")[2] } == [
                "60000", "59000", "60500", "60200", "60200", "58000", "60300", "58500",
            ])
    }

    @Test func theSymbolComesFromAColumnOrTheFileNamesLeadingLettersAndDigits() throws {
        #expect(PriceFileLayout.symbol(fromFileName: "/tmp/x/BTCUSDT.csv") == "BTCUSDT")
        #expect(PriceFileLayout.symbol(fromFileName: "ethusdt-1m.csv") == "ETHUSDT")
        #expect(PriceFileLayout.symbol(fromFileName: "SOLUSDT_2024-08-05.csv") == "SOLUSDT")
        #expect(PriceFileLayout.symbol(fromFileName: "2024-08-05.csv") == nil)
        let files = try PriceFiles()
        defer { files.remove() }
        // A symbol column: several symbols in one file, interleaved by time.
        let two = try files.write(
            "two.csv",
            "startTime,symbol,open,high,low,close\n1722816000000,ETHUSDT,3000,3000,2900,2950\n"
                + "1722816000000,SOLUSDT,150,151,149,150\n1722816060000,ETHUSDT,2950,2960,2940,2960\n"
                + "1722816060000,SOLUSDT,150,150,150,150\n")
        let source = try PriceSource(files: [two], candlePath: .standard, from: nil, to: nil)
        let ticks = try drain(source)
        #expect(ticks.count == 16)
        #expect(
            ticks.prefix(4) == [
                "1722816000000 ETHUSDT 3000", "1722816000000 SOLUSDT 150", "1722816015000 ETHUSDT 3000",
                "1722816015000 SOLUSDT 149",
            ])
        #expect(source.symbols == ["ETHUSDT", "SOLUSDT"])
    }

    @Test func whatBybitLuaKlinesWritesReplaysUnderAnyFileName() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write(
            "btc.csv",
            "startTime,symbol,open,high,low,close,volume,turnover\n"
                + "1722816000000,BTCUSDT,60000.10,60010.00,59990.00,60005.00,0,0\n"
                + "1722816060000,BTCUSDT,60005.00,60005.00,59900.00,59950.50,0,0\n")
        let source = try PriceSource(files: [path], candlePath: .standard, from: nil, to: nil)
        #expect(try drain(source).last == "1722816105000 BTCUSDT 59950.50")
        #expect(source.symbols == ["BTCUSDT"])
    }

    @Test func aMissingCandleIsAGapButASecondIntervalIsRefused() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let gap = try files.write(
            "BTCUSDT.csv", "1722816000000,1,1,1,1\n1722816060000,2,2,2,2\n1722816180000,3,3,3,3\n")
        #expect(try drain(PriceSource(files: [gap], candlePath: .standard, from: nil, to: nil)).count == 12)
        let mixed = try files.write(
            "ETHUSDT.csv", "1722816000000,1,1,1,1\n1722816060000,2,2,2,2\n1722816090000,3,3,3,3\n")
        #expect(sourceError([mixed])?.hasPrefix("\(mixed):3: ETHUSDT's candle starts 30000 ms after") == true)
        #expect(sourceError([mixed])?.contains("the file's interval, 60000 ms (lines 1–2)") == true)
    }

    @Test func oneCandleHasNoIntervalAndAHighBelowTheCloseIsRefused() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let one = try files.write("BTCUSDT.csv", "startTime,open,high,low,close\n1722816000000,1,2,1,2\n")
        #expect(
            sourceError([one])
                == "\(one):2: only one candle for BTCUSDT, so its interval is unknown: the interval is the gap between consecutive startTimes, and a kline file needs two rows of a symbol"
        )
        let bad = try files.write("ETHUSDT.csv", "1722816000000,100,105,95,106\n1722816060000,1,1,1,1\n")
        #expect(
            sourceError([bad])
                == "\(bad):1: candle open 100 high 105 low 95 close 106: the high and low must enclose open and close")
    }

    @Test func theCandlePathChoosesTheOrderOfTheExtremes() {
        let (o, h, l, c): (ExactDecimal, ExactDecimal, ExactDecimal, ExactDecimal) = (10, 12, 8, 11)
        #expect(CandlePath.standard.points(open: o, high: h, low: l, close: c) == [10, 8, 12, 11])
        #expect(CandlePath.standard.points(open: c, high: h, low: l, close: o) == [11, 12, 8, 10])
        #expect(CandlePath.standard.points(open: o, high: h, low: l, close: o) == [10, 8, 12, 10])
        #expect(CandlePath.adverseLong.points(open: o, high: h, low: l, close: c) == [10, 12, 8, 11])
        #expect(CandlePath.adverseShort.points(open: c, high: h, low: l, close: o) == [11, 8, 12, 10])
        #expect(CandlePath.offsets(intervalMs: 60_000) == [0, 15_000, 30_000, 45_000])
    }
}
