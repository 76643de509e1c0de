/// The JSON form of a fault plan, read and written by `/paper/faults`:
///
///     {"latencyMs": 200, "clockSkewMs": -7000,
///      "dropConnection": {"count": 1, "afterApply": true},
///      "serverError": 2,                       // shorthand for {"count": 2}
///      "badGateway": {"count": -1, "afterApply": false},
///      "rateLimited": {"count": -1, "every": 25, "burst": 4}, "rateLimitResetMs": 50,
///      "slowReply": {"count": -1, "every": 40}, "slowReplyMs": 3000,
///      "flipClockSkew": {"count": -1, "every": 25},
///      "paths": ["/v5/position/add-margin"]}
///
/// A trigger's `every` and `burst` (both default 1) choose which matching requests it fires
/// on (see ``FaultTrigger``). `rateLimited` and `flipClockSkew` fire before the effect only:
/// `"afterApply": true` is refused for them rather than ignored.
///
/// Omitted fields are off; unknown fields are refused so a typo cannot silently disable a test.
extension FaultPlan {
    init(json: JSONNode) throws(PaperAPIError) {
        guard case .object(let members) = json else { throw .params("fault plan must be a JSON object") }
        self.init()
        for (key, value) in members {
            switch key {
            case "latencyMs": latencyMs = Int(try Self.integer(value, key))
            case "clockSkewMs": clockSkewMs = try Self.integer(value, key)
            case "dropConnection": dropConnection = try Self.trigger(value, key)
            case "serverError": serverError = try Self.trigger(value, key)
            case "badGateway": badGateway = try Self.trigger(value, key)
            case "rateLimited": rateLimited = try Self.trigger(value, key, beforeApplyOnly: true)
            case "rateLimitResetMs": rateLimitResetMs = Int(try Self.integer(value, key))
            case "slowReply": slowReply = try Self.trigger(value, key)
            case "slowReplyMs": slowReplyMs = Int(try Self.integer(value, key))
            case "flipClockSkew": flipClockSkew = try Self.trigger(value, key, beforeApplyOnly: true)
            case "paths":
                if value == .null {
                    paths = nil
                    continue
                }
                guard let items = value.arrayValue else { throw .params("paths must be an array of strings") }
                var set = Set<String>()
                for item in items {
                    guard let s = item.stringValue else { throw .params("paths must be an array of strings") }
                    set.insert(s)
                }
                paths = set
            default:
                throw .params(
                    "unknown fault '\(key)'; known: latencyMs, clockSkewMs, dropConnection, serverError, badGateway, rateLimited, rateLimitResetMs, slowReply, slowReplyMs, flipClockSkew, paths"
                )
            }
        }
        for (name, ms) in [
            ("latencyMs", latencyMs), ("rateLimitResetMs", rateLimitResetMs), ("slowReplyMs", slowReplyMs),
        ] {
            guard ms >= 0 && ms <= 600_000 else { throw .params("\(name) must be 0...600000") }
        }
    }

    var json: JSONNode {
        .object([
            ("latencyMs", .int(latencyMs)), ("clockSkewMs", .int(clockSkewMs)),
            ("dropConnection", dropConnection.json), ("serverError", serverError.json), ("badGateway", badGateway.json),
            ("rateLimited", rateLimited.json), ("rateLimitResetMs", .int(rateLimitResetMs)),
            ("slowReply", slowReply.json), ("slowReplyMs", .int(slowReplyMs)), ("flipClockSkew", flipClockSkew.json),
            ("paths", paths.map { .array($0.sorted().map(JSONNode.string)) } ?? .null),
        ])
    }

    private static func integer(_ value: JSONNode, _ key: String) throws(PaperAPIError) -> Int64 {
        guard let n = value.int64Value else { throw .params("\(key) must be an integer") }
        return n
    }

    private static func trigger(_ value: JSONNode, _ key: String, beforeApplyOnly: Bool = false) throws(PaperAPIError)
        -> FaultTrigger
    {
        if let n = value.int64Value {
            return try checked(FaultTrigger(count: Int(n), afterApply: !beforeApplyOnly), key, beforeApplyOnly)
        }
        guard case .object(let members) = value else {
            throw .params("\(key) must be a count or {\"count\":n,\"afterApply\":bool,\"every\":n,\"burst\":n}")
        }
        var trigger = FaultTrigger(count: 1, afterApply: !beforeApplyOnly)
        for (field, v) in members {
            switch (field, v) {
            case ("count", _), ("every", _), ("burst", _):
                guard let n = v.int64Value, let i = Int(exactly: n) else {
                    throw .params("\(key).\(field) must be an integer")
                }
                switch field {
                case "count": trigger.count = i
                case "every": trigger.every = i
                default: trigger.burst = i
                }
            case ("afterApply", .bool(let b)): trigger.afterApply = b
            default: throw .params("\(key) has an unknown or mistyped field '\(field)'")
            }
        }
        return try checked(trigger, key, beforeApplyOnly)
    }

    private static func checked(_ t: FaultTrigger, _ key: String, _ beforeApplyOnly: Bool) throws(PaperAPIError)
        -> FaultTrigger
    {
        guard t.count >= -1 else { throw .params("\(key).count must be -1 (always), 0 (off) or a positive count") }
        guard t.every >= 1 && t.every <= 1_000_000 else { throw .params("\(key).every must be 1...1000000") }
        guard t.burst >= 1 && t.burst <= t.every else { throw .params("\(key).burst must be 1...every") }
        if beforeApplyOnly && t.afterApply {
            throw .params("\(key) fires before the effect only; afterApply must be false")
        }
        return t
    }
}

extension FaultTrigger {
    var json: JSONNode {
        .object([
            ("count", .int(count)), ("afterApply", .bool(afterApply)), ("every", .int(every)), ("burst", .int(burst)),
        ])
    }
}

extension FaultInjection.Counters {
    var json: JSONNode {
        .object([
            ("dropConnection", .int(dropConnection)), ("serverError", .int(serverError)),
            ("badGateway", .int(badGateway)),
            ("rateLimited", .int(rateLimited)), ("slowReply", .int(slowReply)), ("flipClockSkew", .int(flipClockSkew)),
        ])
    }
}
