import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// One queued alert: what `alert(_:_:fields:)` was given, and when.
struct AlertMessage: Sendable {
    let level: AlertLevel
    let text: String
    let fields: [(String, String)]
    /// Unix ms when it was raised (not when it was delivered).
    let timeMs: Int64
}

/// What every alert of a run says about the run: the script, the environment and the
/// API key's fingerprint (never the key).
public struct NotifyContext: Sendable {
    /// The script's path as given (`guard.lua`), or nil for `-e` and the REPL.
    public var script: String?
    /// `paper`, `testnet`, `demo`, `mainnet` or `custom`.
    public var env: String
    /// `k:` + 12 hex digits (Signer.keyFingerprint); nil when the run has no key of its own.
    public var key: String?

    public init(script: String?, env: String, key: String?) {
        self.script = script
        self.env = env
        self.key = key
    }
}

/// The bytes posted for an alert, per target kind. Each is compact JSON written with the
/// wire layer's writer, keys in a fixed order.
enum NotifyBody {
    /// Chat services cut long messages: Discord at 2,000 characters, Telegram at 4,096.
    static func limit(_ kind: NotifyTarget.Kind) -> Int {
        switch kind {
        case .discord: 2_000
        case .telegram: 4_096
        case .slack, .webhook: 16_000
        }
    }

    static func bytes(_ m: AlertMessage, for target: NotifyTarget, context: NotifyContext) -> [UInt8] {
        switch target.kind {
        case .webhook:
            let fields = JSONObject(m.fields.map { ($0.0, JSONValue.string($0.1)) })
            var members: [(String, JSONValue)] = [
                ("text", .string(m.text)), ("level", .string(m.level.rawValue)), ("fields", .object(fields)),
                ("script", context.script.map { .string($0) } ?? .null), ("env", .string(context.env)),
                ("time", .string(isoTime(m.timeMs))),
            ]
            if let key = context.key { members.append(("key", .string(key))) }
            return JSONValue.object(JSONObject(members)).serializedBytes
        case .slack:
            return JSONValue.object(["text": .string(chatText(m, context, limit: limit(.slack)))]).serializedBytes
        case .discord:
            return JSONValue.object(["content": .string(chatText(m, context, limit: limit(.discord)))]).serializedBytes
        case .telegram:
            return JSONValue.object([
                ("chat_id", .string(target.chatID ?? "")),
                ("text", .string(chatText(m, context, limit: limit(.telegram)))),
            ]).serializedBytes
        }
    }

    /// `[ERROR] bybit-lua paper guard.lua: text`, then one `name: value` line per field,
    /// cut to `limit` characters.
    static func chatText(_ m: AlertMessage, _ c: NotifyContext, limit: Int) -> String {
        var head = "[\(m.level.rawValue.uppercased())] bybit-lua \(c.env)"
        if let script = c.script { head += " \(script)" }
        var text = "\(head): \(m.text)"
        for (name, value) in m.fields { text += "\n\(name): \(value)" }
        if let key = c.key { text += "\nkey: \(key)" }
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `2026-12-06T19:30:00.123Z`.
    static func isoTime(_ ms: Int64) -> String {
        var t = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(ms % 1000), 3))Z"
    }
}
