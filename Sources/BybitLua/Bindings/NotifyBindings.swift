import LuaKit
import NIOConcurrencyHelpers

/// `bybit.notify(text, fields?, level?)`: an alert to the run's webhooks (`[notify]` in
/// config.toml, `--notify URL`). It only queues: delivery happens on a background thread,
/// so the call costs the script nothing even when a receiver hangs.
enum NotifyBindings {
    /// Fields a notify may carry; more is a bad argument (a chat message is no data dump).
    static let maxFields = 50

    static func natives(_ session: BybitSession) -> [LuaNative] {
        let warned = NIOLockedValueBox(false)
        return [
            LuaNative(
                "notify",
                LuaSignature(
                    """
                    Sends an alert to the webhooks of the run ([notify] in config.toml, --notify URL) on a background
                    queue: returns at once, never raises for a receiver that fails (that is logged to stderr). `fields`
                    values may be strings, numbers, booleans or decimals; `level` is "info" (default), "warning" or
                    "error". Returns false when the run has no webhook (the alert is then only noted on stderr once).
                    """,
                    parameters: [
                        .init("text", "string"), .init("fields?", "table<string, string|number|boolean|Decimal>"),
                        .init("level?", "\"info\"|\"warning\"|\"error\""),
                    ],
                    returns: ["boolean"]),
                .closure { call in
                    let text = try call.checkString(1)
                    let fields = try readFields(call, 2)
                    let level = try readLevel(call, 3)
                    guard let alerts = session.options.alerts else {
                        if !warned.withLockedValue({ w in
                            defer { w = true }
                            return w
                        }) {
                            Notifier.standardError(
                                "bybit-lua: notify: no webhook is configured ([notify] in config.toml or --notify URL); alerts are not sent"
                            )
                        }
                        call.push(false)
                        return 1
                    }
                    alerts.alert(level, text, fields: fields)
                    call.push(true)
                    return 1
                })
        ]
    }

    /// The fields, keys sorted (a Lua table has no order of its own).
    private static func readFields(_ call: LuaCall, _ index: Int32) throws -> [(String, String)] {
        if call.isNoneOrNil(index) { return [] }
        try call.checkTable(index)
        var fields: [(String, String)] = []
        for key in call.keys(index).sorted() {
            guard !key.hasPrefix("[") else {
                throw LuaArgumentError(
                    index, "fields must have string keys, got a key of type \(key.dropFirst().dropLast())")
            }
            call.rawField(index, key)
            defer { call.pop() }
            if let d = DecimalBridge.value(call.L, -1) {
                fields.append((key, d.description))
                continue
            }
            switch call.type(-1) {
            case LuaType.string: fields.append((key, call.string(-1) ?? ""))
            case LuaType.boolean: fields.append((key, call.boolean(-1) ? "true" : "false"))
            case LuaType.number:
                if let i = call.integer(-1), call.isInteger(-1) {
                    fields.append((key, String(i)))
                } else {
                    fields.append((key, call.value(-1).description))
                }
            default:
                throw LuaArgumentError(
                    index, "field '\(key)' must be a string, number, boolean or decimal, got \(call.typeName(-1))")
            }
        }
        guard fields.count <= maxFields else {
            throw LuaArgumentError(index, "at most \(maxFields) fields, got \(fields.count)")
        }
        return fields
    }

    private static func readLevel(_ call: LuaCall, _ index: Int32) throws -> AlertLevel {
        if call.isNoneOrNil(index) { return .info }
        let name = try call.checkString(index)
        guard let level = AlertLevel(rawValue: name) else {
            throw LuaArgumentError(index, "level must be \"info\", \"warning\" or \"error\", got '\(name)'")
        }
        return level
    }
}
