/// The `--report FILE.html` page: one self-contained file (inline CSS and SVG, no script, no
/// font or image to fetch) with the run's facts, the summary table and a chart per position.
///
/// It is also well-formed XML (every element closed, every text escaped) so a test can parse
/// it, and deterministic: no wall time, positions in (symbol, side) order, numbers printed
/// by ``ReportFormat`` — the same trace gives the same bytes.
struct ReplayHTML {
    let summary: ReplaySummary

    init(_ state: ReplayTrace.State) { summary = ReplaySummary(state) }

    static let style = """
        body { font-family: sans-serif; margin: 24px; color: #1f2328; background: #ffffff; }
        h1 { font-size: 22px; margin: 0 0 8px 0; }
        h2 { font-size: 17px; margin: 24px 0 6px 0; }
        p.run { margin: 2px 0; font-size: 14px; color: #424a53; }
        code { font-family: monospace; }
        table { border-collapse: collapse; font-size: 13px; margin-top: 10px; }
        th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; white-space: nowrap; }
        th { background: #f6f8fa; }
        td.liquidated { color: #82071e; font-weight: bold; }
        svg { display: block; margin-top: 4px; border: 1px solid #d0d7de; }
        svg text { font-family: sans-serif; font-size: 12px; fill: #424a53; }
        svg .grid { stroke: #eaeef2; stroke-width: 1; }
        svg .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
        svg .ylabel { text-anchor: end; }
        svg .xlabel { text-anchor: middle; }
        svg .unit { text-anchor: end; fill: #6e7781; }
        svg .mark { fill: none; stroke: #0969da; stroke-width: 1.6; stroke-linejoin: round; }
        svg .liq { fill: none; stroke: #d1242f; stroke-width: 1.6; stroke-dasharray: 7 4; }
        svg .add path, svg path.add { fill: #1a7f37; }
        svg .reduce path, svg path.reduce { fill: #bc4c00; }
        svg .closest circle, svg circle.closest { fill: none; stroke: #8250df; stroke-width: 2; }
        svg .liquidation path, svg path.liquidation { fill: none; stroke: #000000; stroke-width: 3; }
        svg .liqlabel { font-weight: bold; fill: #000000; }
        """

    /// The whole page.
    func page(title: String) -> String {
        let state = summary.state
        let e = ReportFormat.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(e(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <h1>\(e(title))</h1>
            <p class="run">Script <code>\(e(state.script))</code>, seed \(state.seed). \
            Times are the replay&#39;s virtual clock, in UTC.</p>
            <p class="run">\(e(summary.pricesLine))</p>
            <p class="run">\(e(summary.mutationsLine))</p>

            """
        out += table()
        let positions = summary.positions
        let (start, end) = (state.firstMs ?? 0, state.lastMs ?? 0)
        for position in positions {
            let chart = ReplayChart(position: position, marks: state.marks[position.symbol], startMs: start, endMs: end)
            out += "<section>\n<h2>\(e(position.label))</h2>\n"
            out += "<p class=\"run\">\(e(facts(position)))</p>\n"
            out += chart.svg()
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// The summary table, the same cells as the terminal report.
    private func table() -> String {
        let rows = summary.positions
        guard !rows.isEmpty else { return "<p class=\"run\">No position was open during the replay.</p>\n" }
        var out = "<table>\n<thead><tr>"
        out += ReplaySummary.header.map { "<th>\(ReportFormat.escape($0))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for position in rows {
            let cells = ReplaySummary.row(position)
            out += "<tr>"
            for (index, cell) in cells.enumerated() {
                let css = index == 5 && position.liquidation != nil ? " class=\"liquidated\"" : ""
                out += "<td\(css)>\(ReportFormat.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// `Open from … (largest size 1.5); last initial margin 250.`
    private func facts(_ p: PositionRecord) -> String {
        guard let opened = p.openedMs else { return "No open position was recorded." }
        var text = "Open from \(ReportFormat.iso(opened)), largest size \(p.maxSize.description)"
        if let im = p.lastIM { text += ", position margin last \(im.description)" }
        text += "; margin added \(p.marginAddedText)"
        if p.reductions > 0 { text += "; reduced \(p.reductions) times by \(p.reducedQty.description) in all" }
        return text + "."
    }
}
