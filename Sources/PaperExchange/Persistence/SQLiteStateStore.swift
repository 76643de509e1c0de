import BybitAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--state FILE`: the accounts, marks and ledger in SQLite, so a long-running shared
/// paper exchange survives a restart with nothing lost.
///
/// Every mutation is written in one transaction with `synchronous=FULL` (WAL journal)
/// inside the book's lock, before the change becomes visible or is acknowledged: when the
/// client hears "OK", the change is on disk. Instruments are not stored — they come from
/// the defaults or the scenario at each start. The file holds the API secrets (it is
/// created readable by its owner only).
final class SQLiteStateStore: StateStore, @unchecked Sendable {
    private let db: SQLiteDatabase

    init(path: String) throws {
        db = try SQLiteDatabase(path: path)
        chmod(path, 0o600)
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=FULL")
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS accounts(api_key TEXT PRIMARY KEY, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS marks(symbol TEXT PRIMARY KEY, price TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS ledger(seq INTEGER PRIMARY KEY, action TEXT NOT NULL, doc TEXT NOT NULL);
            INSERT OR IGNORE INTO meta VALUES('schema', '1');
            """)
        try db.execute(TradingRecord.schema)
    }

    /// The stored state on top of `book` (whose instruments and any configured keys the
    /// file does not know are kept), or nil for a new file.
    func load(into book: Book, credentials: [APICredential]) throws -> Book? {
        let accountRows = try db.query("SELECT doc FROM accounts ORDER BY api_key")
        guard !accountRows.isEmpty else { return nil }
        var restored = book
        restored.accounts = [:]
        for row in accountRows {
            let account = try AccountRecord.decode(row[0] ?? "")
            restored.accounts[account.apiKey] = account
        }
        for credential in credentials where restored.accounts[credential.apiKey] == nil {
            restored.accounts[credential.apiKey] = book.accounts[credential.apiKey]
        }
        for row in try db.query("SELECT symbol, price FROM marks") {
            // A mark the price filter refuses (from a file an older version wrote) is
            // dropped like an unparsable one: the instrument keeps its starting mark.
            guard let symbol = row[0], let instrument = restored.instrument(symbol),
                let price = try? ExactDecimal(parsing: row[1] ?? ""), instrument.markPriceProblem(price) == nil
            else { continue }
            restored.marks[symbol] = price
            restored.markRange[symbol] = (price, price)
        }
        restored.ledger = try loadLedger()
        try TradingRecord.load(db, into: &restored)
        return restored
    }

    private func loadLedger() throws -> Ledger {
        var counts: [LedgerEntry.Action: Int] = [:]
        for row in try db.query("SELECT action, COUNT(*) FROM ledger GROUP BY action") {
            if let action = row[0].flatMap(LedgerEntry.Action.init(rawValue:)) {
                counts[action] = Int(row[1] ?? "0") ?? 0
            }
        }
        let total = Int(try db.query("SELECT COALESCE(MAX(seq), 0) FROM ledger").first?[0] ?? "0") ?? 0
        let rows = try db.query("SELECT doc FROM ledger ORDER BY seq DESC LIMIT ?", [.int(Int64(Ledger.retained))])
        let entries = try rows.reversed().map { row in try LedgerRecord.decode(row[0] ?? "") }
        return Ledger(entries: entries, total: total, counts: counts)
    }

    /// Writes everything (a new file, or keys added by configuration).
    func saveAll(_ book: Book) throws {
        try db.transaction { () throws(SQLiteDatabase.Failure) in
            for account in book.accounts.values { try upsert(account) }
            for (symbol, price) in book.marks { try upsertMark(symbol, price) }
        }
    }

    func save(changesFrom old: Book, to new: Book) throws(PaperAPIError) {
        do {
            try db.transaction { () throws(SQLiteDatabase.Failure) in
                for (key, account) in new.accounts {
                    if let before = old.accounts[key], AccountRecord.sameState(before, account) { continue }
                    try upsert(account)
                }
                for (symbol, price) in new.marks where old.marks[symbol] != price { try upsertMark(symbol, price) }
                try TradingRecord.save(db, from: old, to: new)
                for entry in new.ledger.entries where entry.seq > old.ledger.total {
                    try db.run(
                        "INSERT INTO ledger(seq, action, doc) VALUES(?, ?, ?)",
                        [.int(Int64(entry.seq)), .text(entry.action.rawValue), .text(entry.json.serialized)])
                }
            }
        } catch {
            throw PaperAPIError.internalFailure("state file: \(error.description)")
        }
    }

    private func upsert(_ account: Account) throws(SQLiteDatabase.Failure) {
        try db.run(
            "INSERT INTO accounts(api_key, doc) VALUES(?, ?) ON CONFLICT(api_key) DO UPDATE SET doc = excluded.doc",
            [.text(account.apiKey), .text(AccountRecord.encode(account))])
    }

    private func upsertMark(_ symbol: String, _ price: ExactDecimal) throws(SQLiteDatabase.Failure) {
        try db.run(
            "INSERT INTO marks(symbol, price) VALUES(?, ?) ON CONFLICT(symbol) DO UPDATE SET price = excluded.price",
            [.text(symbol), .text(price.description)])
    }
}

/// A ledger entry back from its JSON form (``LedgerEntry/json``).
enum LedgerRecord {
    static func decode(_ text: String) throws -> LedgerEntry {
        let doc = try JSONParser.parse(Array(text.utf8))
        guard let seq = doc["seq"]?.int64Value,
            let action = doc["action"]?.stringValue.flatMap(LedgerEntry.Action.init(rawValue:))
        else { throw ScenarioError("state file: unreadable ledger entry") }
        var detail: [String: String] = [:]
        for (key, value) in doc["detail"]?.objectMembers ?? [] { detail[key] = value.stringValue ?? "" }
        return LedgerEntry(
            seq: Int(seq), timeMs: doc["time"]?.int64Value ?? 0, apiKey: doc["apiKey"]?.stringValue ?? "",
            action: action,
            symbol: doc["symbol"]?.stringValue ?? "", positionIdx: Int(doc["positionIdx"]?.int64Value ?? 0),
            detail: detail)
    }
}
