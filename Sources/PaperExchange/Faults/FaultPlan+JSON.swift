/// The JSON form of a fault plan, read and written by `/paper/faults`:
///
///     {"latencyMs": 200, "clockSkewMs": -7000,
///      "dropConnection": {"count": 1, "afterApply": true},
///      "serverError": 2,                       // shorthand for {"count": 2}
///      "badGateway": {"count": -1, "afterApply": false},
///      "paths": ["/v5/position/add-margin"]}
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
            case "paths":
                if value == .null { paths = nil; continue }
                guard let items = value.arrayValue else { throw .params("paths must be an array of strings") }
                var set = Set<String>()
                for item in items {
                    guard let s = item.stringValue else { throw .params("paths must be an array of strings") }
                    set.insert(s)
                }
                paths = set
            default:
                throw .params("unknown fault '\(key)'; known: latencyMs, clockSkewMs, dropConnection, serverError, badGateway, paths")
            }
        }
        guard latencyMs >= 0 && latencyMs <= 600_000 else { throw .params("latencyMs must be 0...600000") }
    }

    var json: JSONNode {
        .object([
            ("latencyMs", .int(latencyMs)), ("clockSkewMs", .int(clockSkewMs)),
            ("dropConnection", dropConnection.json), ("serverError", serverError.json), ("badGateway", badGateway.json),
            ("paths", paths.map { .array($0.sorted().map(JSONNode.string)) } ?? .null),
        ])
    }

    private static func integer(_ value: JSONNode, _ key: String) throws(PaperAPIError) -> Int64 {
        guard let n = value.int64Value else { throw .params("\(key) must be an integer") }
        return n
    }

    private static func trigger(_ value: JSONNode, _ key: String) throws(PaperAPIError) -> FaultTrigger {
        if let n = value.int64Value { return try checked(FaultTrigger(count: Int(n)), key) }
        guard case .object(let members) = value else { throw .params("\(key) must be a count or {\"count\":n,\"afterApply\":bool}") }
        var trigger = FaultTrigger(count: 1)
        for (field, v) in members {
            switch (field, v) {
            case ("count", _):
                guard let n = v.int64Value else { throw .params("\(key).count must be an integer") }
                trigger.count = Int(n)
            case ("afterApply", .bool(let b)): trigger.afterApply = b
            default: throw .params("\(key) has an unknown or mistyped field '\(field)'")
            }
        }
        return try checked(trigger, key)
    }

    private static func checked(_ t: FaultTrigger, _ key: String) throws(PaperAPIError) -> FaultTrigger {
        guard t.count >= -1 else { throw .params("\(key).count must be -1 (always), 0 (off) or a positive count") }
        return t
    }
}

extension FaultTrigger {
    var json: JSONNode { .object([("count", .int(count)), ("afterApply", .bool(afterApply))]) }
}

extension FaultInjection.Counters {
    var json: JSONNode {
        .object([("dropConnection", .int(dropConnection)), ("serverError", .int(serverError)), ("badGateway", .int(badGateway))])
    }
}
