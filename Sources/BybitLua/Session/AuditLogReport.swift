import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// An audit log read back: each `intent` paired with its `outcome` by `id`. An intent
/// without an outcome is a call that was about to be sent when its process stopped
/// (kill -9, power loss, a crash) or that is still in flight: it may have been applied,
/// and a person must check the position. Lines written before the log was write-ahead
/// (no `event`) are outcomes with nothing to pair.
public struct AuditLogReport {
    /// One intent line.
    public struct Call {
        /// 1-based line number in the file.
        public let line: Int
        public let id: String
        /// Milliseconds since the Unix epoch, as written.
        public let time: Int64?
        public let env: String
        /// Who acted (nil on lines written before the log named it): the base URL, the
        /// profile and the API key's fingerprint.
        public let baseUrl: String?
        public let profile: String?
        public let key: String?
        public let endpoint: String
        /// The request parameters, in the order `category, symbol, …` then by name (numbers
        /// and flags as their text: `positionIdx` reads `0` whether it was written as an
        /// integer or, on older lines, as a string).
        public let parameters: [(String, String)]
    }

    /// A line that is not an audit line (not a JSON object, an intent without an id, or
    /// torn: the writer stopped mid-line).
    public struct Malformed {
        public let line: Int
        public let reason: String
    }

    /// Intent lines read (calls about to be sent).
    public private(set) var intents = 0
    /// Outcome lines read (calls returned, refused by a guard, dry-run; older lines too).
    public private(set) var outcomes = 0
    /// Intents with no outcome line, in file order.
    public private(set) var unpaired: [Call] = []
    public private(set) var malformed: [Malformed] = []

    /// Reads the log's bytes.
    public init(bytes: [UInt8]) {
        var pending: [Call] = []
        var answered = Set<String>()
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (i, raw) in lines.enumerated() {
            let number = i + 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let value = try? JSONValue(parsing: raw), let object = value.objectValue else {
                let torn = i == lines.count - 1  // no newline after it
                malformed.append(Malformed(line: number, reason: torn ? "incomplete last line" : "not a JSON object"))
                continue
            }
            let id = object["id"]?.stringValue
            switch object["event"]?.stringValue {
            case "intent":
                guard let id, !id.isEmpty else {
                    malformed.append(Malformed(line: number, reason: "an intent without an id"))
                    continue
                }
                intents += 1
                pending.append(
                    Call(
                        line: number, id: id, time: object["time"]?.intValue, env: object["env"]?.stringValue ?? "?",
                        baseUrl: object["baseUrl"]?.stringValue, profile: object["profile"]?.stringValue,
                        key: object["key"]?.stringValue, endpoint: object["endpoint"]?.stringValue ?? "?",
                        parameters: Self.ordered(object["params"])))
            case "outcome", nil:
                outcomes += 1
                if let id { answered.insert(id) }
            case let other?:
                malformed.append(Malformed(line: number, reason: "unknown event \"\(other)\""))
            }
        }
        unpaired = pending.filter { !answered.contains($0.id) }
    }

    /// Reads the log at `path`; throws a message in the user's terms when it cannot.
    public static func read(path: String) throws(BybitError) -> AuditLogReport {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .validation("cannot read the audit log \(path): \(String(cString: strerror(errno)))", endpoint: "")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                throw .validation(
                    "cannot read the audit log \(path): \(String(cString: strerror(errno)))", endpoint: "")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return AuditLogReport(bytes: bytes)
    }

    /// The parameters as written, in the order a person reads a request.
    static func ordered(_ params: JSONValue?) -> [(String, String)] {
        let first = ["category", "symbol", "side", "orderLinkId", "margin", "autoAddMargin", "positionIdx"]
        let pairs = (params?.objectValue ?? [:]).map { key, value in (key, value.stringValue ?? value.description) }
        return pairs.sorted { a, b in
            let (ia, ib) = (first.firstIndex(of: a.0) ?? first.count, first.firstIndex(of: b.0) ?? first.count)
            return ia != ib ? ia < ib : a.0 < b.0
        }
    }
}
