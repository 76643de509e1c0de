import BybitAPI

#if canImport(Glibc)
import Glibc
#endif

/// The audit log: one JSON line per mutation attempt — sent, refused by a guard, or
/// dry-run — written with `write(2)` on an `O_APPEND` descriptor before the call
/// returns to the script, so a crash of the script or the host loses nothing already
/// reported. Never a secret or a signature: only the parameters the script gave.
public final class AuditLog {
    /// One attempt.
    public struct Entry {
        public var env: String
        public var endpoint: String
        /// The request parameters as sent (or as they would have been sent).
        public var parameters: [(String, String)]
        /// `ok`, `api_error`, `outcome_unknown`, `network`, `timeout`, `rate_limited`,
        /// `http`, `decoding`, `guard`, `dry_run`.
        public var outcome: String
        public var retCode: Int?
        public var retMsg: String?
        public var latencyMs: Double?

        public init(env: String, endpoint: String, parameters: [(String, String)], outcome: String,
                    retCode: Int? = nil, retMsg: String? = nil, latencyMs: Double? = nil) {
            self.env = env
            self.endpoint = endpoint
            self.parameters = parameters
            self.outcome = outcome
            self.retCode = retCode
            self.retMsg = retMsg
            self.latencyMs = latencyMs
        }
    }

    public let path: String
    private let fd: Int32

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
    }

    deinit { close(fd) }

    /// Appends one line; returns false (and says why on stderr) if the write failed.
    ///
    /// The line is built as bytes in one buffer (a per-call hot path: string
    /// interpolation and joins cost ~25,000 instructions per mutation).
    @discardableResult
    public func record(_ e: Entry) -> Bool {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"time":"#.utf8)
        out.append(contentsOf: String(Self.nowMilliseconds()).utf8)
        out.append(contentsOf: #","env":"#.utf8)
        JSONWriter.appendString(e.env, to: &out)
        out.append(contentsOf: #","endpoint":"#.utf8)
        JSONWriter.appendString(e.endpoint, to: &out)
        out.append(contentsOf: #","params":{"#.utf8)
        for (i, (name, value)) in e.parameters.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.appendString(value, to: &out)
        }
        out.append(contentsOf: #"},"outcome":"#.utf8)
        JSONWriter.appendString(e.outcome, to: &out)
        if let c = e.retCode { out.append(contentsOf: #","retCode":\#(c)"#.utf8) }
        if let m = e.retMsg {
            out.append(contentsOf: #","retMsg":"#.utf8)
            JSONWriter.appendString(m, to: &out)
        }
        if let l = e.latencyMs { out.append(contentsOf: #","latencyMs":\#(Double(Int(l * 1000)) / 1000)"#.utf8) }
        out.append(contentsOf: "}\n".utf8)
        let written = out.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != out.count {
            let warning = Array("bybit-lua: could not write the audit log \(path)\n".utf8)
            _ = warning.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            return false
        }
        return true
    }

    static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
