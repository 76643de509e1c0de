/// What one applied mutation pushes on a private connection: Bybit's `order`,
/// `execution`, `position` and `wallet` messages, each `{"id", "topic", "creationTime",
/// "data": [...]}`, with the rows in the REST objects' shapes (plus `category`, and the
/// position's `entryPrice`, the name the stream gives REST's `avgPrice`).
///
/// A change is the account's when one of its ledger entries records it (a refused order
/// changed nothing). Positions pushed are those the entries name and any other whose
/// state differs before and after (a margin-mode switch touches them all); the wallet is
/// pushed with every change; orders that are new or changed; fills that are new.
enum AccountPublisher {
    static func messages(
        _ change: BookChange, apiKey: String, topics: [StreamTopic], nowMs: Int64
    ) -> [JSONNode] {
        let mine = change.entries.filter { $0.apiKey == apiKey && $0.action != .orderRefused }
        guard !mine.isEmpty, !topics.isEmpty, let account = change.after.accounts[apiKey] else { return [] }
        let book = change.after
        var rows: [StreamTopic.AccountTopic: [(Instrument.Category?, JSONNode)]] = [:]
        let wanted = Set(topics.compactMap { if case .account(let kind, _) = $0 { kind } else { nil } })
        if wanted.contains(.order) {
            let before = Dictionary(
                change.before.trading.orders(apiKey).map { ($0.orderId, $0) }, uniquingKeysWith: { $1 })
            for order in book.trading.orders(apiKey) where before[order.orderId] != order {
                rows[.order, default: []].append(
                    (
                        order.category,
                        withCategory(
                            OrderRenderer.order(order, instrument: book.instrument(order.symbol)),
                            order.category)
                    ))
            }
        }
        if wanted.contains(.execution) {
            let last = change.before.trading.executions(apiKey).last?.execId
            let all = book.trading.executions(apiKey)
            let start = last.flatMap { id in all.lastIndex { $0.execId == id }.map { $0 + 1 } } ?? 0
            for e in all[start...] {
                rows[.execution, default: []].append(
                    (
                        e.category,
                        withCategory(
                            OrderRenderer.execution(e, instrument: book.instrument(e.symbol)),
                            e.category)
                    ))
            }
        }
        if wanted.contains(.position) {
            for p in changedPositions(change, account: account, entries: mine) {
                guard let instrument = book.instrument(p.symbol), let m = try? book.metrics(p, in: account) else {
                    continue
                }
                let row = PositionRenderer.render(p, metrics: m, instrument: instrument, includeCategory: true)
                rows[.position, default: []].append((instrument.category, withEntryPrice(row)))
            }
        }
        if wanted.contains(.wallet), let wallet = try? WalletRenderer.render(account, in: book, coins: nil) {
            rows[.wallet] = [(nil, wallet)]
        }
        var messages: [JSONNode] = []
        var n = 0
        for topic in topics {
            guard case .account(let kind, let category) = topic, let candidates = rows[kind] else { continue }
            let data = candidates.filter { category == nil || $0.0 == category }.map(\.1)
            guard !data.isEmpty else { continue }
            n += 1
            messages.append(
                .object([
                    ("id", .string("\(change.seq)-\(n)")), ("topic", .string(topic.name)),
                    ("creationTime", .int(nowMs)), ("data", .array(data)),
                ]))
        }
        return messages
    }

    /// The positions the entries name, then any other whose state changed (one closed and
    /// removed reads as its flat slot), in a stable order.
    static func changedPositions(_ change: BookChange, account: Account, entries: [LedgerEntry]) -> [Position] {
        let before = change.before.accounts[account.apiKey]?.positions ?? [:]
        var keys: [PositionKey] = []
        for entry in entries where !entry.symbol.isEmpty {
            let key = PositionKey(symbol: entry.symbol, positionIdx: entry.positionIdx)
            if !keys.contains(key) { keys.append(key) }
        }
        for key in Set(account.positions.keys).union(before.keys).sorted() where !keys.contains(key) {
            if before[key] != account.positions[key] { keys.append(key) }
        }
        return keys.compactMap { key in
            guard let instrument = change.after.instrument(key.symbol) else { return nil }
            return account.positions[key]
                ?? account.position(
                    symbol: key.symbol, positionIdx: key.positionIdx, defaultLeverage: instrument.defaultLeverage)
        }
    }

    private static func withCategory(_ row: JSONNode, _ category: Instrument.Category) -> JSONNode {
        guard let members = row.objectValue, members["category"] == nil else { return row }
        return .object([("category", .string(category.rawValue))] + members.map { ($0.key, $0.value) })
    }

    private static func withEntryPrice(_ row: JSONNode) -> JSONNode {
        guard let members = row.objectValue, let avg = members["avgPrice"] else { return row }
        return .object(members.map { ($0.key, $0.value) } + [("entryPrice", avg)])
    }
}
