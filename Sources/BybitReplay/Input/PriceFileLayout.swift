/// Which column of a price file holds what, from its header or, without one, from the
/// number of fields in its first row.
///
/// Two formats, one per file:
/// - ticks: `timestamp,symbol,markPrice` (header names `timestamp`/`time`/`ts`, `symbol`,
///   `markPrice`/`mark`/`price`; without a header: 3 fields in that order, or 2,
///   `timestamp,markPrice`, with the symbol from the file name);
/// - klines: `startTime,open,high,low,close` and any further columns (`volume,turnover`),
///   as Bybit's kline rows (header names `startTime`/`start`/`start_ms`/`timestamp`,
///   `open`, `high`, `low`, `close`, optionally `symbol`; without a header: 5 to 7 fields).
/// A file without a symbol column takes its symbol from its name: the leading letters and
/// digits, upper-cased (`BTCUSDT.csv`, `btcusdt-1m.csv`, `BTCUSDT_2024-08-05.csv` → BTCUSDT).
struct PriceFileLayout: Sendable {
    enum Kind: Sendable { case ticks, candles }

    let kind: Kind
    /// Every row has exactly this many fields.
    let fieldCount: Int
    let time: Int
    let symbol: Int?
    let mark: Int
    let open: Int, high: Int, low: Int, close: Int

    /// What the rows are, for messages.
    var described: String {
        switch kind {
        case .ticks: "timestamp,symbol,markPrice rows (\(fieldCount) fields)"
        case .candles: "kline rows startTime,open,high,low,close (\(fieldCount) fields)"
        }
    }

    private static let timeNames: Set<String> = [
        "timestamp", "time", "ts", "starttime", "start", "start_ms", "opentime",
    ]
    private static let markNames: Set<String> = ["markprice", "mark", "price", "mark_price"]

    /// Whether a first row is a header: its first field starts with a letter (a time never does).
    static func isHeader(_ fields: [Substring]) -> Bool {
        guard let c = fields.first?.utf8.first else { return false }
        return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    /// The layout a header names.
    static func fromHeader(_ fields: [Substring], at file: String, line: Int) throws(ReplayInputError) -> Self {
        let names = fields.map { $0.lowercased() }
        func index(_ accepted: Set<String>) -> Int? { names.firstIndex { accepted.contains($0) } }
        let time = index(timeNames)
        let symbol = index(["symbol"])
        let mark = index(markNames)
        let ohlc = ["open", "high", "low", "close"].map { index([$0]) }
        let hasCandle = ohlc.allSatisfy { $0 != nil }
        let header = fields.joined(separator: ",")
        guard let time else {
            throw ReplayInputError(file, line, "header '\(header)' has no time column (timestamp or startTime)")
        }
        if let mark {
            if ohlc.contains(where: { $0 != nil }) {
                throw ReplayInputError(
                    file, line,
                    "header '\(header)' has both a markPrice and open/high/low/close columns: one format per file")
            }
            return Self(
                kind: .ticks, fieldCount: fields.count, time: time, symbol: symbol, mark: mark, open: 0, high: 0,
                low: 0,
                close: 0)
        }
        guard hasCandle else {
            throw ReplayInputError(
                file, line,
                "header '\(header)' is neither timestamp,symbol,markPrice nor startTime,open,high,low,close")
        }
        return Self(
            kind: .candles, fieldCount: fields.count, time: time, symbol: symbol, mark: 0, open: ohlc[0]!,
            high: ohlc[1]!, low: ohlc[2]!, close: ohlc[3]!)
    }

    /// The layout of a file without a header, from its first row's field count.
    static func headerless(fieldCount: Int, at file: String, line: Int) throws(ReplayInputError) -> Self {
        switch fieldCount {
        case 2:
            return Self(kind: .ticks, fieldCount: 2, time: 0, symbol: nil, mark: 1, open: 0, high: 0, low: 0, close: 0)
        case 3:
            return Self(kind: .ticks, fieldCount: 3, time: 0, symbol: 1, mark: 2, open: 0, high: 0, low: 0, close: 0)
        case 5...7:
            return Self(
                kind: .candles, fieldCount: fieldCount, time: 0, symbol: nil, mark: 0, open: 1, high: 2, low: 3,
                close: 4)
        default:
            throw ReplayInputError(
                file, line,
                "\(fieldCount) fields: a price row is timestamp,symbol,markPrice (3 fields) or a kline row "
                    + "startTime,open,high,low,close (5 to 7 fields)")
        }
    }

    /// The symbol a file's name gives, if it starts with a letter.
    static func symbol(fromFileName path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lead = name.utf8.prefix { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
        guard let first = lead.first, !(first >= 48 && first <= 57) else { return nil }
        return String(decoding: lead, as: UTF8.self).uppercased()
    }

    /// A line's fields, split on commas, with surrounding spaces and double quotes removed.
    static func fields(_ line: [UInt8]) -> [Substring] {
        if line.allSatisfy({ $0 < 0x80 }) { return asciiFields(line) }
        let text = Substring(decoding: line, as: UTF8.self)
        return text.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var f = field.drop { $0 == " " || $0 == "\t" }
            while let last = f.last, last == " " || last == "\t" { f = f.dropLast() }
            if f.count >= 2, f.first == "\"", f.last == "\"" { f = f.dropFirst().dropLast() }
            return f
        }
    }

    /// ``fields(_:)`` of an ASCII line (every price row), split on bytes: there each byte
    /// is one character, so the result is the same without the cost of grapheme breaking.
    private static func asciiFields(_ line: [UInt8]) -> [Substring] {
        let text = String(decoding: line, as: UTF8.self)
        let utf8 = text.utf8
        func blank(_ b: UInt8) -> Bool { b == 32 || b == 9 }
        var out: [Substring] = []
        out.reserveCapacity(8)
        var start = 0
        while true {
            var end = start
            while end < line.count, line[end] != 44 { end += 1 }
            var (a, b) = (start, end)
            while a < b, blank(line[a]) { a += 1 }
            while b > a, blank(line[b - 1]) { b -= 1 }
            if b - a >= 2, line[a] == 34, line[b - 1] == 34 { (a, b) = (a + 1, b - 1) }
            out.append(text[utf8.index(utf8.startIndex, offsetBy: a)..<utf8.index(utf8.startIndex, offsetBy: b)])
            guard end < line.count else { return out }
            start = end + 1
        }
    }
}
