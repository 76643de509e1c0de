import BybitWire
import NIOConcurrencyHelpers

/// What happened in a replay, recorded as the run goes, and the reports made from it: the
/// stderr summary (``summaryText()``) and the self-contained HTML page (``html(title:)``).
///
/// Memory is bounded by the report, not by the price files: each symbol's marks and each
/// position's liquidation price are kept as at most 2,000 time buckets holding their lowest
/// and highest value (so a spike is never smoothed away), markers are merged pairwise past
/// 400 per kind, and the table's figures (margin added, the closest approach) are exact
/// decimals kept as running totals. All times are the replay's virtual clock (Unix ms).
///
/// Safe to call from any thread; each call takes one lock and does a few comparisons.
public final class ReplayTrace: Sendable {
    /// One symbol's mark prices.
    struct SymbolMarks: Sendable {
        var series = MinMaxSeries()
        var ticks = 0
        var last: ExactDecimal
        var lowest: (timeMs: Int64, mark: ExactDecimal)
        var highest: (timeMs: Int64, mark: ExactDecimal)

        mutating func record(_ tick: PriceTick) {
            ticks += 1
            last = tick.mark
            if tick.mark < lowest.mark { lowest = (tick.timeMs, tick.mark) }
            if tick.mark > highest.mark { highest = (tick.timeMs, tick.mark) }
            series.add(timeMs: tick.timeMs, value: tick.mark)
        }
    }

    /// Which position a record is about; the report orders them by symbol, then side.
    struct PositionKey: Hashable, Comparable, Sendable {
        var symbol: String
        var side: String
        static func < (a: Self, b: Self) -> Bool { (a.symbol, a.side) < (b.symbol, b.side) }
    }

    /// Everything recorded; the renderers read a copy taken under the lock.
    struct State: Sendable {
        var script: String
        var seed: UInt64
        var firstMs: Int64?
        var lastMs: Int64?
        var ticks = 0
        var marks: [String: SymbolMarks] = [:]
        var positions: [PositionKey: PositionRecord] = [:]
        var mutations: [String: Int] = [:]

        /// The position an event names; an event that could not tell the side (an empty one)
        /// belongs to the symbol's only position when it has exactly one.
        func key(_ symbol: String, _ side: String) -> PositionKey {
            guard side.isEmpty else { return PositionKey(symbol: symbol, side: side) }
            let candidates = positions.keys.filter { $0.symbol == symbol }
            return candidates.count == 1 ? candidates[0] : PositionKey(symbol: symbol, side: side)
        }

        /// Changes the record of `key` in place, creating it the first time.
        mutating func record(_ key: PositionKey, _ change: (inout PositionRecord) -> Void) {
            change(&positions[key, default: PositionRecord(symbol: key.symbol, side: key.side)])
        }
    }

    private let state: NIOLockedValueBox<State>

    /// - Parameters:
    ///   - script: the script's path as the user gave it (shown, HTML-escaped, in the report).
    ///   - seed: the run's `--seed`, shown so a report says how to reproduce it.
    public init(script: String, seed: UInt64) {
        state = NIOLockedValueBox(State(script: script, seed: seed))
    }

    /// Records a mark price the exchange applied.
    public func mark(_ tick: PriceTick) {
        state.withLockedValue { s in
            if s.firstMs == nil { s.firstMs = tick.timeMs }
            s.lastMs = Swift.max(s.lastMs ?? tick.timeMs, tick.timeMs)
            s.ticks += 1
            // In place (no copy of the series): `dictionary[key]!.mutate()` modifies the stored value.
            if s.marks[tick.symbol] == nil {
                s.marks[tick.symbol] = SymbolMarks(
                    last: tick.mark, lowest: (tick.timeMs, tick.mark), highest: (tick.timeMs, tick.mark))
            }
            s.marks[tick.symbol]!.record(tick)
        }
    }

    /// Records an open position as it stands after a tick (size 0: closed since).
    public func position(
        timeMs: Int64, symbol: String, side: String, size: ExactDecimal, liqPrice: ExactDecimal?,
        positionIM: ExactDecimal, mark: ExactDecimal
    ) {
        state.withLockedValue { s in
            s.record(PositionKey(symbol: symbol, side: side)) {
                $0.observe(timeMs: timeMs, size: size, liqPrice: liqPrice, positionIM: positionIM, mark: mark)
            }
        }
    }

    /// Records margin the exchange added to a position (by the script or auto-add-margin).
    public func marginAdded(timeMs: Int64, symbol: String, side: String, amount: ExactDecimal, coin: String) {
        state.withLockedValue { s in
            let mark = s.marks[symbol]?.last
            s.record(s.key(symbol, side)) {
                $0.adds += 1
                $0.marginAdded[coin] = (try? ($0.marginAdded[coin] ?? .zero) + amount) ?? $0.marginAdded[coin]
                $0.addMarkers.append(
                    ReportMarker(
                        kind: .marginAdded, firstMs: timeMs, lastMs: timeMs, count: 1, totals: [coin: amount],
                        mark: mark))
            }
        }
    }

    /// Records a reduction of a position by `qty` (a reduce-only order that filled).
    public func reduced(timeMs: Int64, symbol: String, side: String, qty: ExactDecimal) {
        state.withLockedValue { s in
            let mark = s.marks[symbol]?.last
            s.record(s.key(symbol, side)) {
                $0.reductions += 1
                $0.reducedQty = (try? $0.reducedQty + qty) ?? $0.reducedQty
                $0.reduceMarkers.append(
                    ReportMarker(
                        kind: .reduced, firstMs: timeMs, lastMs: timeMs, count: 1, totals: ["qty": qty], mark: mark))
            }
        }
    }

    /// Records the liquidation of a position at `mark`.
    public func liquidated(timeMs: Int64, symbol: String, side: String, mark: ExactDecimal) {
        state.withLockedValue { s in
            s.record(s.key(symbol, side)) {
                if $0.liquidation == nil { $0.liquidation = (timeMs, mark) }
                $0.liqSeries.breakLine()
            }
        }
    }

    /// Records a money call the exchange applied (`/v5/position/add-margin`, …).
    public func mutation(timeMs: Int64, endpoint: String) {
        state.withLockedValue { s in s.mutations[endpoint, default: 0] += 1 }
    }

    /// A copy of everything recorded so far.
    var snapshot: State { state.withLockedValue { $0 } }

    /// The stderr report: per position an aligned row, then the run's totals.
    public func summaryText() -> String { ReplaySummary(snapshot).text() }

    /// The self-contained HTML report: byte-identical for the same trace.
    public func html(title: String) -> String { ReplayHTML(snapshot).page(title: title) }
}
