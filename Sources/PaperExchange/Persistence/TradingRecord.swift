import BybitAPI

/// What the state file keeps of trading, beside the accounts (``AccountRecord``): per
/// account, the positions' stops, the open (resting) orders and the id counters, as one
/// JSON document in `trading`; every `orderLinkId` ever used in `order_links`, so a
/// duplicate is refused (110072) across a restart. Finished orders and fills are not
/// kept: `order/history` and `execution/list` start empty after a restart.
enum TradingRecord {
    static let schema = """
        CREATE TABLE IF NOT EXISTS trading(api_key TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS order_links(api_key TEXT NOT NULL, link TEXT NOT NULL, PRIMARY KEY(api_key, link));
        """

    /// Writes the documents and links that changed between `old` and `new`.
    static func save(_ db: SQLiteDatabase, from old: Book, to new: Book) throws(SQLiteDatabase.Failure) {
        for (apiKey, account) in new.accounts {
            let doc = encode(account, new.trading)
            if let before = old.accounts[apiKey], encode(before, old.trading) == doc { continue }
            try db.run(
                "INSERT INTO trading(api_key, doc) VALUES(?, ?) ON CONFLICT(api_key) DO UPDATE SET doc = excluded.doc",
                [.text(apiKey), .text(doc)])
            let links = new.trading.record(apiKey).orderLinkIds
            let known = old.trading.record(apiKey).orderLinkIds
            guard links.count != known.count else { continue }
            for link in links.subtracting(known).sorted() {
                try db.run(
                    "INSERT OR IGNORE INTO order_links(api_key, link) VALUES(?, ?)", [.text(apiKey), .text(link)])
            }
        }
    }

    /// Restores stops, open orders, links and counters into `book` (accounts already loaded).
    static func load(_ db: SQLiteDatabase, into book: inout Book) throws {
        var links: [String: Set<String>] = [:]
        for row in try db.query("SELECT api_key, link FROM order_links") {
            guard let key = row[0], let link = row[1] else { continue }
            links[key, default: []].insert(link)
        }
        for row in try db.query("SELECT api_key, doc FROM trading") {
            guard let apiKey = row[0], var account = book.accounts[apiKey] else { continue }
            let doc = try JSONParser.parse(Array((row[1] ?? "").utf8))
            for s in doc["stops"]?.arrayValue ?? [] {
                let f = StoredFields(node: s, path: "state file: stops of '\(apiKey)'")
                let key = PositionKey(symbol: try f.text("symbol"), positionIdx: try f.int("positionIdx"))
                guard var position = account.positions[key] else { continue }
                position.stops.takeProfit = try f.decimal("takeProfit")
                position.stops.stopLoss = try f.decimal("stopLoss")
                position.stops.trailingStop = try f.decimal("trailingStop")
                position.stops.trailingPeak = try f.decimal("trailingPeak")
                position.stops.tpTriggerBy = try f.text("tpTriggerBy")
                position.stops.slTriggerBy = try f.text("slTriggerBy")
                account.store(position)
            }
            book.accounts[apiKey] = account
            let orders = try (doc["openOrders"]?.arrayValue ?? []).enumerated().map { i, o in
                try OrderRecord.decode(o, at: "state file: open order \(i) of '\(apiKey)'")
            }
            book.trading.restore(
                apiKey: apiKey, openOrders: orders, orderLinkIds: links[apiKey] ?? [],
                orderSeq: Int(doc["orderSeq"]?.int64Value ?? 0), execSeq: Int(doc["execSeq"]?.int64Value ?? 0))
        }
    }

    static func encode(_ account: Account, _ trading: TradingBook) -> String {
        let stops: [JSONNode] = account.allPositions.filter { !$0.stops.isEmpty }.map { p in
            .object([
                ("symbol", .string(p.symbol)), ("positionIdx", .int(p.positionIdx)),
                ("takeProfit", .string(p.stops.takeProfit.description)),
                ("stopLoss", .string(p.stops.stopLoss.description)),
                ("trailingStop", .string(p.stops.trailingStop.description)),
                ("trailingPeak", .string(p.stops.trailingPeak.description)),
                ("tpTriggerBy", .string(p.stops.tpTriggerBy)), ("slTriggerBy", .string(p.stops.slTriggerBy)),
            ])
        }
        return JSONNode.object([
            ("stops", .array(stops)),
            ("openOrders", .array(trading.openOrders(account.apiKey).map(OrderRecord.encode))),
            ("orderSeq", .int(trading.orderSeq)), ("execSeq", .int(trading.execSeq)),
        ]).serialized
    }
}

/// Reads a stored document's fields; a missing or mistyped one is an error naming it.
struct StoredFields {
    let node: JSONNode
    let path: String

    func text(_ key: String) throws(ScenarioError) -> String {
        guard let s = node[key]?.stringValue else { throw ScenarioError("\(path): \(key) is missing") }
        return s
    }

    func int(_ key: String) throws(ScenarioError) -> Int {
        guard let n = node[key]?.int64Value, let i = Int(exactly: n) else {
            throw ScenarioError("\(path): \(key) must be an integer")
        }
        return i
    }

    func decimal(_ key: String) throws(ScenarioError) -> ExactDecimal {
        let s = try text(key)
        guard let d = try? ExactDecimal(parsing: s) else {
            throw ScenarioError("\(path): \(key) '\(s)' is not a decimal")
        }
        return d
    }

    func bool(_ key: String) -> Bool { node[key] == .bool(true) }
}
