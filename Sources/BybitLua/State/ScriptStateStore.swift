import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit.state`'s file: a SQLite database of one script's keys and values, kept apart
/// per environment (`scope`: a paper run never reads what a mainnet run stored).
///
/// Opened on first use, so a script that never calls `bybit.state` creates no file.
/// Every `set` is one committed SQLite transaction in WAL mode with `synchronous=FULL`:
/// when it returns, the write is on disk and survives a kill -9 or a power cut. Two runs
/// may share a file: a write waits (up to ``busyTimeoutMs``) for the other's to finish.
public final class ScriptStateStore: @unchecked Sendable {
    /// Where the store lives.
    public enum Location: Sendable, Equatable {
        /// A database file, created (mode 0600, missing directories 0700) on first use.
        case file(String)
        /// In memory for this run only (`bybit-lua test`: each spec file starts empty).
        case memory
        /// No store: using `bybit.state` raises this reason.
        case unavailable(String)
    }

    /// Why the store could not be used, in the user's terms (the path included).
    public struct Failure: Error, Sendable {
        public let message: String
    }

    public let location: Location
    /// The environment the keys belong to: `paper`, `testnet`, `demo`, `mainnet` or `custom <url>`.
    public let scope: String
    /// How long a write waits for another run's write to the same file.
    public static let busyTimeoutMs: Int32 = 10_000

    private let lock = NIOLock()
    private var database: StateDatabase?

    public init(location: Location, scope: String) {
        self.location = location
        self.scope = scope
    }

    /// The stored value of `key`, or nil.
    public func get(_ key: [UInt8]) throws(Failure) -> StateValue? {
        try withDatabase { db throws(Failure) -> StateValue? in
            let rows = try run(db) { () throws(StateDatabase.Failure) in
                try db.query(
                    "SELECT value FROM bybit_lua_state WHERE scope = ? AND key = ?", [.text(scope), .blob(key)])
            }
            guard let bytes = rows.first?[0] else { return nil }
            do throws(StateCodec.Corrupt) { return try StateCodec.decode(bytes) } catch {
                throw Failure(
                    message:
                        "\(describe): the value of key '\(String(decoding: key, as: UTF8.self))' cannot be read (\(error.reason)); the file was left as it is"
                )
            }
        }
    }

    /// Stores `value` under `key` (nil deletes it), durably, before returning.
    public func set(_ key: [UInt8], _ value: StateValue?) throws(Failure) {
        let encoded = value.map(StateCodec.encode)
        if let encoded, encoded.count > StateLimits.maxValueBytes {
            throw Failure(message: "the value is \(encoded.count) bytes stored; at most \(StateLimits.maxValueBytes)")
        }
        try withDatabase { db throws(Failure) in
            try run(db) { () throws(StateDatabase.Failure) in
                if let encoded {
                    try db.query(
                        """
                        INSERT INTO bybit_lua_state(scope, key, value, updated_ms) VALUES(?, ?, ?, ?)
                        ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms
                        """, [.text(scope), .blob(key), .blob(encoded), .text(String(AuditLog.nowMilliseconds()))])
                } else {
                    try db.query("DELETE FROM bybit_lua_state WHERE scope = ? AND key = ?", [.text(scope), .blob(key)])
                }
            }
        }
    }

    /// Adds `amount` (an integer or a decimal) to the number under `key` (0 when missing) in
    /// one write transaction, so two runs adding at once both count; returns the sum, which
    /// is on disk. Integers stay integers; with a decimal the sum is an exact decimal.
    public func add(_ key: [UInt8], _ amount: StateValue) throws(Failure) -> StateValue {
        try withDatabase { db throws(Failure) -> StateValue in
            var result: Result<StateValue, Failure> = .failure(Failure(message: "nothing was added"))
            try run(db) { () throws(StateDatabase.Failure) in
                try db.transaction { () throws(StateDatabase.Failure) in
                    let rows = try db.query(
                        "SELECT value FROM bybit_lua_state WHERE scope = ? AND key = ?", [.text(scope), .blob(key)])
                    let old: StateValue? = rows.first?[0].map { try? StateCodec.decode($0) } ?? .integer(0)
                    result = StateArithmetic.sum(old, amount, key: key)
                    guard case .success(let sum) = result else { return }
                    try db.query(
                        """
                        INSERT INTO bybit_lua_state(scope, key, value, updated_ms) VALUES(?, ?, ?, ?)
                        ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms
                        """,
                        [
                            .text(scope), .blob(key), .blob(StateCodec.encode(sum)),
                            .text(String(AuditLog.nowMilliseconds())),
                        ])
                }
            }
            return try result.get()
        }
    }

    /// Every key of this scope, in byte order.
    public func keys() throws(Failure) -> [[UInt8]] {
        try withDatabase { db throws(Failure) in
            try run(db) { () throws(StateDatabase.Failure) in
                try db.query("SELECT key FROM bybit_lua_state WHERE scope = ? ORDER BY key", [.text(scope)])
            }.map { $0[0] ?? [] }
        }
    }

    /// Why `path` cannot be the state file (a missing or read-only directory, a directory
    /// in its place), checked without creating anything; nil when it can.
    public static func problem(path: String) -> String? { StateFile.problem(path) }

    /// Closes the file (a later call opens it again).
    public func close() {
        lock.withLock { database = nil }
    }

    private var describe: String {
        switch location {
        case .file(let path): return "the state file \(path)"
        case .memory: return "the in-memory state"
        case .unavailable: return "the state"
        }
    }

    private func withDatabase<T>(_ body: (StateDatabase) throws(Failure) -> T) throws(Failure) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let database { return try body(database) }
        let db = try open()
        database = db
        return try body(db)
    }

    /// One SQLite call, its failure said in the user's terms.
    private func run<T>(_ db: StateDatabase, _ body: () throws(StateDatabase.Failure) -> T) throws(Failure) -> T {
        do { return try body() } catch { throw failure(error) }
    }

    private func failure(_ error: StateDatabase.Failure) -> Failure {
        if error.isCorrupt {
            return Failure(
                message:
                    "\(describe) is not a bybit-lua state database or is damaged (SQLite: \(error.message)); it was left as it is: move it away to start empty"
            )
        }
        if error.isBusy {
            return Failure(
                message:
                    "\(describe) stayed locked by another run for \(Self.busyTimeoutMs / 1000) s (SQLite: \(error.message)); nothing was written"
            )
        }
        return Failure(message: "\(describe): \(error.message)")
    }

    private func open() throws(Failure) -> StateDatabase {
        let path: String
        switch location {
        case .unavailable(let reason): throw Failure(message: reason)
        case .memory: path = ":memory:"
        case .file(let p):
            try StateFile.prepare(p)
            path = p
        }
        let db: StateDatabase
        do {
            db = try StateDatabase(path: path, create: location == .memory, busyTimeoutMs: Self.busyTimeoutMs)
        } catch {
            throw Failure(message: "cannot open \(describe): \(error.message)")
        }
        try run(db) { () throws(StateDatabase.Failure) in try StateSchema.setUp(db) }
        return db
    }
}
