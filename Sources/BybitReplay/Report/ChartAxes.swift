import Foundation

/// Round-numbered axis ticks: times at whole seconds, minutes, hours or days (UTC), prices
/// at 1, 2, 2.5 or 5 times a power of ten, so a person reads the chart without counting.
enum ChartAxes {
    /// A labelled tick: where it is (time ms or price) and its text lines.
    struct Tick: Equatable {
        var value: Double
        var lines: [String]
    }

    private static let timeSteps: [Int64] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800,
        2_592_000, 31_536_000,
    ].map { $0 * 1000 }

    /// Up to about `count` ticks between `startMs` and `endMs` at a round step, aligned to UTC.
    /// A tick shows `HH:MM` (`HH:MM:SS` below a minute); the first one, and each one on a
    /// new day, shows the date on a second line.
    static func timeTicks(startMs: Int64, endMs: Int64, count: Int = 8) -> [Tick] {
        let span = Swift.max(1, endMs - startMs)
        let step = timeSteps.first { span / $0 <= Int64(count) } ?? timeSteps.last!
        var tick = ReportFormat.floorDiv(startMs + step - 1, step) * step
        var ticks: [Tick] = []
        var lastDate: String?
        while tick <= endMs {
            let (date, clock, _) = ReportFormat.parts(tick)
            var lines = [step < 60_000 ? clock : String(clock.prefix(5))]
            if date != lastDate { lines.append(date) }
            lastDate = date
            ticks.append(Tick(value: Double(tick), lines: lines))
            tick += step
        }
        return ticks
    }

    /// Up to about `count` price ticks covering `low...high`, and the decimals they need.
    static func priceTicks(low: Double, high: Double, count: Int = 6) -> [Tick] {
        guard high > low, low.isFinite, high.isFinite else { return [] }
        let raw = (high - low) / Double(count)
        let power = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let multiple = [1, 2, 2.5, 5, 10].first { $0 * power >= raw } ?? 10
        let step = multiple * power
        // 2.5 × 10^k needs one more decimal than 10^k.
        let decimals = Swift.max(0, -Int(Foundation.floor(Foundation.log10(step)) - (multiple == 2.5 ? 1 : 0)))
        var ticks: [Tick] = []
        var index = Foundation.ceil(low / step)
        while index * step <= high + step * 1e-9 {
            let value = index * step
            ticks.append(Tick(value: value, lines: [ReportFormat.fixed(value, decimals)]))
            index += 1
        }
        return ticks
    }

    /// `low...high` widened by a margin (5 % of the span, or 1 % of the value for a flat line)
    /// so no line runs along the frame.
    static func padded(low: Double, high: Double) -> (Double, Double) {
        let span = high - low
        if span > 0 { return (low - span * 0.05, high + span * 0.05) }
        let half = Swift.max(Swift.abs(low) * 0.01, 1)
        return (low - half, high + half)
    }
}
