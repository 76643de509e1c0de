import BybitAPI
import BybitLua

#if canImport(Glibc)
    import Glibc
#endif

/// What `bybit-lua audit` prints: a summary and one line per call without an outcome, or
/// the same as one JSON object (`--json`).
enum AuditReportText {
    static func plain(_ r: AuditLogReport, path: String) -> String {
        let sent = "\(r.intents) call\(r.intents == 1 ? "" : "s") sent"
        guard !r.unpaired.isEmpty else {
            return "\(path): \(sent), every one with its outcome.\n"
        }
        let n = r.unpaired.count
        var text = """
            \(path): \(sent), \(n) without an outcome.
            \(n == 1 ? "This call" : "These calls") may have been applied (the process stopped before the \
            reply was recorded, or the call is still in flight): check the position before acting again.

            """
        for call in r.unpaired {
            let params = call.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            let who = call.env + (call.key.map { " " + $0 } ?? "")
            text += "  \(isoTime(call.time))  \(who)  \(call.endpoint)  \(params)  (id \(call.id), line \(call.line))\n"
        }
        return text
    }

    static func json(_ r: AuditLogReport, path: String) -> String {
        let unpaired: [JSONValue] = r.unpaired.map { call in
            var params: [String: JSONValue] = [:]
            for (k, v) in call.parameters { params[k] = .string(v) }
            var object: [String: JSONValue] = [
                "id": .string(call.id), "line": .int(Int64(call.line)), "env": .string(call.env),
                "endpoint": .string(call.endpoint), "params": .object(params),
            ]
            if let t = call.time { object["time"] = .int(t) }
            for (name, value) in [("baseUrl", call.baseUrl), ("profile", call.profile), ("key", call.key)] {
                if let value { object[name] = .string(value) }
            }
            return .object(object)
        }
        let malformed: [JSONValue] = r.malformed.map {
            .object(["line": .int(Int64($0.line)), "reason": .string($0.reason)])
        }
        let report: JSONValue = .object([
            "path": .string(path), "intents": .int(Int64(r.intents)), "outcomes": .int(Int64(r.outcomes)),
            "unpaired": .array(unpaired), "malformed": .array(malformed),
        ])
        return report.description + "\n"
    }

    /// `2026-12-06T10:31:02.123Z`, or `?` when the line had no time.
    static func isoTime(_ ms: Int64?) -> String {
        guard let ms else { return "?" }
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let millis = String(ms % 1000)
        return String(cString: buffer) + "." + String(repeating: "0", count: 3 - millis.count) + millis + "Z"
    }
}
