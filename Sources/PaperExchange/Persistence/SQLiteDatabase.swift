import CSQLite

/// The few SQLite calls the state file needs, over the system `libsqlite3`.
///
/// Not thread-safe by itself: ``SQLiteStateStore`` only uses it inside the book's lock.
final class SQLiteDatabase: @unchecked Sendable {
    /// A failed SQLite call, with SQLite's own message.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private var handle: OpaquePointer?

    /// Opens (creating if needed) the database at `path`.
    init(path: String) throws(Failure) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw Failure(description: "cannot open state file \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close(handle) }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(Failure) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw Failure(description: "\(message) (in: \(sql.prefix(80)))")
        }
    }

    /// Runs one statement with text/integer parameters, once.
    func run(_ sql: String, _ parameters: [Parameter]) throws(Failure) {
        _ = try query(sql, parameters)
    }

    /// Runs one statement and returns every row as text columns.
    func query(_ sql: String, _ parameters: [Parameter] = []) throws(Failure) -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw lastFailure(sql) }
        defer { sqlite3_finalize(statement) }
        for (i, parameter) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch parameter {
            case .text(let s): rc = sqlite3_bind_text(statement, index, s, -1, Self.transient)
            case .int(let n): rc = sqlite3_bind_int64(statement, index, n)
            }
            guard rc == SQLITE_OK else { throw lastFailure(sql) }
        }
        var rows: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw lastFailure(sql) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
    }

    /// Runs `body` in one transaction: all of it is stored, or none.
    func transaction(_ body: () throws(Failure) -> Void) throws(Failure) {
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    enum Parameter {
        case text(String)
        case int(Int64)
    }

    private func lastFailure(_ sql: String) -> Failure {
        Failure(description: "\(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(80)))")
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
