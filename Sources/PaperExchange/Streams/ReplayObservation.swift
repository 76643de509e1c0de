public import BybitWire

/// One applied mutation, as an in-process observer sees it (a replay's event feed): the
/// ledger entries it recorded and, on request, the account pushes a private stream
/// connection would have sent for it.
public struct ExchangeChange: Sendable {
    let change: BookChange

    /// The mutation's ledger entries, in order (an observer hears only of mutations that recorded some).
    public var entries: [LedgerEntry] { change.entries }

    /// What a private connection of `apiKey` subscribed to `topics` (`position`, `wallet`,
    /// `order`, `execution`) is pushed for this change: each row with its topic's kind, in
    /// the order a connection sends them. The rows are the stream's own (`entryPrice` etc.).
    public func pushes(apiKey: String, topics: [String], nowMs: Int64) -> [(kind: String, row: JSONValue)] {
        let parsed = topics.compactMap { StreamTopic.AccountTopic(rawValue: $0).map { StreamTopic.account($0, nil) } }
        var out: [(kind: String, row: JSONValue)] = []
        for message in AccountPublisher.messages(change, apiKey: apiKey, topics: parsed, nowMs: nowMs) {
            guard let topic = message["topic"]?.stringValue, case .array(let rows)? = message["data"] else { continue }
            for row in rows { out.append((topic, row)) }
        }
        return out
    }

    /// The side (`Buy`/`Sell`) of the position `entry` names, as it was before the change
    /// (a liquidated or closed position has none after), else after; nil for none.
    public func side(of entry: LedgerEntry) -> String? {
        let key = PositionKey(symbol: entry.symbol, positionIdx: entry.positionIdx)
        for book in [change.before, change.after] {
            if let side = book.accounts[entry.apiKey]?.positions[key]?.side { return side.rawValue }
        }
        return nil
    }

    /// The settle coin of `symbol`, nil when it is not listed.
    public func settleCoin(symbol: String) -> String? { change.after.instrument(symbol)?.settleCoin }
}

/// An open position's margin state, for a replay's trace.
public struct PositionState: Sendable {
    /// The position's symbol, side (`Buy`/`Sell`), size and `positionIdx`.
    public let symbol: String, side: String, size: ExactDecimal, positionIdx: Int
    /// The liquidation price (nil when there is none), `positionIM` and the mark used.
    public let liqPrice: ExactDecimal?, positionIM: ExactDecimal, mark: ExactDecimal
}

extension PaperExchange {
    /// Calls `observe` for every mutation applied from now on that recorded ledger entries
    /// (not for a mark move that triggered nothing), under the book's lock and in ledger
    /// order, before any stream connection hears of it: it must only record the change.
    public func observeChanges(_ observe: @escaping @Sendable (ExchangeChange) -> Void) {
        core.streams.observers.withLockedValue { $0.append { observe(ExchangeChange(change: $0)) } }
    }

    /// The open positions of `apiKey` on `symbol` (every symbol when nil), with their
    /// liquidation price and position margin at the current mark.
    public func positionStates(apiKey: String, symbol: String? = nil) -> [PositionState] {
        (try? core.read { (book: Book) throws(PaperAPIError) -> [PositionState] in
            guard let account = book.accounts[apiKey] else { return [] }
            var out: [PositionState] = []
            let slots = symbol.map { account.positions(on: $0) } ?? account.allPositions
            for p in slots where p.isOpen {
                guard let side = p.side, let m = try? book.metrics(p, in: account) else { continue }
                out.append(
                    PositionState(
                        symbol: p.symbol, side: side.rawValue, size: p.size, positionIdx: p.positionIdx,
                        liqPrice: m.liqPrice, positionIM: m.positionIM, mark: m.markPrice))
            }
            return out
        }) ?? []
    }

    /// The ticker of `symbol` as the exchange renders it (REST's and the stream's fields),
    /// nil when it is not listed.
    public func tickerRow(symbol: String) -> JSONValue? {
        let now = core.serverNowMs()
        return try? core.read { (book: Book) throws(PaperAPIError) -> JSONValue? in
            book.instrument(symbol).map { MarketRenderer.ticker($0, in: book, nowMs: now) }
        }
    }

    /// Every listed instrument's symbol.
    public var listedSymbols: Set<String> {
        (try? core.read { (book: Book) throws(PaperAPIError) in Set(book.instruments.map(\.symbol)) }) ?? []
    }

    /// The category (`linear`, `inverse`) of `symbol`, nil when it is not listed.
    public func category(symbol: String) -> String? {
        try? core.read { (book: Book) throws(PaperAPIError) in book.instrument(symbol)?.category.rawValue }
    }
}
