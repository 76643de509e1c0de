import BybitWire

/// One position's chart as inline SVG: the symbol's mark price (solid blue) and the
/// position's liquidation price (dashed red) over the run, a UTC time axis and a price axis,
/// a green triangle where margin was added, an orange diamond where the position was
/// reduced, a ring at the closest approach to liquidation and a black cross at the
/// liquidation. Every marker carries a `<title>` (the browser's tooltip) with exact amounts.
struct ReplayChart {
    static let width = 1100.0
    static let height = 360.0
    static let left = 88.0
    static let right = 20.0
    static let top = 34.0
    static let bottom = 52.0

    let position: PositionRecord
    let marks: ReplayTrace.SymbolMarks?
    let startMs: Int64
    let endMs: Int64

    private let low: Double
    private let high: Double

    init(position: PositionRecord, marks: ReplayTrace.SymbolMarks?, startMs: Int64, endMs: Int64) {
        self.position = position
        self.marks = marks
        self.startMs = startMs
        self.endMs = endMs == startMs ? startMs + 60_000 : endMs
        var values: [Double] = []
        if let marks { values += [marks.lowest.mark.doubleValue, marks.highest.mark.doubleValue] }
        values += position.liqSeries.points.map(\.value.doubleValue)
        if let liquidation = position.liquidation { values.append(liquidation.mark.doubleValue) }
        (low, high) = ChartAxes.padded(low: values.min() ?? 0, high: values.max() ?? 1)
    }

    func x(_ timeMs: Int64) -> Double {
        Self.left + Double(timeMs - startMs) / Double(endMs - startMs) * (Self.width - Self.left - Self.right)
    }

    func y(_ price: Double) -> Double {
        Self.height - Self.bottom - (price - low) / (high - low) * (Self.height - Self.top - Self.bottom)
    }

    private static func f(_ value: Double) -> String { ReportFormat.fixed(value, 1) }

    /// The chart's `<svg>` element, well-formed XML, every text escaped.
    func svg() -> String {
        let label = ReportFormat.escape(position.label)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.f(Self.width))" height="\(Self.f(Self.height))" \
            viewBox="0 0 \(Self.f(Self.width)) \(Self.f(Self.height))" role="img" \
            aria-label="\(label): mark and liquidation price over time">

            """
        out +=
            "<rect x=\"0\" y=\"0\" width=\"\(Self.f(Self.width))\" height=\"\(Self.f(Self.height))\" fill=\"#ffffff\"/>\n"
        out += axes()
        if let marks { out += polylines(marks.series.points, css: "mark") }
        out += polylines(position.liqSeries.points, css: "liq")
        out += markersSVG()
        out += legend()
        out += "</svg>\n"
        return out
    }

    private func axes() -> String {
        let (plotLeft, plotRight) = (Self.left, Self.width - Self.right)
        let (plotTop, plotBottom) = (Self.top, Self.height - Self.bottom)
        var out = "<g class=\"axes\">\n"
        for tick in ChartAxes.priceTicks(low: low, high: high) {
            let ty = Self.f(y(tick.value))
            out +=
                "<line class=\"grid\" x1=\"\(Self.f(plotLeft))\" y1=\"\(ty)\" x2=\"\(Self.f(plotRight))\" y2=\"\(ty)\"/>\n"
            out += "<text class=\"ylabel\" x=\"\(Self.f(plotLeft - 8))\" y=\"\(ty)\" dy=\"4\">\(tick.lines[0])</text>\n"
        }
        for tick in ChartAxes.timeTicks(startMs: startMs, endMs: endMs) {
            let tx = Self.f(x(Int64(tick.value)))
            out +=
                "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(Self.f(plotTop))\" x2=\"\(tx)\" y2=\"\(Self.f(plotBottom))\"/>\n"
            for (index, line) in tick.lines.enumerated() {
                let ty = Self.f(plotBottom + 16 + Double(index) * 14)
                out += "<text class=\"xlabel\" x=\"\(tx)\" y=\"\(ty)\">\(line)</text>\n"
            }
        }
        out += """
            <rect class="frame" x="\(Self.f(plotLeft))" y="\(Self.f(plotTop))" width="\(Self.f(plotRight - plotLeft))" \
            height="\(Self.f(plotBottom - plotTop))"/>
            <text class="unit" x="\(Self.f(plotRight))" y="\(Self.f(Self.height - 6))">time (UTC, replay clock)</text>
            </g>

            """
        return out
    }

    /// One `<polyline>` per segment (a closed position breaks the line).
    private func polylines(_ points: [MinMaxSeries.Point], css: String) -> String {
        var out = ""
        var current: [String] = []
        func flush() {
            if !current.isEmpty { out += "<polyline class=\"\(css)\" points=\"\(current.joined(separator: " "))\"/>\n" }
            current = []
        }
        for point in points {
            if point.startsSegment { flush() }
            current.append("\(Self.f(x(point.timeMs))),\(Self.f(y(point.value.doubleValue)))")
        }
        flush()
        return out
    }
}
