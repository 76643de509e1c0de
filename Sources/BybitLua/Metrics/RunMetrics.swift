import BybitAPI
import CoreMetrics
import NIOConcurrencyHelpers

/// What a run counts for `--metrics`: mutations by endpoint and outcome, margin moved per
/// coin, errors by kind, the streams' health, handler durations and event lag. Every
/// metric object is made once (a labelled one on its first use) and kept; an update is one
/// uncontended lock and an add, so it never delays a money call.
///
/// Off unless the runner calls ``enable(factory:)``: then ``current`` is nil and each
/// `RunMetrics.current?.…` at the places things happen costs one load.
public final class RunMetrics: Sendable {
    /// The run's metrics, set once by the runner before the script starts; nil without `--metrics`.
    public nonisolated(unsafe) private(set) static var current: RunMetrics?

    /// Makes the run's metrics on `factory` (the one `MetricsSystem.bootstrap` installed)
    /// and makes them ``current``. Call once, before the script runs.
    @discardableResult
    public static func enable(factory: any MetricsFactory) -> RunMetrics {
        let m = RunMetrics(factory: factory)
        current = m
        return m
    }

    let factory: any MetricsFactory
    /// The labelled series seen so far, by name and label values.
    private let counters = NIOLockedValueBox(SeriesTable<Counter>())
    private let amounts = NIOLockedValueBox(SeriesTable<FloatingPointCounter>())
    private let gauges = NIOLockedValueBox(SeriesTable<Gauge>())
    private let timers = NIOLockedValueBox(SeriesTable<Timer>())
    /// The hot series by their label values: mutations by endpoint then outcome; margin
    /// added and reduced by coin.
    private let mutations = NIOLockedValueBox<[String: [String: Counter]]>([:])
    private let coins = NIOLockedValueBox<[String: [FloatingPointCounter]]>([:])
    /// Stream state: the open loops' feeds, which are stale, when the last event came.
    let streams = NIOLockedValueBox(StreamState())

    /// More label sets than this per metric are counted under `other`: a script cannot grow
    /// the exposition without bound (`bybit.request` paths, error kinds are the script's input).
    static let maxSeries = 100

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    // MARK: What the session reports

    /// A mutation's outcome as the audit log records it (`ok`, `dry_run`, `guard`, `audit`,
    /// `outcome_unknown`, an error kind).
    public func mutation(endpoint: String, outcome: String) {
        // the hot path: two lookups, nothing built (this runs once per money call)
        if let c = mutations.withLockedValue({ $0[endpoint]?[outcome] }) { return c.increment() }
        let c = series(counters, "bybit_mutations_total", [("endpoint", endpoint), ("outcome", outcome)]) {
            Counter(label: "bybit_mutations_total", dimensions: $0, factory: factory)
        }
        mutations.withLockedValue { m in  // bounded: endpoints past the cap share `other` uncached
            if m.count < Self.maxSeries { m[endpoint, default: [:]][outcome] = c }
        }
        c.increment()
    }

    /// Margin added (or, negative, taken out) that the exchange confirmed. A double, for
    /// display only: the audit log holds the exact amounts.
    public func margin(coin: String, amount: ExactDecimal) {
        let value = amount.doubleValue
        guard value != 0 else { return }
        if let c = coins.withLockedValue({ $0[coin]?[value > 0 ? 0 : 1] }) { return c.increment(by: abs(value)) }
        let both = ["bybit_margin_added_total", "bybit_margin_reduced_total"].map { name in
            series(amounts, name, [("coin", coin)]) {
                FloatingPointCounter(label: name, dimensions: $0, factory: factory)
            }
        }
        coins.withLockedValue { if $0.count < Self.maxSeries { $0[coin] = both } }
        both[value > 0 ? 0 : 1].increment(by: abs(value))
    }

    /// An error raised to the script, by its `kind`.
    public func error(kind: String) {
        count("bybit_errors_total", [("kind", kind)])
    }

    // MARK: Plumbing

    func count(_ name: String, _ labels: [(String, String)]) {
        series(counters, name, labels) { Counter(label: name, dimensions: $0, factory: factory) }.increment()
    }

    func gauge(_ name: String, _ labels: [(String, String)]) -> Gauge {
        series(gauges, name, labels) { Gauge(label: name, dimensions: $0, factory: factory) }
    }

    func timer(_ name: String, _ labels: [(String, String)]) -> Timer {
        series(timers, name, labels) { Timer(label: name, dimensions: $0, factory: factory) }
    }

    /// The series `name{labels}`, made on first use; past ``maxSeries`` label sets of one
    /// metric, the last label's value becomes `other`.
    private func series<M: Sendable>(
        _ box: NIOLockedValueBox<SeriesTable<M>>, _ name: String, _ labels: [(String, String)],
        make: ([(String, String)]) -> M
    ) -> M {
        box.withLockedValue { table in
            var labels = labels
            if let m = table.series[SeriesTable<M>.key(name, labels)] { return m }
            if table.perName[name, default: 0] >= Self.maxSeries, !labels.isEmpty {
                labels[labels.count - 1].1 = "other"
                if let m = table.series[SeriesTable<M>.key(name, labels)] { return m }
            }
            let m = make(labels)
            table.series[SeriesTable<M>.key(name, labels)] = m
            table.perName[name, default: 0] += 1
            return m
        }
    }

    /// Brings the values that depend on the time of reading up to date (the last event's
    /// age, once a stream has been opened); the endpoint calls it before each scrape.
    public func refresh() {
        if let age = streams.withLockedValue({ $0.lastEventAgeSeconds(nowNs: StreamState.monotonicNs()) }) {
            gauge("bybit_stream_last_event_age_seconds", []).record(age)
        }
    }
}

/// One kind of metric object by name and label values, and how many label sets each name has.
struct SeriesTable<M: Sendable>: Sendable {
    var series: [String: M] = [:]
    var perName: [String: Int] = [:]

    static func key(_ name: String, _ labels: [(String, String)]) -> String {
        labels.reduce(into: name) { $0 += "\u{1}" + $1.1 }
    }
}
