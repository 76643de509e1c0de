import NIOCore

/// Bybit's common reply: `{"retCode":0,"retMsg":"OK","result":{...},"retExtInfo":{},"time":...}`.
struct Envelope: Sendable {
    /// 0 on success, else an error code.
    var retCode: Int
    /// `OK`, `success`, `""`, or the error text.
    var retMsg: String
    /// The business payload (`{}` when the endpoint returns nothing; `null` if absent).
    var result: JSONValue
    /// Usually `{}`.
    var retExtInfo: JSONValue
    /// The exchange's time in ms, when present.
    var time: Int64?

    /// Parses a reply body.
    /// - Throws: a reason string when the body is not JSON or has no integer `retCode`.
    static func parse(_ body: ByteBuffer) throws(EnvelopeFailure) -> Envelope {
        let tree: JSONValue
        do {
            tree = try body.withUnsafeReadableBytes { raw throws(JSONValue.ParseError) in
                try JSONValue(parsing: raw)
            }
        } catch {
            throw EnvelopeFailure(reason: "the reply is not valid JSON (\(error))")
        }
        // pybit still accepts the v2/v3 spellings; so does this client.
        guard let code = (tree["retCode"] ?? tree["ret_code"])?.intValue else {
            throw EnvelopeFailure(reason: "the reply has no integer retCode")
        }
        let message = (tree["retMsg"] ?? tree["ret_msg"])?.stringValue ?? ""
        return Envelope(
            retCode: Int(code), retMsg: message, result: tree["result"] ?? .null,
            retExtInfo: tree["retExtInfo"] ?? .object([:]), time: tree["time"]?.intValue)
    }
}

/// Why a reply body is not a Bybit envelope.
struct EnvelopeFailure: Error, Sendable {
    let reason: String
}
