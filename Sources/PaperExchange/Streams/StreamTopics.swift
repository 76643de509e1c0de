/// The three stream endpoints the paper exchange serves on its REST port.
enum StreamChannel: Sendable, Equatable {
    case publicLinear, publicInverse, privateAccount

    /// The channel served at `path` (a query such as `?max_active_time=1m` is ignored).
    init?(path: String) {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch bare {
        case "/v5/public/linear": self = .publicLinear
        case "/v5/public/inverse": self = .publicInverse
        case "/v5/private": self = .privateAccount
        default: return nil
        }
    }

    /// The path, as fault plans name it.
    var path: String {
        switch self {
        case .publicLinear: "/v5/public/linear"
        case .publicInverse: "/v5/public/inverse"
        case .privateAccount: "/v5/private"
        }
    }

    var isPublic: Bool { self != .privateAccount }

    /// The instrument category a public channel serves.
    var category: Instrument.Category? {
        switch self {
        case .publicLinear: .linear
        case .publicInverse: .inverse
        case .privateAccount: nil
        }
    }
}

/// A topic a client may subscribe to.
enum StreamTopic: Hashable, Sendable {
    /// `tickers.SYMBOL` on the public channel of the symbol's category.
    case ticker(String)
    /// `position`, `wallet`, `order`, `execution`, optionally categorised
    /// (`position.linear`): the account topics of the private channel.
    case account(AccountTopic, Instrument.Category?)

    /// The account topics.
    enum AccountTopic: String, Sendable, CaseIterable { case position, wallet, order, execution }

    /// The topic as subscribed, which is also the `topic` of what is pushed for it.
    var name: String {
        switch self {
        case .ticker(let symbol): "tickers." + symbol
        case .account(let kind, let category): kind.rawValue + (category.map { "." + $0.rawValue } ?? "")
        }
    }

    /// Parses `name` as a topic of `channel` over `book`'s instruments; nil when the
    /// channel has no handler for it (Bybit's "handler not found").
    init?(_ name: String, channel: StreamChannel, in book: Book) {
        if let category = channel.category {
            guard name.hasPrefix("tickers."), let i = book.instrument(String(name.dropFirst(8))),
                i.category == category
            else { return nil }
            self = .ticker(i.symbol)
            return
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let kind = parts.first.flatMap({ AccountTopic(rawValue: String($0)) }) else { return nil }
        switch parts.count {
        case 1: self = .account(kind, nil)
        case 2:
            // Categorised forms exist for the contract categories; `wallet` has none.
            guard kind != .wallet, let category = Instrument.Category(rawValue: String(parts[1])) else { return nil }
            self = .account(kind, category)
        default: return nil
        }
    }
}
