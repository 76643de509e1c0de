#if canImport(Glibc)
    import Glibc
#endif

/// The state file on disk: its directories (0700) and the file itself (0600), made before
/// SQLite opens it so that it never exists with wider permissions. SQLite gives its
/// `-wal` and `-shm` files the database file's mode.
enum StateFile {
    /// Creates the missing directories above `path` and the file when missing.
    static func prepare(_ path: String) throws(ScriptStateStore.Failure) {
        var dir = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() where !part.isEmpty {
            dir += (path.hasPrefix("/") || !dir.isEmpty ? "/" : "") + part
            if mkdir(dir, 0o700) != 0 && errno != EEXIST {
                throw .init(message: "cannot create the state directory \(dir): \(String(cString: strerror(errno)))")
            }
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .init(message: "cannot open the state file \(path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        let isRegular = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        close(fd)
        guard isRegular else { throw .init(message: "the state file \(path) is not a regular file") }
    }

    /// Why `path` could not be used as the state file, checked without creating anything
    /// (`--state-file` at start-up): nil when it exists and is writable, or when the
    /// nearest existing directory above it is.
    static func problem(_ path: String) -> String? {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return "\(path) is a directory" }
            if (st.st_mode & S_IFMT) != S_IFREG { return "\(path) is not a regular file" }
            if access(path, R_OK | W_OK) != 0 { return "\(path): \(String(cString: strerror(errno)))" }
            return directoryProblem(parent(of: path), for: path)
        }
        var dir = parent(of: path)
        while stat(dir, &st) != 0 {
            guard errno == ENOENT, dir != "/" && dir != "." else {
                return "\(dir): \(String(cString: strerror(errno)))"
            }
            dir = parent(of: dir)
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return "\(dir) is not a directory" }
        return directoryProblem(dir, for: path)
    }

    /// SQLite writes `-wal` and `-shm` files beside the database: its directory must be
    /// writable too.
    private static func directoryProblem(_ dir: String, for path: String) -> String? {
        guard access(dir, W_OK | X_OK) == 0 else {
            return "cannot write in \(dir) (for \(path) and its -wal file): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The tables of a state file, and the settings every connection needs.
enum StateSchema {
    /// Which layout of rows and values (``StateCodec``) this version writes.
    static let format = "1"

    static func setUp(_ db: StateDatabase) throws(StateDatabase.Failure) {
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=FULL")
        let check = try db.query("PRAGMA quick_check")
        if let first = check.first?[0], first != Array("ok".utf8) {
            throw StateDatabase.Failure(message: String(decoding: first, as: UTF8.self), code: 11)  // SQLITE_CORRUPT
        }
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS bybit_lua_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT OR IGNORE INTO bybit_lua_meta VALUES('format', '\(format)');
            CREATE TABLE IF NOT EXISTS bybit_lua_state(
                scope TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, updated_ms INTEGER NOT NULL,
                PRIMARY KEY(scope, key)) WITHOUT ROWID;
            """)
        let stored = try db.query("SELECT value FROM bybit_lua_meta WHERE key = 'format'").first?[0]
        guard stored == Array(format.utf8) else {
            throw StateDatabase.Failure(
                message:
                    "its format is '\(String(decoding: stored ?? [], as: UTF8.self))', this bybit-lua reads '\(format)'",
                code: 26)  // SQLITE_NOTADB: not ours to change
        }
    }
}
