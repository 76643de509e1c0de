import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

extension AuditLog {
    /// What a line records: the `intent` written before a mutation is sent, or the
    /// `outcome` written when it returned (or was refused by a guard, or dry-run).
    public enum Event: String, Sendable {
        case intent, outcome
    }

    /// One line of the log. Every line names its `event` and an `id`; an outcome line
    /// carries the same id as its call's intent and repeats the request, so it reads on
    /// its own.
    public struct Entry {
        /// Pairs an intent with its outcome; nil makes a fresh one (guard and dry-run
        /// lines, which have no intent: nothing was sent).
        public var id: String?
        public var event: Event
        public var env: String
        public var endpoint: String
        /// The request parameters as sent (or as they would have been sent). An order's
        /// `orderLinkId` travels here, so it is on disk before the order is sent.
        public var parameters: [(String, String)]
        /// For an outcome: `ok`, `api`, `outcome_unknown`, `network`, `timeout`,
        /// `rate_limited`, `http`, `decoding` (the script's error `kind`s), `guard`, `dry_run`.
        public var outcome: String?
        public var retCode: Int?
        public var retMsg: String?
        public var latencyMs: Double?

        /// An outcome line.
        public init(
            id: String? = nil, env: String, endpoint: String, parameters: [(String, String)], outcome: String?,
            retCode: Int? = nil, retMsg: String? = nil, latencyMs: Double? = nil
        ) {
            self.id = id
            self.event = .outcome
            self.env = env
            self.endpoint = endpoint
            self.parameters = parameters
            self.outcome = outcome
            self.retCode = retCode
            self.retMsg = retMsg
            self.latencyMs = latencyMs
        }

        /// An intent line: what is about to be sent (no outcome yet).
        public static func intent(id: String, env: String, endpoint: String, parameters: [(String, String)]) -> Entry {
            var e = Entry(id: id, env: env, endpoint: endpoint, parameters: parameters, outcome: nil)
            e.event = .intent
            return e
        }
    }

    /// The line as bytes, newline included. Built in one buffer: this is a per-call hot
    /// path (string interpolation and joins cost ~25,000 instructions per mutation).
    static func encode(_ e: Entry, id: String, identity: Identity = Identity()) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"time":"#.utf8)
        out.append(contentsOf: String(nowMilliseconds()).utf8)
        out.append(contentsOf: #","id":"#.utf8)
        JSONWriter.appendString(id, to: &out)
        out.append(contentsOf: #","event":""#.utf8)
        out.append(contentsOf: e.event.rawValue.utf8)
        out.append(contentsOf: #"","env":"#.utf8)
        JSONWriter.appendString(e.env, to: &out)
        for (name, value) in [("baseUrl", identity.baseUrl), ("profile", identity.profile), ("key", identity.key)] {
            guard let value else { continue }
            out.append(contentsOf: #",""#.utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: #"":"#.utf8)
            JSONWriter.appendString(value, to: &out)
        }
        out.append(contentsOf: #","endpoint":"#.utf8)
        JSONWriter.appendString(e.endpoint, to: &out)
        out.append(contentsOf: #","params":{"#.utf8)
        let spec = Catalog.endpoint(path: e.endpoint)
        for (i, (name, value)) in e.parameters.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(value, as: spec?.acceptedField(name), to: &out)
        }
        out.append(UInt8(ascii: "}"))
        if let o = e.outcome {
            out.append(contentsOf: #","outcome":"#.utf8)
            JSONWriter.appendString(o, to: &out)
        }
        if let c = e.retCode { out.append(contentsOf: #","retCode":\#(c)"#.utf8) }
        if let m = e.retMsg {
            out.append(contentsOf: #","retMsg":"#.utf8)
            JSONWriter.appendString(m, to: &out)
        }
        if let l = e.latencyMs { out.append(contentsOf: #","latencyMs":\#(Double(Int(l * 1000)) / 1000)"#.utf8) }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// A parameter as the wire sends it, by the kind the endpoint declares: an integer as a
    /// JSON integer (`positionIdx`), a flag as 1 or 0, or `true`/`false` where Bybit declares
    /// a boolean (`reduceOnly`); decimals and text as strings (exact, as sent). A value that
    /// does not read as its kind, or a field the catalog does not declare, stays a string.
    private static func appendValue(_ value: String, as field: Field?, to out: inout [UInt8]) {
        switch field?.kind {
        case .integer?, .timestamp?:
            if let i = Int64(value), String(i) == value {
                out.append(contentsOf: value.utf8)
                return
            }
        case .flag?:
            let on: Bool? = value == "1" || value == "true" ? true : value == "0" || value == "false" ? false : nil
            if let on {
                let boolean = field!.checks.contains { if case .boolean = $0 { true } else { false } }
                out.append(contentsOf: (boolean ? (on ? "true" : "false") : (on ? "1" : "0")).utf8)
                return
            }
        default:
            break
        }
        JSONWriter.appendString(value, to: &out)
    }

    /// Milliseconds since the Unix epoch, the lines' `time`.
    static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
