import BybitWire

/// One text frame from a stream, classified (Bybit's v5 shapes, reference 1.3-1.10).
enum FeedMessage {
    /// A pong, in any channel's shape (`op: "pong"`, or `ret_msg: "pong"` with `op: "ping"`).
    case pong
    /// The auth reply: success, or the exchange's `ret_msg`.
    case auth(ok: Bool, message: String)
    /// A subscribe reply, with the `req_id` echoed.
    case subscribed(requestID: String?, ok: Bool, message: String)
    /// A ticker push: the symbol (from the topic), snapshot or delta, the data object, and
    /// the exchange's time of the push (`ts`, Unix ms) when it carries one.
    case ticker(symbol: String, isSnapshot: Bool, data: JSONObject, pushedMs: Int64?)
    /// An account push (`position`, `wallet`, `order`, `execution`, or their `.category`
    /// forms), with the exchange's time of the push (`creationTime`, Unix ms) when it carries one.
    case account([StreamEvent], pushedMs: Int64?)
    /// Anything else (an unsubscribe reply, a topic not asked for).
    case other
    /// Not JSON, or JSON not shaped as any message above.
    case malformed

    /// Classifies `text`.
    init(_ text: String) {
        guard let json = try? JSONValue(parsing: text), case .object(let o) = json else {
            self = .malformed
            return
        }
        if let topic = o["topic"]?.stringValue {
            self = Self.push(topic: topic, o)
            return
        }
        let op = o["op"]?.stringValue
        let retMsg = o["ret_msg"]?.stringValue ?? ""
        if op == "pong" || retMsg == "pong" {
            self = .pong
            return
        }
        let ok = o["success"]?.boolValue ?? false
        // req_id is echoed as sent: a string here, but a server may answer with a number.
        let requestID = o["req_id"].flatMap { $0.stringValue ?? $0.numberText }
        switch op {
        case "auth": self = .auth(ok: ok, message: retMsg)
        case "subscribe": self = .subscribed(requestID: requestID, ok: ok, message: retMsg)
        default:
            // An older error shape names the request inside: {"success":false,"request":{"op":"auth"}}.
            if !ok, let inner = o["request"]?["op"]?.stringValue, inner == "auth" {
                self = .auth(ok: false, message: retMsg)
            } else {
                self = .other
            }
        }
    }

    private static func push(topic: String, _ o: JSONObject) -> FeedMessage {
        if topic.hasPrefix("tickers.") {
            guard case .object(let data) = o["data"] else { return .malformed }
            let symbol = String(topic.dropFirst("tickers.".count))
            guard !symbol.isEmpty else { return .malformed }
            return .ticker(
                symbol: symbol, isSnapshot: o["type"]?.stringValue != "delta", data: data, pushedMs: millis(o["ts"]))
        }
        let base = topic.split(separator: ".", maxSplits: 1).first.map(String.init) ?? topic
        let wrap: (JSONValue) -> StreamEvent
        switch base {
        case "position": wrap = StreamEvent.position
        case "wallet": wrap = StreamEvent.wallet
        case "order": wrap = StreamEvent.order
        case "execution": wrap = StreamEvent.execution
        default: return .other
        }
        guard let items = o["data"]?.arrayValue else { return .malformed }
        return .account(
            base == "position" ? items.map { wrap(restNames($0)) } : items.map(wrap),
            pushedMs: millis(o["creationTime"]))
    }

    /// An envelope's time: Unix ms as a JSON integer (or a string of one, as some fields are sent).
    private static func millis(_ value: JSONValue?) -> Int64? {
        guard let value else { return nil }
        return (value.numberText ?? value.stringValue).flatMap { Int64($0) }
    }

    /// A position row with REST's names too: the stream's `entryPrice` is REST's `avgPrice`
    /// (both kept), so a pushed position reads like one from `GET /v5/position/list`.
    static func restNames(_ row: JSONValue) -> JSONValue {
        guard case .object(var o) = row, o["avgPrice"] == nil, let entry = o["entryPrice"] else { return row }
        o["avgPrice"] = entry
        return .object(o)
    }
}
