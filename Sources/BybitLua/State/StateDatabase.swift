import CSQLite

/// The few SQLite calls `bybit.state` needs (system `libsqlite3`): one connection,
/// statements with text and blob parameters, blob results.
///
/// Not thread-safe by itself: ``ScriptStateStore`` serializes every call.
final class StateDatabase {
    /// A failed SQLite call: SQLite's own message and result code.
    struct Failure: Error {
        let message: String
        let code: Int32

        /// The database is not one (a file of something else, or damaged).
        var isCorrupt: Bool { code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB }
        /// Another run held the write lock past the busy timeout.
        var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    }

    private var handle: OpaquePointer?

    /// Opens `path` (":memory:" for a store that lives as long as the run). With `create`
    /// false the file must exist already.
    init(path: String, create: Bool, busyTimeoutMs: Int32) throws(Failure) {
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw Failure(message: message, code: rc)
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMs)
    }

    deinit { sqlite3_close(handle) }

    enum Parameter {
        case text(String)
        case blob([UInt8])
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(Failure) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        guard rc == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw Failure(message: message, code: sqlite3_extended_errcode(handle))
        }
    }

    /// Runs one statement; returns each row's columns as bytes (nil for NULL).
    @discardableResult
    func query(_ sql: String, _ parameters: [Parameter] = []) throws(Failure) -> [[[UInt8]?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw lastFailure() }
        defer { sqlite3_finalize(statement) }
        for (i, parameter) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch parameter {
            case .text(let s): rc = sqlite3_bind_text(statement, index, s, -1, Self.transient)
            case .blob(let b):
                rc = b.withUnsafeBytes {
                    sqlite3_bind_blob(statement, index, $0.baseAddress, Int32(b.count), Self.transient)
                }
            }
            guard rc == SQLITE_OK else { throw lastFailure() }
        }
        var rows: [[[UInt8]?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw lastFailure() }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column -> [UInt8]? in
                    guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
                    let n = Int(sqlite3_column_bytes(statement, column))
                    guard n > 0, let p = sqlite3_column_blob(statement, column) else { return [] }
                    return Array(UnsafeRawBufferPointer(start: p, count: n))
                })
        }
    }

    /// Runs `body` in one write transaction (taken at once, so two runs do not both read
    /// and then both write): all of it is stored, or none.
    func transaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func lastFailure() -> Failure {
        Failure(message: String(cString: sqlite3_errmsg(handle)), code: sqlite3_extended_errcode(handle))
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
