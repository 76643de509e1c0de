public import BybitWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One price file, read row by row and checked as it goes: its ticks come out in time
/// order, each with the line it came from. A kline file's rows become four ticks each (see
/// ``CandlePath``), held in a small queue until no later row can come before them.
final class PriceFile {
    /// A tick and the line it came from, for messages.
    struct Located {
        var tick: PriceTick
        var line: Int
    }

    let path: String
    // Internal, not private: the plain-row path (PriceFile+PlainRow.swift) reads and keeps them.
    let reader: LineReader
    private let candlePath: CandlePath
    private let stopAtMs: Int64?
    private let listed: Set<String>?
    private let nameSymbol: String?
    /// Whether plain tick rows take the fast path (``plainTick(_:layout:)``).
    private let plainRows: Bool
    private var layout: PriceFileLayout?
    var rows = 0
    /// How many of them the plain-row path read (the tests check it was taken).
    var plainRowCount = 0
    private var finished = false
    /// Symbols in the order first seen.
    private(set) var symbols: [String] = []
    /// Each symbol's index in ``symbols``, for files of many symbols.
    private var symbolIndex: [String: Int] = [:]
    var lastRow: (time: Int64, line: Int)?
    /// The last row of each symbol, by its index in ``symbols``.
    var lastBySymbol: [(time: Int64, line: Int)?] = []
    private var candles = CandleQueue()

    /// Opens `path`; rows at or after `stopAtMs` end the file early (it is in time order).
    init(path: String, candlePath: CandlePath, stopAtMs: Int64?, listed: Set<String>?, plainRows: Bool)
        throws(ReplayInputError)
    {
        self.path = path
        self.reader = try LineReader(path: path)
        self.candlePath = candlePath
        self.stopAtMs = stopAtMs
        self.listed = listed
        self.plainRows = plainRows
        self.nameSymbol = PriceFileLayout.symbol(fromFileName: path)
    }

    /// The next tick in time order, or nil when the file is done.
    func next() throws(ReplayInputError) -> Located? {
        while true {
            if let tick = candles.pop(before: finished ? nil : lastRow?.time) { return tick }
            if finished {
                if let (symbol, line) = candles.unresolved {
                    throw ReplayInputError(
                        path, line,
                        "only one candle for \(symbol), so its interval is unknown: the interval is the gap "
                            + "between consecutive startTimes, and a kline file needs two rows of a symbol")
                }
                return nil
            }
            guard let span = try nextDataLine() else {
                if rows == 0 { throw ReplayInputError("\(path): empty: no price rows") }
                finished = true
                reader.close()
                continue
            }
            let located: Located?
            if plainRows, let layout, layout.kind == .ticks, let plain = plainTick(span, layout: layout) {
                located = plain
            } else {
                let fields = PriceFileLayout.fields(reader.bytes(span))
                let line = reader.lineNumber
                let layout = try self.layout(for: fields, line: line)
                guard let layout else { continue }
                rows += 1
                located = try row(fields, layout: layout, line: line)
            }
            if let stopAtMs, lastRow!.time >= stopAtMs {
                finished = true
                reader.close()
            }
            if let located { return located }
        }
    }

    /// The next line that is not blank or a `#` comment, as a span of the reader's buffer.
    private func nextDataLine() throws(ReplayInputError) -> Range<Int>? {
        while let span = try reader.nextLineSpan() {
            let isData = reader.withBytes(span) { line in
                line.first(where: { $0 != 32 && $0 != 9 }).map { $0 != 35 } ?? false
            }
            if isData { return span }
        }
        return nil
    }

    /// The file's layout, set by its first row; nil when that row is the header.
    private func layout(for fields: [Substring], line: Int) throws(ReplayInputError) -> PriceFileLayout? {
        if let layout {
            guard fields.count == layout.fieldCount else {
                throw ReplayInputError(
                    path, line,
                    "\(fields.count) fields where this file has \(layout.described): mixed formats, one format per file"
                )
            }
            return layout
        }
        if PriceFileLayout.isHeader(fields) {
            layout = try PriceFileLayout.fromHeader(fields, at: path, line: line)
            return nil
        }
        let made = try PriceFileLayout.headerless(fieldCount: fields.count, at: path, line: line)
        layout = made
        return made
    }

    /// Checks one data row; returns its tick (a tick file) or queues its candle (a kline file).
    private func row(_ f: [Substring], layout: PriceFileLayout, line: Int) throws(ReplayInputError) -> Located? {
        let time = try timestamp(f[layout.time], line: line)
        let s = try symbol(layout.symbol.map { f[$0] }, line: line)
        let symbol = symbols[s]
        if let last = lastRow, time < last.time {
            throw ReplayInputError(
                path, line,
                "time \(ReplayTime.iso(time)) is before line \(last.line)'s \(ReplayTime.iso(last.time)): rows must be "
                    + "in time order (a file may interleave several symbols by time)")
        }
        let previous = lastBySymbol[s]
        if let previous, previous.time == time {
            throw ReplayInputError(
                path, line, "duplicate timestamp \(time) for \(symbol) (also line \(previous.line))")
        }
        lastRow = (time, line)
        lastBySymbol[s] = (time, line)
        switch layout.kind {
        case .ticks:
            let mark = try price(f[layout.mark], "markPrice", line: line)
            return Located(tick: PriceTick(timeMs: time, symbol: symbol, mark: mark), line: line)
        case .candles:
            let o = try price(f[layout.open], "open", line: line)
            let h = try price(f[layout.high], "high", line: line)
            let l = try price(f[layout.low], "low", line: line)
            let c = try price(f[layout.close], "close", line: line)
            guard l <= ExactDecimal.min(o, c), h >= ExactDecimal.max(o, c) else {
                throw ReplayInputError(
                    path, line,
                    "candle open \(o) high \(h) low \(l) close \(c): the high and low must enclose open and close")
            }
            let candle = CandleQueue.Candle(
                symbol: symbol, startMs: time, line: line, points: candlePath.points(open: o, high: h, low: l, close: c)
            )
            try candles.add(candle, previousStartMs: previous?.time, previousLine: previous?.line, file: path)
            return nil
        }
    }

    private func timestamp(_ text: Substring, line: Int) throws(ReplayInputError) -> Int64 {
        guard !text.isEmpty else { throw ReplayInputError(path, line, "missing timestamp") }
        switch ReplayTime.parse(text) {
        case .success(let ms): return ms
        case .failure(let problem): throw ReplayInputError(path, line, "timestamp " + problem.message(text))
        }
    }

    /// The row's symbol, as its index in ``symbols`` (a new one is checked and added).
    private func symbol(_ column: Substring?, line: Int) throws(ReplayInputError) -> Int {
        // A symbol seen before passed every check below: found by its bytes, it is taken as
        // it is (a few symbols per file; a file of many takes the checks every row).
        if let column, symbols.count <= Self.fewSymbols,
            let known = symbols.firstIndex(where: { Self.sameBytes($0, column) })
        {
            return known
        }
        let origin = column == nil ? " (from the file name)" : ""
        guard let text = column.map(String.init) ?? nameSymbol, !text.isEmpty else {
            throw ReplayInputError(
                path, line,
                column == nil
                    ? "no symbol column, and the file name does not start with one (name it BTCUSDT.csv)"
                    : "missing symbol")
        }
        guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || $0 == 45 }) else {
            throw ReplayInputError(path, line, "symbol '\(text)' is not an instrument name (upper-case, e.g. BTCUSDT)")
        }
        if let known = symbolIndex[text] { return known }
        if let listed, !listed.contains(text) {
            throw ReplayInputError(
                path, line,
                "unknown symbol \(text)\(origin): the exchange lists \(listed.sorted().joined(separator: ", "))")
        }
        symbols.append(text)
        lastBySymbol.append(nil)
        symbolIndex[text] = symbols.count - 1
        return symbols.count - 1
    }

    /// Up to this many symbols, a row's symbol is found by comparing its bytes with each.
    static let fewSymbols = 16

    /// Whether `a` and `b` are the same bytes (not merely canonically equivalent, as `==` asks).
    private static func sameBytes(_ a: String, _ b: Substring) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        let fast = a.withUTF8 { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
                return memcmp(p, q, x.count) == 0
            }
        }
        return fast ?? a.utf8.elementsEqual(b.utf8)
    }

    /// `text` parsed from its bytes in place (no copy; the same grammar as `ExactDecimal(parsing:)`).
    private static func decimal(_ text: Substring) -> ExactDecimal? {
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes in
            try? ExactDecimal(parsingUTF8: UnsafeRawBufferPointer(bytes))
        }
        return parsed ?? (try? ExactDecimal(parsing: text))
    }

    /// A price: a plain decimal (digits, at most one point), greater than zero.
    private func price(_ text: Substring, _ what: String, line: Int) throws(ReplayInputError) -> ExactDecimal {
        guard !text.isEmpty else { throw ReplayInputError(path, line, "missing \(what)") }
        // one pass over the bytes: an optional leading '-', then digits and at most one point
        var plain = true
        var points = 0
        var first = true
        for b in text.utf8 {
            if b == 46 {
                points += 1
            } else if !(b >= 48 && b <= 57) && !(first && b == 45) {
                plain = false
                break
            }
            first = false
        }
        guard plain, points <= 1, let value = Self.decimal(text) else {
            throw ReplayInputError(
                path, line, "\(what) '\(text)' is not a plain decimal (digits and a point, e.g. 60000.5)")
        }
        guard value.sign > 0 else {
            throw ReplayInputError(path, line, "\(what) \(text) must be greater than zero")
        }
        return value
    }
}
