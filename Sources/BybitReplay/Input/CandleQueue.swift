public import BybitWire

/// A kline file's candles turned into ticks, in time order.
///
/// The interval is learnt from the first symbol seen twice (the gap between its two
/// `startTime`s) and holds for the whole file: every later gap must be a whole number of
/// intervals (a missing candle is allowed; a second interval is not). Until it is known the
/// first candle of each symbol waits; after that each candle's four ticks are queued as its
/// row is read, so the queue holds about four ticks per symbol.
struct CandleQueue {
    struct Candle {
        var symbol: String
        var startMs: Int64
        var line: Int
        var points: [ExactDecimal]
    }

    private var intervalMs: Int64?
    private var intervalLines = (0, 0)
    private var waiting: [Candle] = []
    /// Sorted by time, then symbol.
    private var ticks: [PriceFile.Located] = []
    private var head = 0

    /// A waiting candle whose interval never became known.
    var unresolved: (String, Int)? { waiting.first.map { ($0.symbol, $0.line) } }

    /// Adds a candle; `previousStartMs` is its symbol's previous candle in the file.
    mutating func add(_ candle: Candle, previousStartMs: Int64?, previousLine: Int?, file: String)
        throws(ReplayInputError)
    {
        if let previousStartMs, let previousLine {
            let gap = candle.startMs - previousStartMs
            if let intervalMs {
                guard gap % intervalMs == 0 else {
                    throw ReplayInputError(
                        file, candle.line,
                        "\(candle.symbol)'s candle starts \(gap) ms after its previous one (line \(previousLine)), not a "
                            + "whole number of the file's interval, \(intervalMs) ms (lines \(intervalLines.0)–"
                            + "\(intervalLines.1)): one interval per file")
                }
            } else {
                guard gap >= 4 else {
                    throw ReplayInputError(
                        file, candle.line, "candles \(gap) ms apart: the interval must be at least 4 ms")
                }
                intervalMs = gap
                intervalLines = (previousLine, candle.line)
                for w in waiting { enqueue(w, intervalMs: gap) }
                waiting = []
            }
        }
        if let intervalMs { enqueue(candle, intervalMs: intervalMs) } else { waiting.append(candle) }
    }

    /// The earliest queued tick if it comes before `horizon` (nil: no bound) and before
    /// every waiting candle.
    mutating func pop(before horizon: Int64?) -> PriceFile.Located? {
        guard head < ticks.count else { return nil }
        let first = ticks[head]
        if let horizon, first.tick.timeMs >= horizon { return nil }
        if let w = waiting.first, first.tick.timeMs >= w.startMs { return nil }
        head += 1
        if head > 64, head * 2 > ticks.count {
            ticks.removeFirst(head)
            head = 0
        }
        return first
    }

    private mutating func enqueue(_ candle: Candle, intervalMs: Int64) {
        for (offset, price) in zip(CandlePath.offsets(intervalMs: intervalMs), candle.points) {
            let tick = PriceFile.Located(
                tick: PriceTick(timeMs: candle.startMs + offset, symbol: candle.symbol, mark: price), line: candle.line)
            var i = ticks.count
            while i > head, Self.before(tick, ticks[i - 1]) { i -= 1 }
            ticks.insert(tick, at: i)
        }
    }

    private static func before(_ a: PriceFile.Located, _ b: PriceFile.Located) -> Bool {
        (a.tick.timeMs, a.tick.symbol) < (b.tick.timeMs, b.tick.symbol)
    }
}
