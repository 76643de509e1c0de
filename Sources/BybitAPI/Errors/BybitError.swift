/// Every failure of the Bybit client, in the shape of async-http-client's `HTTPClientError`.
///
/// The case list is a private `Code`, so cases can be added without breaking callers;
/// callers branch on ``kind`` (a stable string the Lua layer passes through unchanged),
/// ``code`` (Bybit's `retCode` when there is one) and ``message``. Every error names the
/// ``endpoint`` it came from.
///
/// An error never contains the API secret or an `X-BAPI-SIGN` value: the client builds
/// messages only from the endpoint, the exchange's reply and the transport's error text,
/// none of which carry either.
public struct BybitError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Code: Equatable, Sendable {
        case api(retCode: Int, retMsg: String)
        case network(String)
        case timeout(String)
        case outcomeUnknown(String, retCode: Int?)
        case rateLimited(String, retCode: Int?, httpStatus: Int?)
        case validation(String)
        case auth(String)
        case decoding(String)
        case http(status: Int, String, retCode: Int?)
    }

    private let code_: Code

    /// The endpoint path the error belongs to, e.g. `/v5/position/add-margin`
    /// (empty for errors raised before an endpoint was chosen, such as a bad base URL).
    public let endpoint: String

    /// For ``kind`` `"outcome_unknown"`: the request that may have reached the exchange,
    /// exactly as it was sent (without the signature), so the caller can re-read the
    /// position and report what is known. `nil` for every other kind.
    public let inFlight: InFlightRequest?

    private init(_ code: Code, endpoint: String, inFlight: InFlightRequest? = nil) {
        self.code_ = code
        self.endpoint = endpoint
        self.inFlight = inFlight
    }

    /// A stable machine-readable name: `"api"`, `"network"`, `"timeout"`,
    /// `"outcome_unknown"`, `"rate_limited"`, `"validation"`, `"decoding"`, `"http"` or
    /// `"auth"` (the private stream refused the credentials).
    public var kind: String {
        switch code_ {
        case .api: "api"
        case .network: "network"
        case .timeout: "timeout"
        case .outcomeUnknown: "outcome_unknown"
        case .rateLimited: "rate_limited"
        case .validation: "validation"
        case .auth: "auth"
        case .decoding: "decoding"
        case .http: "http"
        }
    }

    /// Bybit's `retCode` when the exchange gave one (`api`, and `rate_limited`,
    /// `outcome_unknown` or `http` errors that carried one); otherwise `nil`.
    public var code: Int? {
        switch code_ {
        case .api(let retCode, _): retCode
        case .outcomeUnknown(_, let retCode): retCode
        case .rateLimited(_, let retCode, _): retCode
        case .http(_, _, let retCode): retCode
        case .network, .timeout, .validation, .decoding, .auth: nil
        }
    }

    /// The HTTP status when the failure was an HTTP status (`http`, or a `rate_limited`
    /// error caused by HTTP 403/429); otherwise `nil`.
    public var httpStatus: Int? {
        switch code_ {
        case .http(let status, _, _): status
        case .rateLimited(_, _, let status): status
        default: nil
        }
    }

    /// A one-line human-readable reason: Bybit's `retMsg` for `api` errors, otherwise a
    /// sentence written by the client.
    public var message: String {
        switch code_ {
        case .api(_, let retMsg): retMsg
        case .network(let m), .timeout(let m), .validation(let m), .decoding(let m), .auth(let m): m
        case .outcomeUnknown(let m, _), .rateLimited(let m, _, _), .http(_, let m, _): m
        }
    }

    /// One line: kind, code, message and endpoint, e.g.
    /// `BybitError.api(110033): You can't set margin without an open position [/v5/position/add-margin]`.
    public var description: String {
        var out = "BybitError.\(kind)"
        if let code { out += "(\(code))" } else if let httpStatus { out += "(HTTP \(httpStatus))" }
        out += ": \(message)"
        if !endpoint.isEmpty { out += " [\(endpoint)]" }
        return out
    }

    /// Same as ``description``: there is nothing secret to hide and nothing more to show.
    public var debugDescription: String { description }
}

extension BybitError {
    /// The exchange answered with a non-zero `retCode` that the client does not retry.
    public static func api(retCode: Int, retMsg: String, endpoint: String) -> BybitError {
        BybitError(.api(retCode: retCode, retMsg: retMsg), endpoint: endpoint)
    }

    /// A transport failure where the request certainly or probably did not execute
    /// (nothing was sent, or the request was a read).
    public static func network(_ message: String, endpoint: String) -> BybitError {
        BybitError(.network(message), endpoint: endpoint)
    }

    /// A connect, read or overall timeout on a request that executed nothing
    /// (not connected yet, or a read).
    public static func timeout(_ message: String, endpoint: String) -> BybitError {
        BybitError(.timeout(message), endpoint: endpoint)
    }

    /// A mutation that may have reached the exchange and whose result is not known
    /// (timeout or reset after it was written, `10016`, HTTP 5xx, undecodable reply).
    /// It is never re-sent; `inFlight` is the request as it went out.
    public static func outcomeUnknown(
        _ message: String, retCode: Int? = nil, endpoint: String, inFlight: InFlightRequest?
    ) -> BybitError {
        BybitError(.outcomeUnknown(message, retCode: retCode), endpoint: endpoint, inFlight: inFlight)
    }

    /// Rate limited: `10006`, retCode or HTTP 429 after the bounded retries, or HTTP 403
    /// (Bybit's IP rate-limit ban).
    public static func rateLimited(
        _ message: String, retCode: Int? = nil, httpStatus: Int? = nil, endpoint: String
    ) -> BybitError {
        BybitError(.rateLimited(message, retCode: retCode, httpStatus: httpStatus), endpoint: endpoint)
    }

    /// A request refused before the wire (bad symbol, margin, category, positionIdx,
    /// base URL, missing credentials). Nothing was sent.
    public static func validation(_ message: String, endpoint: String) -> BybitError {
        BybitError(.validation(message), endpoint: endpoint)
    }

    /// The exchange refused the credentials (the private stream's `auth` reply said
    /// `success: false`). The message quotes the exchange's `ret_msg`, never the signature.
    public static func auth(_ message: String, endpoint: String) -> BybitError {
        BybitError(.auth(message), endpoint: endpoint)
    }

    /// A reply that is not the JSON the endpoint documents.
    public static func decoding(_ message: String, endpoint: String) -> BybitError {
        BybitError(.decoding(message), endpoint: endpoint)
    }

    /// An HTTP status other than 200 that is neither a rate limit nor a possible execution.
    public static func http(status: Int, _ message: String, retCode: Int? = nil, endpoint: String) -> BybitError {
        BybitError(.http(status: status, message, retCode: retCode), endpoint: endpoint)
    }
}
