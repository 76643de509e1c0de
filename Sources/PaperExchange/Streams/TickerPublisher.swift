/// One connection's `tickers.SYMBOL` state: what it last sent per symbol and when.
///
/// The first push of a symbol (after subscribing, or after a silent stretch swallowed it)
/// is a `snapshot` with every field; later ones are `delta`s with `symbol` and only the
/// fields that changed since what was last *sent*, so a push lost to silence is folded into
/// the next one and a client's merged state stays right. At most one push per symbol per
/// ``interval``; a change inside the interval is sent when it ends, merged with any later one.
struct TickerPublisher {
    /// Bybit's push interval for derivatives tickers.
    static let interval = Duration.milliseconds(100)

    private var sent: [String: [(String, JSONNode)]] = [:]
    private var lastAt: [String: ContinuousClock.Instant] = [:]
    private var pending: Set<String> = []

    /// What to do about a change of `symbol`'s mark.
    enum Timing: Equatable {
        /// Push now.
        case now
        /// A push is due at this instant (schedule it).
        case at(ContinuousClock.Instant)
        /// A push is already scheduled.
        case scheduled
    }

    /// When the change of `symbol` may be pushed.
    mutating func timing(_ symbol: String, now: ContinuousClock.Instant = .now) -> Timing {
        if pending.contains(symbol) { return .scheduled }
        guard let last = lastAt[symbol], now < last + Self.interval else { return .now }
        pending.insert(symbol)
        return .at(last + Self.interval)
    }

    /// The scheduled push of `symbol` is due.
    mutating func fire(_ symbol: String) { pending.remove(symbol) }

    /// The message for `ticker` (a rendered ticker object), nil when nothing changed since
    /// the last push. Nothing is recorded until ``sent(_:fields:)``.
    func message(_ symbol: String, ticker: JSONNode, cs: Int64, ts: Int64) -> (JSONNode, [(String, JSONNode)])? {
        let fields = (ticker.objectValue ?? JSONObject()).map { ($0.key, $0.value) }
        let type: String
        let data: [(String, JSONNode)]
        if let previous = sent[symbol] {
            let old = Dictionary(previous, uniquingKeysWith: { $1 })
            let changed = fields.filter { $0.0 != "symbol" && old[$0.0] != $0.1 }
            guard !changed.isEmpty else { return nil }
            type = "delta"
            data = [("symbol", .string(symbol))] + changed
        } else {
            type = "snapshot"
            data = fields
        }
        let message = JSONNode.object([
            ("topic", .string("tickers." + symbol)), ("type", .string(type)), ("data", .object(data)),
            ("cs", .int(cs)), ("ts", .int(ts)),
        ])
        return (message, fields)
    }

    /// Records a push as sent.
    mutating func sent(_ symbol: String, fields: [(String, JSONNode)], at now: ContinuousClock.Instant = .now) {
        sent[symbol] = fields
        lastAt[symbol] = now
    }

    /// Forgets a symbol (unsubscribed): a new subscription starts with a snapshot.
    mutating func forget(_ symbol: String) {
        sent[symbol] = nil
        lastAt[symbol] = nil
        pending.remove(symbol)
    }
}
