import BybitWire

/// A price series over time in bounded memory: at most ``capacity`` buckets of equal width,
/// each keeping its lowest and highest value and when they happened.
///
/// The width starts at 1 ms and doubles (merging neighbouring buckets) whenever a value
/// falls past the last bucket, so a day of ticks or a year of them costs the same memory.
/// Keeping both extremes of every bucket means a one-tick spike is still drawn at any
/// zoom: a chart that kept only every n-th value, or averages, would hide exactly the
/// moment a liquidation guard exists for.
struct MinMaxSeries: Sendable {
    /// The lowest and highest value that fell in one bucket.
    struct Bucket: Sendable, Equatable {
        var minTimeMs: Int64
        var min: ExactDecimal
        var maxTimeMs: Int64
        var max: ExactDecimal
        /// The line is broken before this bucket (the position was closed in between).
        var startsSegment: Bool
    }

    /// One point to draw, in time order.
    struct Point: Sendable, Equatable {
        var timeMs: Int64
        var value: ExactDecimal
        var startsSegment: Bool
    }

    let capacity: Int
    private(set) var originMs: Int64?
    private(set) var widthMs: Int64 = 1
    private var buckets: [Bucket?] = []
    private var breakPending = false

    /// - Parameter capacity: the most buckets kept (2,000 is finer than any screen).
    init(capacity: Int = 2_000) {
        precondition(capacity >= 2, "a series needs at least two buckets")
        self.capacity = capacity
    }

    /// Whether no value was added yet.
    var isEmpty: Bool { originMs == nil }

    /// Starts a new line segment at the next value (nothing is drawn across the gap).
    mutating func breakLine() {
        if !isEmpty { breakPending = true }
    }

    /// Adds `value` at `timeMs`. Times before the first one are counted in the first bucket.
    mutating func add(timeMs: Int64, value: ExactDecimal) {
        let origin = originMs ?? timeMs
        originMs = origin
        var index = Swift.max(0, (timeMs - origin) / widthMs)
        while index >= Int64(capacity) {
            coarsen()
            index = Swift.max(0, (timeMs - origin) / widthMs)
        }
        let slot = Int(index)
        if slot >= buckets.count { buckets.append(contentsOf: repeatElement(nil, count: slot - buckets.count + 1)) }
        if var bucket = buckets[slot] {
            if value < bucket.min { (bucket.min, bucket.minTimeMs) = (value, timeMs) }
            if value > bucket.max { (bucket.max, bucket.maxTimeMs) = (value, timeMs) }
            if breakPending { bucket.startsSegment = true }
            buckets[slot] = bucket
        } else {
            buckets[slot] = Bucket(
                minTimeMs: timeMs, min: value, maxTimeMs: timeMs, max: value, startsSegment: breakPending)
        }
        breakPending = false
    }

    /// Doubles the bucket width, merging each pair of neighbours into one.
    private mutating func coarsen() {
        var merged: [Bucket?] = []
        merged.reserveCapacity(capacity / 2 + 1)
        var i = 0
        while i < buckets.count {
            let left = buckets[i]
            let right = i + 1 < buckets.count ? buckets[i + 1] : nil
            merged.append(Self.merge(left, right))
            i += 2
        }
        buckets = merged
        widthMs *= 2
    }

    private static func merge(_ left: Bucket?, _ right: Bucket?) -> Bucket? {
        guard var result = left else { return right }
        guard let right else { return result }
        if right.min < result.min { (result.min, result.minTimeMs) = (right.min, right.minTimeMs) }
        if right.max > result.max { (result.max, result.maxTimeMs) = (right.max, right.maxTimeMs) }
        result.startsSegment = result.startsSegment || right.startsSegment
        return result
    }

    /// The points to draw, oldest first: each bucket's extremes in the order they happened.
    var points: [Point] {
        var result: [Point] = []
        result.reserveCapacity(buckets.count * 2)
        for case let bucket? in buckets {
            let low = Point(timeMs: bucket.minTimeMs, value: bucket.min, startsSegment: bucket.startsSegment)
            let high = Point(timeMs: bucket.maxTimeMs, value: bucket.max, startsSegment: bucket.startsSegment)
            if bucket.minTimeMs == bucket.maxTimeMs && bucket.min == bucket.max {
                result.append(low)
            } else if bucket.minTimeMs <= bucket.maxTimeMs {
                result.append(low)
                result.append(Point(timeMs: high.timeMs, value: high.value, startsSegment: false))
            } else {
                result.append(high)
                result.append(Point(timeMs: low.timeMs, value: low.value, startsSegment: false))
            }
        }
        return result
    }

    /// The number of buckets holding a value (at most ``capacity``).
    var bucketCount: Int { buckets.count(where: { $0 != nil }) }
}
