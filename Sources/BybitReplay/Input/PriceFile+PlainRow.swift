import BybitWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The common tick row read straight from the reader's buffer.
///
/// Almost every row of a tick file is plain: ASCII fields without blanks or quotes, a time
/// in milliseconds, a symbol seen before, a plain positive price, in time order. Such a row
/// is read here without copying the line or making a string per field (the general path
/// cost some 9,000 instructions a row, and a replay reads every row twice: the check
/// before the run, then the run). Anything else returns nil, and the row takes the general
/// path (`row(_:layout:line:)`), which reads it again and says what is wrong; this path
/// accepts only rows that path accepts, with the same result.
extension PriceFile {
    /// The row at `span` as a tick when it is plain, keeping the file's state as
    /// `row(_:layout:line:)` would; nil (nothing kept) when it is not.
    func plainTick(_ span: Range<Int>, layout: PriceFileLayout) -> Located? {
        let read = reader.withBytes(span) { b -> (time: Int64, symbol: Int, mark: ExactDecimal)? in
            guard let f = Self.plainFields(b, layout: layout), let time = Self.plainMs(b, f.time) else { return nil }
            let symbol: Int
            if let s = f.symbol {
                guard symbols.count <= Self.fewSymbols, let known = knownSymbol(b, s) else { return nil }
                symbol = known
            } else {
                // the file name's symbol: the only one, once the first row took it
                guard symbols.count == 1 else { return nil }
                symbol = 0
            }
            if let last = lastRow, time < last.time { return nil }
            if let previous = lastBySymbol[symbol], previous.time == time { return nil }
            guard let mark = Self.plainPrice(b, f.mark) else { return nil }
            return (time, symbol, mark)
        }
        guard let read else { return nil }
        let line = reader.lineNumber
        rows += 1
        plainRowCount += 1
        lastRow = (read.time, line)
        lastBySymbol[read.symbol] = (read.time, line)
        return Located(tick: PriceTick(timeMs: read.time, symbol: symbols[read.symbol], mark: read.mark), line: line)
    }

    /// Where the time, symbol and mark fields lie, when the row has the layout's number of
    /// fields and no byte that needs the general path (a blank, a quote, non-ASCII).
    private static func plainFields(_ b: UnsafeRawBufferPointer, layout: PriceFileLayout)
        -> (time: Range<Int>, symbol: Range<Int>?, mark: Range<Int>)?
    {
        var time = 0..<0
        var symbol: Range<Int>?
        var mark = 0..<0
        var field = 0
        var start = 0
        for i in 0...b.count {
            if i < b.count {
                let c = b[i]
                if c != 44 {
                    if c == 32 || c == 9 || c == 34 || c >= 0x80 { return nil }
                    continue
                }
            }
            if field == layout.time {
                time = start..<i
            } else if field == layout.mark {
                mark = start..<i
            } else if field == layout.symbol {
                symbol = start..<i
            }
            field += 1
            start = i + 1
        }
        guard field == layout.fieldCount else { return nil }
        return (time, symbol, mark)
    }

    /// A time of digits only: milliseconds, as `ReplayTime.parse` reads them.
    private static func plainMs(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int64? {
        guard !r.isEmpty, r.count <= 18 else { return nil }
        var value: Int64 = 0
        for i in r {
            let d = b[i] &- 48
            guard d <= 9 else { return nil }
            value = value * 10 + Int64(d)
        }
        return value >= ReplayTime.smallestMs ? value : nil
    }

    /// The index of a symbol seen before with exactly these bytes.
    private func knownSymbol(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int? {
        guard !r.isEmpty, let base = b.baseAddress else { return nil }
        for (i, var known) in symbols.enumerated() where known.utf8.count == r.count {
            let same = known.withUTF8 { k in memcmp(k.baseAddress!, base + r.lowerBound, r.count) == 0 }
            if same { return i }
        }
        return nil
    }

    /// A price of digits with at most one point, greater than zero.
    private static func plainPrice(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> ExactDecimal? {
        guard !r.isEmpty else { return nil }
        var points = 0
        for i in r {
            let c = b[i]
            if c == 46 {
                points += 1
            } else if c &- 48 > 9 {
                return nil
            }
        }
        guard points <= 1, let value = try? ExactDecimal(parsingUTF8: UnsafeRawBufferPointer(rebasing: b[r])),
            value.sign > 0
        else { return nil }
        return value
    }
}
