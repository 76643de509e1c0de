import BybitWire
import Testing

@testable import BybitReplay

/// Bad price files are refused with `file:line: why`, before or as the replay reads them.
@Suite struct PriceSourceValidationTests {
    static let header = "timestamp,symbol,markPrice\n"

    /// The error for a tick file holding `body`.
    static func error(_ body: String, name: String = "prices.csv", listed: Set<String>? = nil) throws -> String? {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write(name, body)
        return sourceError([path], listed: listed).map { $0.replacingOccurrences(of: path, with: name) }
    }

    @Test func ticksInMillisecondsOrISOTimesWithCommentsAndNoHeaderAreRead() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let path = try files.write(
            "p.csv",
            "# synthetic\n\n1722816000000,BTCUSDT,60000.5\n2024-08-05T00:00:01Z,BTCUSDT,59999\n"
                + "2024-08-05T00:00:01.250+00:00,ETHUSDT,3000\r\n2024-08-05 00:00:02,BTCUSDT,1\n")
        #expect(sourceError([path]) != nil)  // a space instead of T still needs the zone
        let good = try files.write(
            "q.csv",
            "# synthetic\n\n1722816000000,BTCUSDT,60000.5\n2024-08-05T00:00:01Z,BTCUSDT,59999\n"
                + "2024-08-05T00:00:01.250+00:00,ETHUSDT,3000\r\n2024-08-05 00:00:02Z, BTCUSDT ,\"1\"\n")
        #expect(
            try drain(PriceSource(files: [good], candlePath: .standard, from: nil, to: nil)) == [
                "1722816000000 BTCUSDT 60000.5", "1722816001000 BTCUSDT 59999", "1722816001250 ETHUSDT 3000",
                "1722816002000 BTCUSDT 1",
            ])
    }

    @Test func emptyFilesAndMissingFilesAreRefused() throws {
        #expect(try Self.error("") == "prices.csv: empty: no price rows")
        #expect(try Self.error(Self.header + "# nothing yet\n") == "prices.csv: empty: no price rows")
        #expect(sourceError(["/nonexistent/p.csv"]) == "/nonexistent/p.csv: cannot open: No such file or directory")
        #expect(sourceError([]) == "no price file: give --prices FILE")
    }

    @Test func timestampsMustBeThereReadableInOrderAndNotRepeated() throws {
        #expect(try Self.error(Self.header + ",BTCUSDT,1\n") == "prices.csv:2: missing timestamp")
        #expect(
            try Self.error(Self.header + "1722816000,BTCUSDT,1\n")
                == "prices.csv:2: timestamp '1722816000' looks like seconds; times are milliseconds since 1970 (1722816000000) or ISO-8601 UTC"
        )
        #expect(
            try Self.error(Self.header + "2024-02-30T00:00:00Z,BTCUSDT,1\n")?.hasPrefix(
                "prices.csv:2: timestamp '2024-02-30T00:00:00Z' is not a time") == true)
        #expect(
            try Self.error(Self.header + "1722816001000,BTCUSDT,1\n1722816000000,ETHUSDT,1\n")
                == "prices.csv:3: time 2024-08-05T00:00:00.000Z is before line 2's 2024-08-05T00:00:01.000Z: rows must be in time order (a file may interleave several symbols by time)"
        )
        #expect(
            try Self.error(Self.header + "1722816000000,BTCUSDT,1\n1722816000000,ETHUSDT,1\n1722816000000,BTCUSDT,2\n")
                == "prices.csv:4: duplicate timestamp 1722816000000 for BTCUSDT (also line 2)")
    }

    @Test func pricesArePlainDecimalsAboveZero() throws {
        let row = { (p: String) in Self.header + "1722816000000,BTCUSDT,\(p)\n" }
        #expect(try Self.error(row("0")) == "prices.csv:2: markPrice 0 must be greater than zero")
        #expect(try Self.error(row("0.000")) == "prices.csv:2: markPrice 0.000 must be greater than zero")
        #expect(try Self.error(row("-5")) == "prices.csv:2: markPrice -5 must be greater than zero")
        for bad in ["1e3", "60.000.1", "abc", "+5", ".5", "NaN"] {
            #expect(
                try Self.error(row(bad))
                    == "prices.csv:2: markPrice '\(bad)' is not a plain decimal (digits and a point, e.g. 60000.5)")
        }
        #expect(try Self.error(row("")) == "prices.csv:2: missing markPrice")
        #expect(
            try Self.error("1722816000000,1,2,0,1\n", name: "BTCUSDT.csv")
                == "BTCUSDT.csv:1: low 0 must be greater than zero")
    }

    @Test func oneFormatPerFile() throws {
        #expect(
            try Self.error("1722816000000,BTCUSDT,1\n1722816060000,60000,60100,59900,60050\n")
                == "prices.csv:2: 5 fields where this file has timestamp,symbol,markPrice rows (3 fields): mixed formats, one format per file"
        )
        #expect(
            try Self.error("1722816000000,60000,60100,59900,60050\n1722816001000,BTCUSDT,1\n", name: "BTCUSDT.csv")
                == "BTCUSDT.csv:2: 3 fields where this file has kline rows startTime,open,high,low,close (5 fields): mixed formats, one format per file"
        )
        #expect(
            try Self.error("timestamp,markPrice,open,high,low,close\n")
                == "prices.csv:1: header 'timestamp,markPrice,open,high,low,close' has both a markPrice and open/high/low/close columns: one format per file"
        )
        #expect(
            try Self.error("1722816000000,BTCUSDT,1,2\n")?.hasPrefix("prices.csv:1: 4 fields: a price row is") == true)
        #expect(
            try Self.error("date,value\n")?.hasPrefix("prices.csv:1: header 'date,value' has no time column") == true)
    }

    @Test func symbolsMustBeNamedAndListed() throws {
        let listed: Set<String> = ["BTCUSDT", "ETHUSDT"]
        #expect(
            try Self.error(Self.header + "1722816000000,DOGEUSDT,1\n", listed: listed)
                == "prices.csv:2: unknown symbol DOGEUSDT: the exchange lists BTCUSDT, ETHUSDT")
        #expect(
            try Self.error("1722816000000,1\n", name: "prices.csv", listed: listed)
                == "prices.csv:1: unknown symbol PRICES (from the file name): the exchange lists BTCUSDT, ETHUSDT")
        #expect(
            try Self.error("1722816000000,1\n", name: "2024.csv")
                == "2024.csv:1: no symbol column, and the file name does not start with one (name it BTCUSDT.csv)")
        #expect(
            try Self.error(Self.header + "1722816000000,btcusdt,1\n")
                == "prices.csv:2: symbol 'btcusdt' is not an instrument name (upper-case, e.g. BTCUSDT)")
        #expect(try Self.error(Self.header + "1722816000000,,1\n") == "prices.csv:2: missing symbol")
    }

    @Test func aLineLongerThanTheBoundIsRefusedNotBuffered() throws {
        let long = String(repeating: "9", count: LineReader.maxLineBytes + 10)
        #expect(
            try Self.error(Self.header + long + "\n")
                == "prices.csv:2: line longer than \(LineReader.maxLineBytes) bytes: not a price file?")
    }

    @Test func timesParseAndPrintAsUTC() throws {
        #expect(try ReplayTime.parse("2024-08-05").get() == 1_722_816_000_000)
        #expect(try ReplayTime.parse("2024-08-05T06:30:00.5Z").get() == 1_722_839_400_500)
        #expect(try ReplayTime.parse("1722816000000").get() == 1_722_816_000_000)
        #expect(ReplayTime.iso(1_722_839_400_500) == "2024-08-05T06:30:00.500Z")
        #expect(ReplayTime.iso(951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(throws: ReplayTime.TimeProblem.self) { try ReplayTime.parse("2024-08-05T24:00:00Z").get() }
        #expect(throws: ReplayTime.TimeProblem.self) { try ReplayTime.parse("2024-08-05T00:00:00+02:00").get() }
    }
}
