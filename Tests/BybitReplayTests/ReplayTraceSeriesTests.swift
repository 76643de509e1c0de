import BybitWire
import Testing

@testable import BybitReplay

/// The report's bounded memory: marks downsampled into min/max buckets that never lose a
/// spike, and markers merged pairwise without losing an amount.
@Suite struct ReplayTraceSeriesTests {
    /// 300,000 flat ticks (more than a day at 1 s) with one spike down and one up: at most
    /// 2,000 buckets remain, and both spikes are still drawn at their exact time and value.
    @Test func aOneTickSpikeSurvivesDownsampling() throws {
        var series = MinMaxSeries()
        let start: Int64 = 1_722_816_000_000
        let flat = ExactDecimal(100)
        let down = try ExactDecimal(parsing: "1.5")
        let up = ExactDecimal(500)
        for i in 0..<300_000 {
            let value = i == 123_457 ? down : i == 200_001 ? up : flat
            series.add(timeMs: start + Int64(i) * 1000, value: value)
        }
        #expect(series.bucketCount <= 2_000)
        #expect(series.bucketCount > 1_000, "coarsened further than needed: \(series.bucketCount)")
        let points = series.points
        #expect(points.count <= 4_000)
        #expect(points.contains { $0.timeMs == start + 123_457_000 && $0.value == down })
        #expect(points.contains { $0.timeMs == start + 200_001_000 && $0.value == up })
        #expect(points.map(\.timeMs) == points.map(\.timeMs).sorted(), "points out of time order")
        #expect(points.first?.timeMs == start)
        // A flat last bucket is drawn at its first tick: at most one bucket before the end.
        #expect((points.last?.timeMs ?? 0) > start + 299_999_000 - series.widthMs)
    }

    /// The bucket count stays under the capacity whatever the length: ten times the ticks,
    /// the same memory.
    @Test func memoryDoesNotGrowWithTheNumberOfTicks() {
        var short = MinMaxSeries(capacity: 100)
        var long = MinMaxSeries(capacity: 100)
        for i in 0..<10_000 { short.add(timeMs: Int64(i) * 1000, value: ExactDecimal(i % 7)) }
        for i in 0..<100_000 { long.add(timeMs: Int64(i) * 1000, value: ExactDecimal(i % 7)) }
        #expect(short.bucketCount <= 100)
        #expect(long.bucketCount <= 100)
        #expect(long.widthMs > short.widthMs)
    }

    /// A closed position breaks its liquidation line: the first value after the gap starts
    /// a new segment, even after the buckets around it were merged.
    @Test func aBreakStartsANewSegment() {
        var series = MinMaxSeries(capacity: 10)
        series.add(timeMs: 0, value: 10)
        series.add(timeMs: 1, value: 11)
        series.breakLine()
        series.add(timeMs: 5, value: 12)
        #expect(series.points.map(\.startsSegment) == [false, false, true])
        for t in 6..<100 { series.add(timeMs: Int64(t), value: 12) }
        #expect(series.points.contains { $0.startsSegment })
    }

    /// 1,000 margin adds of 0.001 BTC and 1,000 USDT kept as at most 8 markers: the counts
    /// and exact totals are all still there, and the first and last times too.
    @Test func markersMergeWithoutLosingAnAmount() throws {
        var markers = ReportMarkers(capacity: 8)
        let btc = try ExactDecimal(parsing: "0.001")
        for i in 0..<1_000 {
            let coin = i % 2 == 0 ? "BTC" : "USDT"
            markers.append(
                ReportMarker(
                    kind: .marginAdded, firstMs: Int64(i), lastMs: Int64(i), count: 1,
                    totals: [coin: coin == "BTC" ? btc : 1000], mark: nil))
        }
        #expect(markers.markers.count <= 8)
        #expect(markers.markers.map(\.count).reduce(0, +) == 1_000)
        let btcTotal = try markers.markers.compactMap { $0.totals["BTC"] }.sum()
        let usdtTotal = try markers.markers.compactMap { $0.totals["USDT"] }.sum()
        #expect(btcTotal == (try ExactDecimal(parsing: "0.5")))
        #expect(usdtTotal == 500_000)
        #expect(markers.markers.first?.firstMs == 0)
        #expect(markers.markers.last?.lastMs == 999)
    }
}
