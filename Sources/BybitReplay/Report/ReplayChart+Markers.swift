import BybitWire

/// The chart's markers and legend; each marker is a `<g>` whose `<title>` is its tooltip.
extension ReplayChart {
    func markersSVG() -> String {
        var out = ""
        let baseline = Self.height - Self.bottom
        for marker in separated(position.addMarkers.markers) {
            let (mx, my) = (x(marker.firstMs), marker.mark.map { y($0.doubleValue) } ?? baseline)
            let shape = "M\(f(mx)),\(f(my - 8)) L\(f(mx + 7)),\(f(my + 5)) L\(f(mx - 7)),\(f(my + 5)) Z"
            out += group("add", tooltip(marker, verb: "margin added"), "<path d=\"\(shape)\"/>")
        }
        for marker in separated(position.reduceMarkers.markers) {
            let (mx, my) = (x(marker.firstMs), marker.mark.map { y($0.doubleValue) } ?? baseline)
            let shape = "M\(f(mx)),\(f(my - 7)) L\(f(mx + 7)),\(f(my)) L\(f(mx)),\(f(my + 7)) L\(f(mx - 7)),\(f(my)) Z"
            out += group("reduce", tooltip(marker, verb: "reduced"), "<path d=\"\(shape)\"/>")
        }
        if let closest = position.closest {
            let (cx, cy) = (x(closest.timeMs), y(closest.mark.doubleValue))
            let distance = position.distancePercent(closest).map { "\($0.description) %" } ?? "-"
            let text =
                "closest to liquidation: \(distance) at \(ReportFormat.iso(closest.timeMs)) "
                + "(mark \(closest.mark.description), liquidation price \(closest.liqPrice.description))"
            out += group("closest", text, "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"6\"/>")
        }
        if let liquidation = position.liquidation {
            let (lx, ly) = (x(liquidation.timeMs), y(liquidation.mark.doubleValue))
            let cross =
                "M\(f(lx - 8)),\(f(ly - 8)) L\(f(lx + 8)),\(f(ly + 8)) M\(f(lx - 8)),\(f(ly + 8)) L\(f(lx + 8)),\(f(ly - 8))"
            let text = "liquidated at \(ReportFormat.iso(liquidation.timeMs)), mark \(liquidation.mark.description)"
            // The label goes to the side with room, so it never runs off the chart.
            let toLeft = lx > Self.width - 200
            let label =
                "<text class=\"liqlabel\" x=\"\(f(toLeft ? lx - 12 : lx + 12))\" y=\"\(f(ly - 10))\" "
                + "text-anchor=\"\(toLeft ? "end" : "start")\">liquidated</text>"
            out += group("liquidation", text, "<path d=\"\(cross)\"/>" + label)
        }
        return out
    }

    private func f(_ value: Double) -> String { ReportFormat.fixed(value, 1) }

    /// Markers closer than a marker's width on the time axis drawn as one, whose tooltip
    /// gives the count and the summed amounts: otherwise a burst of adds hides all but the
    /// last tooltip under one triangle.
    private func separated(_ markers: [ReportMarker]) -> [ReportMarker] {
        var result: [ReportMarker] = []
        for marker in markers {
            if let last = result.last, x(marker.firstMs) - x(last.firstMs) < 10 {
                result[result.count - 1] = last.merging(marker)
            } else {
                result.append(marker)
            }
        }
        return result
    }

    private func group(_ css: String, _ tooltip: String, _ body: String) -> String {
        "<g class=\"\(css)\"><title>\(ReportFormat.escape(tooltip))</title>\(body)</g>\n"
    }

    /// `margin added: 1000 USDT at 2024-08-05T06:12:00Z`, or for merged markers
    /// `margin added 3 times: 3000 USDT from … to …` (`at …` when all in the same millisecond).
    private func tooltip(_ marker: ReportMarker, verb: String) -> String {
        let at = "at \(ReportFormat.iso(marker.firstMs))"
        if marker.count == 1 { return "\(verb): \(marker.totalsText) \(at)" }
        if marker.firstMs == marker.lastMs { return "\(verb) \(marker.count) times: \(marker.totalsText) \(at)" }
        return "\(verb) \(marker.count) times: \(marker.totalsText) from \(ReportFormat.iso(marker.firstMs)) "
            + "to \(ReportFormat.iso(marker.lastMs))"
    }

    /// The key along the top edge: what each line and marker means.
    func legend() -> String {
        let y = 18.0
        var x = Self.left
        var out = "<g class=\"legend\">\n"
        func item(_ sample: String, _ text: String, width: Double) {
            out += sample + "<text x=\"\(f(x + 26))\" y=\"\(f(y + 4))\">\(text)</text>\n"
            x += width
        }
        item(
            "<line class=\"mark\" x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 20))\" y2=\"\(f(y))\"/>", "mark price",
            width: 120)
        item(
            "<line class=\"liq\" x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 20))\" y2=\"\(f(y))\"/>",
            "liquidation price", width: 160)
        item(
            "<path class=\"add\" d=\"M\(f(x + 10)),\(f(y - 7)) L\(f(x + 16)),\(f(y + 5)) L\(f(x + 4)),\(f(y + 5)) Z\"/>",
            "margin added", width: 130)
        item(
            "<path class=\"reduce\" d=\"M\(f(x + 10)),\(f(y - 6)) L\(f(x + 16)),\(f(y)) L\(f(x + 10)),\(f(y + 6)) L\(f(x + 4)),\(f(y)) Z\"/>",
            "reduced", width: 100)
        item(
            "<circle class=\"closest\" cx=\"\(f(x + 10))\" cy=\"\(f(y))\" r=\"5\"/>", "closest to liquidation",
            width: 190)
        item(
            "<path class=\"liquidation\" d=\"M\(f(x + 4)),\(f(y - 6)) L\(f(x + 16)),\(f(y + 6)) M\(f(x + 4)),\(f(y + 6)) L\(f(x + 16)),\(f(y - 6))\"/>",
            "liquidated", width: 100)
        out += "</g>\n"
        return out
    }
}
