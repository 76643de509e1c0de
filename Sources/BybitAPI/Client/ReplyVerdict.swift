/// What one HTTP reply means for the retry policy. Kept apart from the loop that acts on
/// it so the money-safety table is in one place and readable:
///
/// | reply                                   | verdict                                   |
/// |-----------------------------------------|-------------------------------------------|
/// | 200, retCode 0                          | success                                   |
/// | 200, retCode 10002                      | clock skew: re-sync, re-sign, retry once  |
/// | 200, retCode 10006 or 429; HTTP 429     | rate limited: wait for reset, retry       |
/// | HTTP 403                                | IP ban: fail, refuse traffic for a while  |
/// | 200, retCode 10016; HTTP 5xx            | may have executed                         |
/// | 200, undecodable body                   | may have executed (mutation) / decoding   |
/// | 200, any other retCode                  | api error                                 |
/// | HTTP 400, 401, 404 (Bybit's refusals)   | http error                                |
/// | any other HTTP status                   | may have executed (mutation) / http error |
///
/// A mutation answered with a status Bybit does not document (202, 204, 3xx, 408, 409,
/// 499, …) may have been applied behind a gateway, whatever its body says — even a
/// `retCode 0` — so it is not a readable Bybit answer: its outcome is unknown and it is
/// never re-sent. A read gets an `http` error. (Unreadable bytes never reach this table:
/// the transport reports them as a failure after the request was sent, with the same
/// result.)
enum ReplyVerdict {
    case success(Envelope)
    case clockSkew(Envelope)
    case rateLimited(retCode: Int?, httpStatus: Int?, resetAt: Int64?, message: String)
    case ipBan(message: String)
    case mayHaveExecuted(retCode: Int?, httpStatus: Int?, message: String)
    case failure(BybitError)

    /// Classifies `reply` from `endpoint`.
    static func classify(_ reply: RawResponse, endpoint: EndpointSpec) -> ReplyVerdict {
        let path = endpoint.path
        let resetAt = reply.headers.first(name: "X-Bapi-Limit-Reset-Timestamp").flatMap { Int64($0) }
        let envelope = Result { () throws(EnvelopeFailure) in try Envelope.parse(reply.body) }

        switch reply.status {
        case 200:
            break
        case 403:
            return .ipBan(
                message: "HTTP 403: Bybit's IP rate-limit ban (600 requests per 5 s per IP breached), "
                    + "or an IP Bybit refuses; stop all traffic for at least 10 minutes")
        case 429:
            return .rateLimited(
                retCode: nil, httpStatus: 429, resetAt: resetAt, message: "HTTP 429: system-level frequency protection")
        case 500...599:
            let detail = (try? envelope.get()).map { " (retCode \($0.retCode): \($0.retMsg))" } ?? ""
            return .mayHaveExecuted(
                retCode: (try? envelope.get())?.retCode, httpStatus: reply.status,
                message: "HTTP \(reply.status) from the exchange\(detail)")
        case 400, 401, 404:
            let parsed = try? envelope.get()
            let detail = parsed.map { ": retCode \($0.retCode) \($0.retMsg)" } ?? ""
            return .failure(
                .http(
                    status: reply.status, "HTTP \(reply.status)\(Self.statusMeaning(reply.status))\(detail)",
                    retCode: parsed?.retCode, endpoint: path))
        default:
            let parsed = try? envelope.get()
            if endpoint.isMutation {
                let detail = parsed.map { " (retCode \($0.retCode): \($0.retMsg))" } ?? ""
                return .mayHaveExecuted(
                    retCode: parsed?.retCode, httpStatus: reply.status,
                    message: "HTTP \(reply.status) instead of Bybit's 200\(detail)")
            }
            let detail = parsed.map { ": retCode \($0.retCode) \($0.retMsg)" } ?? ""
            return .failure(
                .http(
                    status: reply.status, "HTTP \(reply.status)\(Self.statusMeaning(reply.status))\(detail)",
                    retCode: parsed?.retCode, endpoint: path))
        }

        let env: Envelope
        switch envelope {
        case .success(let e): env = e
        case .failure(let f):
            if endpoint.isMutation {
                return .mayHaveExecuted(retCode: nil, httpStatus: nil, message: f.reason)
            }
            return .failure(.decoding(f.reason, endpoint: path))
        }
        switch env.retCode {
        case BybitError.RetCode.ok: return .success(env)
        case BybitError.RetCode.timestampOutOfWindow: return .clockSkew(env)
        case BybitError.RetCode.tooManyVisits, BybitError.RetCode.highLoad:
            return .rateLimited(retCode: env.retCode, httpStatus: nil, resetAt: resetAt, message: env.retMsg)
        case BybitError.RetCode.serverError:
            return .mayHaveExecuted(
                retCode: env.retCode, httpStatus: nil, message: "retCode 10016: \(env.retMsg)")
        default:
            return .failure(.api(retCode: env.retCode, retMsg: env.retMsg, endpoint: path))
        }
    }

    /// Whether the exchange counted the request against its rate limit: every answer
    /// but a refusal for the limit (10006, 429) or a ban.
    var usedARateLimitSlot: Bool {
        switch self {
        case .rateLimited, .ipBan: false
        default: true
        }
    }

    /// A short gloss for the HTTP statuses Bybit documents.
    private static func statusMeaning(_ status: Int) -> String {
        switch status {
        case 400: " (bad request)"
        case 401: " (invalid request: wrong key or missing auth headers)"
        case 404: " (path not found, or category does not match the account mode)"
        default: ""
        }
    }
}
