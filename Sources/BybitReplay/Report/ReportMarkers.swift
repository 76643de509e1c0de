import BybitWire

/// One marker on a chart: a margin add or a reduction, or several close together merged.
struct ReportMarker: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case marginAdded, reduced }

    var kind: Kind
    var firstMs: Int64
    var lastMs: Int64
    /// How many calls this marker stands for.
    var count: Int
    /// Margin per coin (adds) or quantity under the key `qty` (reductions), summed exactly.
    var totals: [String: ExactDecimal]
    /// The symbol's mark when the (first) call happened, where the marker is drawn.
    var mark: ExactDecimal?

    /// This marker and the `later` one as one: counts added, amounts summed exactly, drawn
    /// where this one is.
    func merging(_ later: ReportMarker) -> ReportMarker {
        var result = self
        result.lastMs = later.lastMs
        result.count += later.count
        for (key, value) in later.totals {
            // A sum past 38 digits cannot happen with real amounts; keep the first then.
            result.totals[key] = (try? (result.totals[key] ?? .zero) + value) ?? result.totals[key]
        }
        return result
    }

    /// `1000 USDT` / `0.5 qty`, coins in name order, summed exactly.
    var totalsText: String {
        totals.keys.sorted().map { "\(totals[$0]!.description) \($0)" }.joined(separator: " + ")
    }
}

/// One kind of a position's markers in bounded memory: past ``capacity`` each pair of
/// neighbours is merged (counts and amounts summed exactly), so a guard that adds margin
/// every second for a year still gives a chart with at most that many markers, and no
/// amount is lost from the tooltips.
struct ReportMarkers: Sendable {
    let capacity: Int
    private(set) var markers: [ReportMarker] = []

    init(capacity: Int = 400) {
        precondition(capacity >= 2, "at least two markers")
        self.capacity = capacity
    }

    mutating func append(_ marker: ReportMarker) {
        markers.append(marker)
        if markers.count > capacity { halve() }
    }

    private mutating func halve() {
        var merged: [ReportMarker] = []
        merged.reserveCapacity(capacity / 2 + 1)
        var i = 0
        while i < markers.count {
            merged.append(i + 1 < markers.count ? markers[i].merging(markers[i + 1]) : markers[i])
            i += 2
        }
        markers = merged
    }
}
