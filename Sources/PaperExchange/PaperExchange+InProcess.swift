public import BybitAPI
import HTTPTypes

/// The paper exchange answering a client in the client's own thread, for the replay: a
/// run there makes some 8,700 REST reads a day of marks, and over loopback each paid for
/// a socket round trip, HTTP framing on both sides and the hops between the script's
/// thread and the server's (about 40 % of the run's wall time). The request is still
/// signed and checked, routed, rate-limited and answered with the same envelope and
/// headers as over HTTP (`PaperResponder.answer` and `reply`, which the server runs too).
///
/// Not done in-process: the `/paper/` controls and the reaction benchmark's routes (404,
/// as an unknown path), fault plans (the replay arms none; they act on connections and
/// wall-clock delays), and reading a body in chunks (it arrives whole).
extension PaperExchange: InProcessExchange {
    /// Answers one `/v5/` request in the calling thread, as the server would over HTTP.
    public func respond(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]?)
        -> InProcessReply
    {
        let (path, query) = Self.split(target)
        let isGet = method == "GET"
        var fields = HTTPFields()
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        let answer: (result: Result<JSONNode, PaperAPIError>, limit: RateLimiter.Decision?)
        if let route = Route.table[path], route.method.rawValue == method {
            let payload = isGet ? Array(query.utf8) : (body ?? [])
            if !isGet, payload.count > responder.maxBodyBytes {
                answer = (.failure(RequestBody.tooLarge(payload.count)), nil)
            } else {
                answer = responder.answer(
                    route: route, isGet: isGet, headers: fields, payload: payload, remoteIP: Self.remoteIP,
                    nowMs: core.serverNowMs())
            }
        } else {
            let limit = core.limiter.peek(
                key: Self.remoteIP, endpoint: path, rule: .ipPublic, nowMs: core.serverNowMs())
            answer = (.failure(.routeNotFound()), limit)
        }
        let reply = responder.reply(answer.result, limit: answer.limit)
        return InProcessReply(
            status: Int(reply.status.code), headers: reply.headers.map { ($0.name.rawName, $0.value) }, body: reply.body
        )
    }

    /// What the rate limiter keys public requests by, for an in-process client.
    static let remoteIP = "in-process"

    /// The path, and the raw query after `?` (before any `#`).
    static func split(_ target: String) -> (path: String, query: Substring) {
        guard let q = target.firstIndex(of: "?") else { return (target, "") }
        var query = target[target.index(after: q)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        return (String(target[..<q]), query)
    }
}
