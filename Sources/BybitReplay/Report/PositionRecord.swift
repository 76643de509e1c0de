import BybitWire

/// What the report knows about one position (symbol, side) over the run, in bounded memory.
struct PositionRecord: Sendable {
    /// The moment the mark came closest to the liquidation price, exactly as seen.
    struct Closest: Sendable, Equatable {
        var timeMs: Int64
        var mark: ExactDecimal
        var liqPrice: ExactDecimal
    }

    let symbol: String
    /// Bybit's side: `Buy` (long) or `Sell` (short).
    let side: String
    var openedMs: Int64?
    var lastOpenMs: Int64?
    var maxSize: ExactDecimal = .zero
    var lastSize: ExactDecimal = .zero
    var lastIM: ExactDecimal?
    var liqSeries = MinMaxSeries()
    var closest: Closest?
    var marginAdded: [String: ExactDecimal] = [:]
    var adds = 0
    var reductions = 0
    var reducedQty: ExactDecimal = .zero
    var liquidation: (timeMs: Int64, mark: ExactDecimal)?
    var addMarkers = ReportMarkers()
    var reduceMarkers = ReportMarkers()

    init(symbol: String, side: String) {
        self.symbol = symbol
        self.side = side
    }

    var isLong: Bool { side.lowercased() != "sell" }

    /// `BTCUSDT long`, `ETHUSDT short` (any other side as given).
    var label: String {
        switch side.lowercased() {
        case "buy": "\(symbol) long"
        case "sell": "\(symbol) short"
        default: "\(symbol) \(side)"
        }
    }

    /// Records the position as it stands after a tick. A size of zero closes the chart's
    /// line, so a closed and reopened position is not drawn across the gap.
    mutating func observe(
        timeMs: Int64, size: ExactDecimal, liqPrice: ExactDecimal?, positionIM: ExactDecimal, mark: ExactDecimal
    ) {
        lastSize = size
        guard size.sign != 0 else {
            liqSeries.breakLine()
            return
        }
        if openedMs == nil { openedMs = timeMs }
        lastOpenMs = timeMs
        if size.abs > maxSize { maxSize = size.abs }
        lastIM = positionIM
        // Bybit reports an empty or zero liquidation price where there is none.
        guard let liqPrice, liqPrice.sign > 0, mark.sign > 0 else {
            liqSeries.breakLine()
            return
        }
        liqSeries.add(timeMs: timeMs, value: liqPrice)
        if let closest, !isCloser(mark: mark, liqPrice: liqPrice, than: closest) { return }
        closest = Closest(timeMs: timeMs, mark: mark, liqPrice: liqPrice)
    }

    /// Whether liq/mark is nearer 1 than at `other`, compared exactly by cross-multiplying
    /// (prices are positive): a long is closer when liq/mark is larger, a short when smaller.
    private func isCloser(mark: ExactDecimal, liqPrice: ExactDecimal, than other: Closest) -> Bool {
        let lhs: ExactDecimal
        let rhs: ExactDecimal
        do {
            lhs = try liqPrice * other.mark
            rhs = try other.liqPrice * mark
        } catch {
            let ratio = liqPrice.doubleValue / mark.doubleValue
            let otherRatio = other.liqPrice.doubleValue / other.mark.doubleValue
            return isLong ? ratio > otherRatio : ratio < otherRatio
        }
        return isLong ? lhs > rhs : lhs < rhs
    }

    /// The distance from `mark` to `liqPrice` as a percentage of the mark, to 2 decimals:
    /// `(mark - liq) / mark` for a long, `(liq - mark) / mark` for a short.
    func distancePercent(_ point: Closest) -> ExactDecimal? {
        let gap = isLong ? try? point.mark - point.liqPrice : try? point.liqPrice - point.mark
        guard let gap, let hundredfold = try? gap * 100 else { return nil }
        return try? hundredfold.divided(by: point.mark, scale: 2)
    }

    /// The margin added, coins in name order: `3000 USDT`, or `0` when none was added.
    var marginAddedText: String {
        guard !marginAdded.isEmpty else { return "0" }
        return marginAdded.keys.sorted().map { "\(marginAdded[$0]!.description) \($0)" }.joined(separator: ", ")
    }
}
