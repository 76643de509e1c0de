/// Bybit's replies to stream requests, per channel, exactly as clients recognise them:
/// pybit drops a pong by `ret_msg == "pong"` or `op == "pong"` and matches subscribe
/// replies by `req_id`; ccxt treats `success: false` as an error.
enum StreamReplies {
    /// The reply to `{"op":"ping"}`: public channels keep `op: "ping"` with
    /// `ret_msg: "pong"`; the private channel answers `op: "pong"` with the time in `args`.
    static func pong(channel: StreamChannel, connID: String, reqID: JSONNode?, nowMs: Int64) -> JSONNode {
        if channel.isPublic {
            return .object([
                ("success", true), ("ret_msg", "pong"), ("conn_id", .string(connID)), ("req_id", reqID ?? ""),
                ("op", "ping"),
            ])
        }
        var fields: [(String, JSONNode)] = []
        if let reqID { fields.append(("req_id", reqID)) }
        fields += [("op", "pong"), ("args", .array([.string(String(nowMs))])), ("conn_id", .string(connID))]
        return .object(fields)
    }

    /// `auth`'s answer: `ret_msg` "" on success, "Params Error" on any failure (bad key,
    /// bad signature, expired), the shape v5 sends.
    static func auth(success: Bool, connID: String, reqID: JSONNode?) -> JSONNode {
        var fields: [(String, JSONNode)] = [
            ("success", .bool(success)), ("ret_msg", .string(success ? "" : "Params Error")), ("op", "auth"),
            ("conn_id", .string(connID)),
        ]
        if let reqID { fields.append(("req_id", reqID)) }
        return .object(fields)
    }

    /// A subscribe / unsubscribe answer; `error` is the `ret_msg` of a failure.
    /// The public channels always carry `req_id` ("" when none was sent).
    static func command(
        _ op: String, channel: StreamChannel, connID: String, reqID: JSONNode?, error: String? = nil
    ) -> JSONNode {
        var fields: [(String, JSONNode)] = [
            ("success", .bool(error == nil)), ("ret_msg", .string(error ?? "")), ("conn_id", .string(connID)),
        ]
        if let reqID {
            fields.append(("req_id", reqID))
        } else if channel.isPublic {
            fields.append(("req_id", ""))
        }
        fields.append(("op", .string(op)))
        return .object(fields)
    }

    /// `ret_msg` for a topic without a handler on this channel.
    static func handlerNotFound(_ topic: String) -> String { "error:handler not found,topic:" + topic }

    /// `ret_msg` for a private topic before a successful `auth`.
    static let notAuthorized = "Request not authorized"

    /// `ret_msg` for an `op` the server does not know, or a frame that is not a JSON request.
    static let invalidOp = "error:invalid op"
    static let invalidRequest = "error:invalid request"

    /// The frame ``FaultPlan/streamMalformed`` sends: a push cut off mid-object.
    static let malformedFrame = #"{"topic":"tickers","type":"delta","data":{"symbol":"#
}
