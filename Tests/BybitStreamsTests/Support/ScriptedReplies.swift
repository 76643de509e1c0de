import BybitWire
import Foundation

/// The scripted server's answers to one client frame, in Bybit's v5 shapes.
enum ScriptedReplies {
    static func answer(_ text: String, path: String, connection: Int, state: ScriptedState) -> [String] {
        guard let json = try? JSONValue(parsing: text), let op = json["op"]?.stringValue else { return [] }
        let reqID = json["req_id"] ?? .string("")
        let isPrivate = path == "/v5/private"
        switch op {
        case "ping":
            state.record { $0.pings[path, default: 0] += 1 }
            let b = state.behaviour
            guard b.answerPings, connection > b.silentUpTo[path, default: 0] else { return [] }
            let pong: JSONValue =
                isPrivate
                ? .object([
                    ("req_id", reqID), ("op", .string("pong")), ("args", .array([.string("1")])),
                    ("conn_id", .string("c1")),
                ])
                : .object([
                    ("success", .bool(true)), ("ret_msg", .string("pong")), ("conn_id", .string("c1")),
                    ("req_id", reqID), ("op", .string("ping")),
                ])
            return [pong.serialized]
        case "auth":
            state.record { $0.authFrames.append(text) }
            let ok = !state.behaviour.refuseAuth && verify(json["args"])
            return [
                JSONValue.object([
                    ("success", .bool(ok)), ("ret_msg", .string(ok ? "" : "Params Error")), ("op", .string("auth")),
                    ("conn_id", .string("c1")), ("req_id", reqID),
                ]).serialized
            ]
        case "subscribe":
            let topics = json["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            state.record { $0.subscribes[path, default: []].append(topics) }
            let behaviour = state.behaviour
            if behaviour.ignoreSubscribes { return [] }
            if let bad = topics.first(where: {
                behaviour.unknownSymbols.contains(String($0.dropFirst("tickers.".count)))
            }) {
                return [
                    JSONValue.object([
                        ("success", .bool(false)), ("ret_msg", .string("error:handler not found,topic:\(bad)")),
                        ("conn_id", .string("c1")), ("req_id", reqID), ("op", .string("subscribe")),
                    ]).serialized
                ]
            }
            var out = [
                JSONValue.object([
                    ("success", .bool(true)), ("ret_msg", .string("")), ("conn_id", .string("c1")), ("req_id", reqID),
                    ("op", .string("subscribe")),
                ]).serialized
            ]
            for topic in topics where topic.hasPrefix("tickers.") {
                let symbol = String(topic.dropFirst("tickers.".count))
                let data =
                    behaviour.snapshots[symbol]
                    ?? #"{"symbol":"\#(symbol)","markPrice":"100.00","lastPrice":"100.10","fundingRate":"0.0001"}"#
                out.append(#"{"topic":"\#(topic)","type":"snapshot","data":\#(data),"cs":1,"ts":1}"#)
            }
            return out
        default:
            return []
        }
    }

    /// The login's key, expiry (later than now) and HMAC, as Bybit checks them.
    private static func verify(_ args: JSONValue?) -> Bool {
        guard let args = args?.arrayValue, args.count == 3, args[0].stringValue == ScriptedStreamServer.apiKey,
            let expires = args[1].numberText ?? args[1].stringValue, let expiresMs = Int64(expires),
            let signature = args[2].stringValue
        else { return false }
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        return expiresMs > nowMs && signature == ScriptedStreamServer.signature(expires: expires)
    }
}
