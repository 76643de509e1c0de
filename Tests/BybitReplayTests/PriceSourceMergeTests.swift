import BybitWire
import Testing

@testable import BybitReplay

/// Several files merge by time; `from`/`to` cut the history; a symbol split across files
/// must not overlap.
@Suite struct PriceSourceMergeTests {
    @Test func filesMergeByTimeThenSymbol() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let eth = try files.write("eth.csv", "1722816000000,ETHUSDT,3000\n1722816002000,ETHUSDT,2990\n")
        let btc = try files.write(
            "BTCUSDT-1m.csv",
            "startTime,open,high,low,close\n1722816000000,60000,60000,59000,59500\n"
                + "1722816004000,59500,59500,59500,59500\n")
        let source = try PriceSource(files: [eth, btc], candlePath: .standard, from: nil, to: nil)
        #expect(source.symbols == ["ETHUSDT", "BTCUSDT"])
        #expect(
            try drain(source) == [
                "1722816000000 BTCUSDT 60000", "1722816000000 ETHUSDT 3000", "1722816001000 BTCUSDT 60000",
                "1722816002000 BTCUSDT 59000", "1722816002000 ETHUSDT 2990", "1722816003000 BTCUSDT 59500",
                "1722816004000 BTCUSDT 59500", "1722816005000 BTCUSDT 59500", "1722816006000 BTCUSDT 59500",
                "1722816007000 BTCUSDT 59500",
            ])
    }

    @Test func fromIsInclusiveAndToExclusive() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        var body = ""
        for s in 0..<10 { body += "\(1_722_816_000_000 + Int64(s) * 1000),BTCUSDT,\(60000 + s)\n" }
        let path = try files.write("p.csv", body)
        let ticks = try drain(
            PriceSource(files: [path], candlePath: .standard, from: 1_722_816_002_000, to: 1_722_816_005_000))
        #expect(ticks == ["1722816002000 BTCUSDT 60002", "1722816003000 BTCUSDT 60003", "1722816004000 BTCUSDT 60004"])
        #expect(
            sourceError([path], from: 1_722_816_020_000)
                == "no prices from 2024-08-05T00:00:20.000Z in \(path)")
        #expect(
            sourceError([path], from: 5, to: 5)
                == "--from 1970-01-01T00:00:00.005Z is not before --to 1970-01-01T00:00:00.005Z: nothing to replay")
    }

    @Test func rowsAfterToAreNotReadSoTheyCannotFailTheRun() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write("p.csv", "1722816000000,BTCUSDT,1\n1722816001000,BTCUSDT,2\nnot,a,row\n")
        #expect(sourceError([path]) != nil)
        #expect(sourceError([path], to: 1_722_816_001_000) == nil)
    }

    @Test func aSymbolSplitAcrossOverlappingFilesIsRefused() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let a = try files.write("a.csv", "1722816000000,BTCUSDT,1\n1722816002000,BTCUSDT,2\n")
        let b = try files.write("b.csv", "1722816001000,BTCUSDT,3\n")
        #expect(
            sourceError([a, b])
                == "\(a):2: BTCUSDT at 2024-08-05T00:00:02.000Z overlaps \(b) (line 1, 2024-08-05T00:00:01.000Z): a symbol may be split across files only if they do not overlap in time"
        )
        let c = try files.write("c.csv", "1722816003000,BTCUSDT,3\n")
        #expect(try drain(PriceSource(files: [c, a], candlePath: .standard, from: nil, to: nil)).count == 3)
    }
}
