/// Bybit's common reply: `{"retCode":0,"retMsg":"OK","result":{...},"retExtInfo":{},"time":...}`.
///
/// The client reads it from every reply (``parse(_:)``); the paper exchange writes it
/// around every answer (``success(_:timeMs:)``, ``failure(retCode:retMsg:timeMs:)``).
public struct Envelope: Sendable {
    /// 0 on success, else an error code.
    public var retCode: Int
    /// `OK`, `success`, `""`, or the error text.
    public var retMsg: String
    /// The business payload (`{}` when the endpoint returns nothing; `null` if absent).
    public var result: JSONValue
    /// Usually `{}`.
    public var retExtInfo: JSONValue
    /// The exchange's time in ms, when present.
    public var time: Int64?

    /// An envelope from its five fields.
    init(retCode: Int, retMsg: String, result: JSONValue, retExtInfo: JSONValue = .object([]), time: Int64?) {
        self.retCode = retCode
        self.retMsg = retMsg
        self.result = result
        self.retExtInfo = retExtInfo
        self.time = time
    }

    /// Reads a reply body, in place.
    /// - Throws: a reason when the body is not JSON or has no integer `retCode`.
    public static func parse(_ body: UnsafeRawBufferPointer) throws(EnvelopeFailure) -> Envelope {
        let tree: JSONValue
        do {
            tree = try JSONValue(parsing: body)
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

    /// The envelope as JSON, fields in Bybit's order (`time` left out when there is none).
    var tree: JSONValue {
        var members: JSONObject = [
            ("retCode", .int(retCode)), ("retMsg", .string(retMsg)), ("result", result), ("retExtInfo", retExtInfo),
        ]
        if let time { members["time"] = .int(time) }
        return .object(members)
    }

    /// A success envelope around `result`.
    public static func success(_ result: JSONValue, timeMs: Int64) -> JSONValue {
        Envelope(retCode: 0, retMsg: "OK", result: result, time: timeMs).tree
    }

    /// An error envelope; `result` is `{}` as on Bybit.
    public static func failure(retCode: Int, retMsg: String, timeMs: Int64) -> JSONValue {
        Envelope(retCode: retCode, retMsg: retMsg, result: .object([]), time: timeMs).tree
    }
}

/// Why a reply body is not a Bybit envelope.
public struct EnvelopeFailure: Error, Sendable {
    /// What was wrong, in a few words.
    public let reason: String

    init(reason: String) { self.reason = reason }
}
