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
    @discardableResult
    public func record(_ e: Entry) -> Bool {
        var line = "{\"time\":\(Self.nowMilliseconds()),\"env\":\(json(e.env)),\"endpoint\":\(json(e.endpoint)),\"params\":{"
        line += e.parameters.map { "\(json($0.0)):\(json($0.1))" }.joined(separator: ",")
        line += "},\"outcome\":\(json(e.outcome))"
        if let c = e.retCode { line += ",\"retCode\":\(c)" }
        if let m = e.retMsg { line += ",\"retMsg\":\(json(m))" }
        if let l = e.latencyMs { line += ",\"latencyMs\":\(Double(Int(l * 1000)) / 1000)" }
        line += "}\n"
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count {
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

    private func json(_ s: String) -> String {
        // Symbols, amounts and messages almost never need escaping: skip the scalar loop.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
