import BybitWire

/// The report's figures, shared by the terminal summary and the HTML table: one row per
/// position (symbol, then side), exact decimals as recorded, times in ISO-8601 UTC.
struct ReplaySummary {
    let state: ReplayTrace.State

    init(_ state: ReplayTrace.State) { self.state = state }

    static let header = [
        "position", "margin added", "closest to liquidation", "at", "mark / liq there", "liquidated", "adds",
        "reduced",
    ]

    var positions: [PositionRecord] {
        state.positions.keys.sorted().map { state.positions[$0]! }
    }

    /// The cells of one position's row, in ``header`` order.
    static func row(_ p: PositionRecord) -> [String] {
        let closest = p.closest
        let distance = closest.flatMap { p.distancePercent($0) }.map { "\($0.description) %" } ?? "-"
        let at = closest.map { ReportFormat.iso($0.timeMs) } ?? "-"
        let there = closest.map { "\($0.mark.description) / \($0.liqPrice.description)" } ?? "-"
        let liquidated = p.liquidation.map { "at \(ReportFormat.iso($0.timeMs)), mark \($0.mark.description)" } ?? "no"
        let reduced = p.reductions == 0 ? "0" : "\(p.reductions) (qty \(p.reducedQty.description))"
        return [p.label, p.marginAddedText, distance, at, there, liquidated, String(p.adds), reduced]
    }

    /// `prices: 1,000 ticks from … to …`.
    var pricesLine: String {
        guard let first = state.firstMs, let last = state.lastMs else { return "prices: no tick was applied" }
        let symbols = state.marks.keys.sorted().map { symbol in
            let m = state.marks[symbol]!
            return "\(symbol) \(m.ticks) (\(m.lowest.mark.description) to \(m.highest.mark.description))"
        }
        return "prices: \(state.ticks) ticks from \(ReportFormat.iso(first)) to \(ReportFormat.iso(last)); "
            + symbols.joined(separator: ", ")
    }

    /// `mutations: 14 (/v5/order/create 2, /v5/position/add-margin 12)`.
    var mutationsLine: String {
        let total = state.mutations.values.reduce(0, +)
        guard total > 0 else { return "mutations: 0" }
        let parts = state.mutations.keys.sorted().map { "\($0) \(state.mutations[$0]!)" }
        return "mutations: \(total) (\(parts.joined(separator: ", ")))"
    }

    /// The terminal report: the run, then an aligned table a person reads at a glance.
    func text() -> String {
        var lines = ["replay report: \(state.script) (seed \(state.seed))", pricesLine, mutationsLine]
        let rows = positions.map(Self.row)
        if rows.isEmpty {
            lines.append("positions: none was open during the replay")
        } else {
            lines.append("")
            lines += Self.aligned([Self.header] + rows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows padded into columns two spaces apart, trailing spaces trimmed.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column == row.count - 1 ? cell : ReportFormat.padRight(cell, widths[column]) + "  "
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
