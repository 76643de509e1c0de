import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// The audit log, write-ahead: before a mutation is sent an `intent` line is written and
/// `fsync`ed; when the call returns, an `outcome` line with the same `id` follows (also
/// `fsync`ed). A process killed in between (kill -9, power loss) leaves the intent on
/// disk, and `bybit-lua audit` lists it as "may have been applied". If the intent cannot
/// be made durable the mutation is not sent. Guard refusals and dry runs, which send
/// nothing, get one outcome line. Never a secret or a signature: only the parameters the
/// script gave. Lines are JSON, one `write(2)` each on an `O_APPEND` descriptor, so runs
/// sharing a log do not interleave within a line.
public final class AuditLog {
    /// Why a line could not be made durable.
    public struct WriteFailure: Error {
        /// e.g. "No space left on device".
        public let reason: String
    }

    /// Who acts, written on every line after `env`: the exchange's base URL, the profile
    /// (when one was given) and the API key's fingerprint (``Signer/keyFingerprint``, never
    /// the key). A paper run learns its key and URL when its exchange starts.
    public struct Identity: Sendable, Equatable {
        public var baseUrl: String?
        public var profile: String?
        public var key: String?

        public init(baseUrl: String? = nil, profile: String? = nil, key: String? = nil) {
            self.baseUrl = baseUrl
            self.profile = profile
            self.key = key
        }
    }

    public let path: String
    /// Written on every line; set it before the first mutation.
    public var identity = Identity()
    private let fd: Int32
    /// Distinguishes this log's ids from other runs' in a shared file: every id this log
    /// writes starts with it and `-`.
    public let runToken: String
    private var sequence = 0
    /// Whether this log holds the file's `flock` (``holdUntilNextLine()``).
    private var held = false

    /// Opens (creating, owner-only) `path` for appending; creates missing directories.
    public init(path: String) throws(BybitError) {
        self.path = path
        var dir = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() where !part.isEmpty {
            dir += (path.hasPrefix("/") || !dir.isEmpty ? "/" : "") + part
            mkdir(dir, 0o700)
        }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .validation("cannot open the audit log \(path): \(String(cString: strerror(errno)))", endpoint: "")
        }
        var rng = SystemRandomNumberGenerator()
        let token = String(rng.next() as UInt32, radix: 16)
        runToken = String(repeating: "0", count: 8 - token.count) + token
    }

    deinit { close(fd) }

    /// Writes and `fsync`s the intent line of a mutation about to be sent; returns its id,
    /// which the outcome line must carry. Throws when the line is not on disk: the caller
    /// must then not send.
    public func recordIntent(env: String, endpoint: String, parameters: [(String, String)]) throws(WriteFailure)
        -> String
    {
        let id = nextID()
        if let reason = appendDurably(
            Self.encode(
                .intent(id: id, env: env, endpoint: endpoint, parameters: parameters), id: id, identity: identity))
        {
            release()
            throw WriteFailure(reason: reason)
        }
        release()
        return id
    }

    /// Appends an outcome line and `fsync`s it; returns false (and says why on stderr) if
    /// that failed. The call it records has already happened, so nothing is refused here.
    @discardableResult
    public func record(_ e: Entry) -> Bool {
        let id = e.id ?? nextID()
        defer { release() }
        guard let reason = appendDurably(Self.encode(e, id: id, identity: identity)) else { return true }
        let warning = Array("bybit-lua: could not write the audit log \(path): \(reason)\n".utf8)
        _ = warning.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        return false
    }

    /// Takes an exclusive `flock` on the file until the next line is written (or
    /// ``release()``): `--max-margin-window` checks what other runs added and writes its
    /// intent as one step, so two runs sharing the log cannot both pass the same room.
    public func holdUntilNextLine() throws(WriteFailure) {
        guard !held else { return }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw WriteFailure(reason: String(cString: strerror(errno)))
        }
        held = true
    }

    /// Releases ``holdUntilNextLine()``'s lock, if held.
    public func release() {
        guard held else { return }
        _ = flock(fd, LOCK_UN)
        held = false
    }

    private func nextID() -> String {
        sequence += 1
        return runToken + "-" + String(sequence)
    }

    /// Writes `line` whole and `fsync`s it; nil on success, else the reason. A descriptor
    /// that cannot be synced (a pipe, a terminal, /dev/null: EINVAL) counts as written.
    private func appendDurably(_ line: [UInt8]) -> String? {
        var offset = 0
        while offset < line.count {
            let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let reason = n == 0 ? "nothing was written" : String(cString: strerror(errno))
                // A torn line must not swallow the next one: end it (best effort).
                if offset > 0 { _ = write(fd, "\n", 1) }
                return reason
            }
            offset += n
        }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            if errno == EINVAL || errno == EROFS { break }
            return String(cString: strerror(errno))
        }
        return nil
    }
}
