/// The JSON form of a fault plan, read and written by `/paper/faults`:
///
///     {"latencyMs": 200, "clockSkewMs": -7000,
///      "dropConnection": {"count": 1, "afterApply": true},
///      "serverError": 2,                       // shorthand for {"count": 2}
///      "badGateway": {"count": -1, "afterApply": false},
///      "rateLimited": {"count": -1, "every": 25, "burst": 4}, "rateLimitResetMs": 50,
///      "slowReply": {"count": -1, "every": 40}, "slowReplyMs": 3000,
///      "flipClockSkew": {"count": -1, "every": 25},
///      "paths": ["/v5/position/add-margin"],
///      "streamDrop": {"count": -1, "every": 50}, "streamSilentMs": 3000, "streamDelayMs": 200,
///      "streamRefuseAuth": 1, "streamMalformed": 1}
///
/// A trigger's `every` and `burst` (both default 1) choose which matching requests it fires
/// on (see ``FaultTrigger``). `rateLimited` and `flipClockSkew` fire before the effect only:
/// `"afterApply": true` is refused for them rather than ignored.
///
/// Omitted fields are off; unknown fields are refused so a typo cannot silently disable a test.
extension FaultPlan {
    /// The plan's fields, in the order its JSON writes them.
    static let fields = [
        "latencyMs", "clockSkewMs", "dropConnection", "serverError", "badGateway", "rateLimited", "rateLimitResetMs",
        "slowReply", "slowReplyMs", "flipClockSkew", "paths", "streamDrop", "streamSilentMs", "streamDelayMs",
        "streamRefuseAuth", "streamMalformed",
    ]

    init(json: JSONNode) throws(PaperAPIError) {
        guard let plan = FieldReader(json, convention: .body) else { throw .params("fault plan must be a JSON object") }
        if let unknown = plan.unknownKeys(Set(Self.fields)).first {
            throw .params("unknown fault '\(unknown)'; known: \(Self.fields.joined(separator: ", "))")
        }
        self.init()
        let ms = { (key: String, fallback: Int) throws(PaperAPIError) -> Int in
            let n = try Self.read(plan, key, FieldReader.integer).map { Int($0) } ?? fallback
            guard n >= 0 && n <= 600_000 else { throw .params("\(key) must be 0...600000") }
            return n
        }
        latencyMs = try ms("latencyMs", latencyMs)
        rateLimitResetMs = try ms("rateLimitResetMs", rateLimitResetMs)
        slowReplyMs = try ms("slowReplyMs", slowReplyMs)
        clockSkewMs = try Self.read(plan, "clockSkewMs", FieldReader.integer) ?? clockSkewMs
        dropConnection = try Self.trigger(plan, "dropConnection") ?? dropConnection
        serverError = try Self.trigger(plan, "serverError") ?? serverError
        badGateway = try Self.trigger(plan, "badGateway") ?? badGateway
        rateLimited = try Self.trigger(plan, "rateLimited", beforeApplyOnly: true) ?? rateLimited
        slowReply = try Self.trigger(plan, "slowReply") ?? slowReply
        flipClockSkew = try Self.trigger(plan, "flipClockSkew", beforeApplyOnly: true) ?? flipClockSkew
        streamSilentMs = try ms("streamSilentMs", streamSilentMs)
        streamDelayMs = try ms("streamDelayMs", streamDelayMs)
        streamDrop = try Self.trigger(plan, "streamDrop") ?? streamDrop
        streamRefuseAuth = try Self.trigger(plan, "streamRefuseAuth") ?? streamRefuseAuth
        streamMalformed = try Self.trigger(plan, "streamMalformed") ?? streamMalformed
        if plan.value("paths") != nil { paths = Set(try Self.read(plan, "paths", FieldReader.strings)) }
    }

    var json: JSONNode {
        .object([
            ("latencyMs", .int(latencyMs)), ("clockSkewMs", .int(clockSkewMs)),
            ("dropConnection", dropConnection.json), ("serverError", serverError.json), ("badGateway", badGateway.json),
            ("rateLimited", rateLimited.json), ("rateLimitResetMs", .int(rateLimitResetMs)),
            ("slowReply", slowReply.json), ("slowReplyMs", .int(slowReplyMs)), ("flipClockSkew", flipClockSkew.json),
            ("paths", paths.map { .array($0.sorted().map(JSONNode.string)) } ?? .null),
            ("streamDrop", streamDrop.json), ("streamSilentMs", .int(streamSilentMs)),
            ("streamDelayMs", .int(streamDelayMs)), ("streamRefuseAuth", streamRefuseAuth.json),
            ("streamMalformed", streamMalformed.json),
        ])
    }

    /// One of ``FieldReader``'s reads, its ``FieldError`` as a 10001 naming the field
    /// (after `prefix`: `"dropConnection."` inside a trigger).
    private static func read<T>(
        _ fields: FieldReader, _ key: String, _ reader: (FieldReader) -> (String) throws(FieldError) -> T,
        prefix: String = ""
    ) throws(PaperAPIError) -> T {
        do { return try reader(fields)(key) } catch { throw .params(prefix + error.description) }
    }

    /// The trigger `key`, if the plan sets it: a count, or an object of count, afterApply,
    /// every and burst.
    private static func trigger(_ plan: FieldReader, _ key: String, beforeApplyOnly: Bool = false)
        throws(PaperAPIError) -> FaultTrigger?
    {
        guard let value = plan.value(key) else { return nil }
        var trigger = FaultTrigger(count: 1, afterApply: !beforeApplyOnly)
        if case .int(let n) = value {
            trigger.count = Int(n)
        } else {
            guard let t = FieldReader(value, convention: .body) else {
                throw .params("\(key) must be a count or {\"count\":n,\"afterApply\":bool,\"every\":n,\"burst\":n}")
            }
            if let unknown = t.unknownKeys(["count", "afterApply", "every", "burst"]).first {
                throw .params("\(key) has an unknown field '\(unknown)'")
            }
            let int = { (field: String, fallback: Int) throws(PaperAPIError) -> Int in
                try read(t, field, FieldReader.integer, prefix: key + ".").map { Int($0) } ?? fallback
            }
            trigger.count = try int("count", trigger.count)
            trigger.every = try int("every", trigger.every)
            trigger.burst = try int("burst", trigger.burst)
            trigger.afterApply = try read(t, "afterApply", FieldReader.bool, prefix: key + ".") ?? trigger.afterApply
        }
        guard trigger.count >= -1 else {
            throw .params("\(key).count must be -1 (always), 0 (off) or a positive count")
        }
        guard trigger.every >= 1 && trigger.every <= 1_000_000 else {
            throw .params("\(key).every must be 1...1000000")
        }
        guard trigger.burst >= 1 && trigger.burst <= trigger.every else {
            throw .params("\(key).burst must be 1...every")
        }
        if beforeApplyOnly && trigger.afterApply {
            throw .params("\(key) fires before the effect only; afterApply must be false")
        }
        return trigger
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
            ("streamDrop", .int(streamDrop)), ("streamRefuseAuth", .int(streamRefuseAuth)),
            ("streamMalformed", .int(streamMalformed)),
        ])
    }
}
