/// The reply of `GET /v5/market/time`.
public struct ServerTime: Sendable, Equatable {
    /// The `result` object exactly as received.
    public let raw: JSONValue
    /// Server time in seconds (`timeSecond`).
    public let timeSecond: Int64
    /// Server time in nanoseconds (`timeNano`), when present.
    public let timeNano: Int64?
    /// The envelope's `time` in ms, when present.
    public let envelopeTime: Int64?

    /// Server time in milliseconds: from `timeNano` when present (the most precise),
    /// else the envelope's `time`, else `timeSecond × 1000`.
    public var milliseconds: Int64 {
        if let timeNano { return timeNano / 1_000_000 }
        return envelopeTime ?? timeSecond * 1000
    }

    init(json: JSONValue, envelopeTime: Int64?, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "server time", endpoint: endpoint)
        raw = json
        guard let seconds = try r.int("timeSecond") else {
            throw .decoding("server time has no timeSecond", endpoint: endpoint)
        }
        timeSecond = seconds
        timeNano = try r.int("timeNano")
        self.envelopeTime = envelopeTime
    }
}
