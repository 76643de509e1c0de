/// The price history of a replay: several files merged by time, streamed (no file is ever
/// loaded whole: each is read through a fixed buffer, so memory does not grow with its
/// size) and checked as it is read. A bad row stops the replay with `file:line: why`.
///
/// Files are merged by always taking the earliest next tick among them (ties: the
/// symbol's name, then the order the files were given). One symbol may be split across
/// files only if they do not overlap in time. Ticks before `from` are skipped and the
/// history ends before `to` (`from` ≤ time < `to`).
///
/// Not thread-safe: one reader (the replay's driver) calls ``next()``.
public final class PriceSource {
    private var files: [PriceFile]
    private var heads: [PriceFile.Located?]
    private let from: Int64?
    private let to: Int64?
    private var last: [String: (time: Int64, file: Int, line: Int)] = [:]
    /// (symbol, file) pairs whose file another file took the symbol over from: that file
    /// may not give the symbol again (the two would overlap).
    private var handedOver: Set<String> = []
    private var primed: PriceFile.Located?
    /// A file's next row failed while the tick before it was being taken: that tick still
    /// comes out, and this is thrown on the call after it.
    private var deferred: ReplayInputError?

    /// Opens every file and reads up to its first tick, so a missing, empty or malformed
    /// file is reported before the replay starts and ``symbols`` is known.
    /// - Parameters:
    ///   - listed: when given, any other symbol in a file is an error (the exchange's
    ///     instruments), reported with its line.
    /// - Throws: the first problem found, as `file:line: why`; also when no file is given,
    ///   `from` is not before `to`, or no tick lies between them.
    public convenience init(
        files paths: [String], candlePath: CandlePath, from: Int64?, to: Int64?, listed: Set<String>? = nil
    ) throws(ReplayInputError) {
        try self.init(files: paths, candlePath: candlePath, from: from, to: to, listed: listed, plainRows: true)
    }

    /// `plainRows: false` reads every row by the general path (see PriceFile+PlainRow.swift):
    /// the tests read files both ways and compare.
    init(
        files paths: [String], candlePath: CandlePath, from: Int64?, to: Int64?, listed: Set<String>?, plainRows: Bool
    ) throws(ReplayInputError) {
        guard !paths.isEmpty else { throw ReplayInputError("no price file: give --prices FILE") }
        if let from, let to, from >= to {
            throw ReplayInputError(
                "--from \(ReplayTime.iso(from)) is not before --to \(ReplayTime.iso(to)): nothing to replay")
        }
        self.from = from
        self.to = to
        var opened: [PriceFile] = []
        for path in paths {
            opened.append(
                try PriceFile(path: path, candlePath: candlePath, stopAtMs: to, listed: listed, plainRows: plainRows))
        }
        files = opened
        heads = Array(repeating: nil, count: opened.count)
        for i in files.indices { heads[i] = try advance(i) }
        primed = try take()
        if let deferred { throw deferred }  // a bad second row is reported before the replay starts
        guard primed != nil else {
            let range = from.map { " from \(ReplayTime.iso($0))" } ?? ""
            let end = to.map { " before \(ReplayTime.iso($0))" } ?? ""
            throw ReplayInputError("no prices\(range)\(end) in \(paths.joined(separator: ", "))")
        }
    }

    /// Every symbol seen so far, in the order first seen (after `init`: at least each
    /// file's first symbol).
    public var symbols: [String] {
        var out: [String] = []
        for f in files { for s in f.symbols where !out.contains(s) { out.append(s) } }
        return out
    }

    /// How many rows the files read by the plain-row path (for the tests).
    var plainRowCount: Int { files.reduce(0) { $0 + $1.plainRowCount } }

    /// The next tick in time order, or nil when the history is over.
    public func next() throws(ReplayInputError) -> PriceTick? {
        if let p = primed {
            primed = nil
            return p.tick
        }
        return try take()?.tick
    }

    /// The earliest head, replaced by its file's next tick; checked against the symbol's
    /// previous tick from another file.
    private func take() throws(ReplayInputError) -> PriceFile.Located? {
        if let failed = deferred {
            deferred = nil
            throw failed
        }
        var best: Int?
        for i in heads.indices {
            guard let h = heads[i] else { continue }
            if let b = best, let hb = heads[b],
                (hb.tick.timeMs, hb.tick.symbol) <= (h.tick.timeMs, h.tick.symbol)
            {
                continue
            }
            best = i
        }
        guard let i = best, let located = heads[i] else { return nil }
        do {
            heads[i] = try advance(i)
        } catch {
            heads[i] = nil
            deferred = error
        }
        let t = located.tick
        // One file cannot overlap another: the per-symbol bookkeeping is for merges only.
        guard files.count > 1 else { return located }
        var overlaps = false
        if let previous = last[t.symbol], previous.file != i {
            handedOver.insert("\(t.symbol) \(previous.file)")
            overlaps = previous.time >= t.timeMs || handedOver.contains("\(t.symbol) \(i)")
        }
        if overlaps, let previous = last[t.symbol] {
            throw ReplayInputError(
                files[i].path, located.line,
                "\(t.symbol) at \(ReplayTime.iso(t.timeMs)) overlaps \(files[previous.file].path) (line "
                    + "\(previous.line), \(ReplayTime.iso(previous.time))): a symbol may be split across files only "
                    + "if they do not overlap in time")
        }
        last[t.symbol] = (t.timeMs, i, located.line)
        return located
    }

    /// File `i`'s next tick within [from, to).
    private func advance(_ i: Int) throws(ReplayInputError) -> PriceFile.Located? {
        while let located = try files[i].next() {
            if let to, located.tick.timeMs >= to { return nil }
            if let from, located.tick.timeMs < from { continue }
            return located
        }
        return nil
    }
}
