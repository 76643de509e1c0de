/// A request that was handed to the transport, kept on an `outcome_unknown` error so the
/// caller can find out what happened (re-read the position, then report: README, "Money safety").
///
/// It holds what went on the wire except the signature: the method, the path, the exact
/// query string or JSON body that was signed, and the `X-BAPI-TIMESTAMP` it was signed
/// with. None of it is secret.
public struct InFlightRequest: Sendable, Equatable, CustomStringConvertible {
    /// `"GET"` or `"POST"`.
    public let method: String
    /// The endpoint path, e.g. `/v5/position/add-margin`.
    public let path: String
    /// The raw query string (GET) or JSON body (POST), exactly as signed and sent.
    public let payload: String
    /// The parameters of ``payload`` as a JSON object (query values are strings).
    public let parameters: JSONValue
    /// The `X-BAPI-TIMESTAMP` the request carried (ms, exchange clock as estimated).
    public let timestamp: Int64

    /// Creates a record of a request as it was sent.
    public init(method: String, path: String, payload: String, parameters: JSONValue, timestamp: Int64) {
        self.method = method
        self.path = path
        self.payload = payload
        self.parameters = parameters
        self.timestamp = timestamp
    }

    /// `POST /v5/position/add-margin {"category":...}`: the request line and payload.
    public var description: String {
        method == "GET" ? "\(method) \(path)?\(payload)" : "\(method) \(path) \(payload)"
    }
}
