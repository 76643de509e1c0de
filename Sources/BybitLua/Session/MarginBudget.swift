import BybitAPI

/// What counts against the `--max-margin` caps, per coin: this run's adds (reserved before
/// the send; released when the call failed with nothing applied; kept when its outcome is
/// unknown, as it may have been applied; dry-run adds count too, so a dry run rehearses
/// the cap) and, with a window, what other runs of the key added inside it (the audit log).
/// With a window, this run's own adds also leave it as time passes, so a guard left running
/// for months gets the cap back every window.
final class MarginBudget {
    /// One of this run's adds.
    private struct Reservation {
        let token: Int
        let time: Int64
        let coin: String
        let amount: ExactDecimal
    }

    let caps: MarginCaps
    /// Other runs' adds; nil without a window.
    let history: MarginWindowLog?
    private var reservations: [Reservation] = []
    private var nextToken = 0
    private var loaded = false

    init(caps: MarginCaps, history: MarginWindowLog?) {
        self.caps = caps
        self.history = history
    }

    /// The window's start for `now` (milliseconds); nil without a window.
    func windowStart(now: Int64) -> Int64? {
        caps.windowSeconds.map { now - $0 * 1000 }
    }

    /// What is counted against each coin's cap now: this run's adds (inside the window, if
    /// any) plus other runs' from the log. Throws when the log cannot be read.
    func used(now: Int64) throws(BybitError) -> [String: ExactDecimal] {
        let since = windowStart(now: now) ?? .min
        if let start = windowStart(now: now) {
            reservations.removeAll { $0.time < start }
            if let history {
                if loaded { try history.refresh(since: start) } else { try history.load(since: start) }
                loaded = true
            }
        }
        var out = history?.used(since: since) ?? [:]
        for r in reservations where r.time >= since {
            out[r.coin] = (try? (out[r.coin] ?? .zero).adding(r.amount)) ?? out[r.coin]
        }
        return out
    }

    /// Counts an add before it is sent; the token releases it.
    func reserve(coin: String, amount: ExactDecimal, now: Int64) -> Int {
        nextToken += 1
        reservations.append(Reservation(token: nextToken, time: now, coin: coin, amount: amount))
        return nextToken
    }

    /// Un-counts an add that was not applied (refused, or failed before it was sent).
    func release(_ token: Int) {
        reservations.removeAll { $0.token == token }
    }
}
