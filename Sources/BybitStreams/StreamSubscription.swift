import BybitAPI

/// What a ``StreamHub`` subscribes to.
public struct StreamSubscription: Sendable {
    /// Ticker symbols and their category (`linear` or `inverse`): one public connection
    /// per category.
    public var tickers: [(symbol: String, category: Category)]
    /// The private topics (one authenticated connection for all of them).
    public var positions = false, wallet = false, orders = false, executions = false
    /// How long a subscribed public feed may be silent before a `stale` event, ms.
    public var staleAfterMs: Int64 = 10_000

    /// A subscription; nothing is sent until ``StreamHub/start(_:)``.
    public init(
        tickers: [(symbol: String, category: Category)] = [], positions: Bool = false, wallet: Bool = false,
        orders: Bool = false, executions: Bool = false, staleAfterMs: Int64 = 10_000
    ) {
        self.tickers = tickers
        self.positions = positions
        self.wallet = wallet
        self.orders = orders
        self.executions = executions
        self.staleAfterMs = staleAfterMs
    }

    /// Whether any private topic is asked for.
    public var needsPrivate: Bool { positions || wallet || orders || executions }

    /// The private topic names, all-in-one form (`position`, not `position.linear`).
    var privateTopics: [String] {
        var topics: [String] = []
        if positions { topics.append("position") }
        if wallet { topics.append("wallet") }
        if orders { topics.append("order") }
        if executions { topics.append("execution") }
        return topics
    }
}
