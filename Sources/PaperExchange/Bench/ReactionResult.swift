import BybitWire

/// The figures of one reaction-time run: per breach a sample (push → add-margin arrival,
/// ns), or why there is none.
struct ReactionResult: Sendable {
    /// Breaches the run was asked for.
    var planned = 0
    /// Breaches settled so far.
    var breaches = 0
    /// Push-to-arrival times, ns, in breach order.
    var samples: [Int64] = []
    /// Breaches whose breaching ticker no connection pushed (no client subscribed).
    var missedPush = 0
    /// Breaches pushed but answered by no add-margin before the next one was armed.
    var missedReaction = 0
    /// Add-margins that arrived before their breach's push (not reactions to it).
    var early = 0
    /// Add-margins with no breach waiting for them (another symbol, a second call).
    var unmatched = 0
    /// The run has ended (its last breach settled).
    var finished = false

    mutating func add(nanoseconds: Int64) { samples.append(nanoseconds) }

    /// The sample at quantile `q` (nearest rank), µs; nil without samples.
    func quantileMicros(_ q: Double) -> Double? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let rank = min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
        return Double(sorted[rank]) / 1000
    }

    /// `GET /paper/bench/reaction`'s result: counts, then p50/p90/p99/max/mean in µs
    /// (null without samples); `samplesUs` only when asked for.
    func json(withSamples: Bool) -> JSONNode {
        func micros(_ v: Double?) -> JSONNode { v.map { .string(String(format3($0))) } ?? .null }
        let mean = samples.isEmpty ? nil : Double(samples.reduce(0, +)) / Double(samples.count) / 1000
        var fields: [(String, JSONNode)] = [
            ("finished", .bool(finished)), ("planned", .int(Int64(planned))), ("breaches", .int(Int64(breaches))),
            ("count", .int(Int64(samples.count))), ("missedPush", .int(Int64(missedPush))),
            ("missedReaction", .int(Int64(missedReaction))), ("early", .int(Int64(early))),
            ("unmatched", .int(Int64(unmatched))),
            ("minUs", micros(samples.min().map { Double($0) / 1000 })), ("p50Us", micros(quantileMicros(0.5))),
            ("p90Us", micros(quantileMicros(0.9))), ("p99Us", micros(quantileMicros(0.99))),
            ("maxUs", micros(quantileMicros(1))), ("meanUs", micros(mean)),
        ]
        if withSamples {
            fields.append(("samplesUs", .array(samples.map { .string(format3(Double($0) / 1000)) })))
        }
        return .object(fields)
    }
}

/// `v` with exactly three decimals (ns resolution of a µs figure), as text.
private func format3(_ v: Double) -> String {
    let thousandths = Int64((v * 1000).rounded())
    let whole = thousandths / 1000
    let frac = thousandths % 1000
    let pad = frac < 10 ? "00" : frac < 100 ? "0" : ""
    return "\(whole).\(pad)\(frac)"
}
