import NIOHTTP1

/// One Bybit v5 endpoint: method, path, and the two properties the client's behaviour
/// depends on.
struct Endpoint: Sendable {
    /// `GET` or `POST`.
    let method: HTTPMethod
    /// The path, e.g. `/v5/position/add-margin`.
    let path: String
    /// Whether the request is signed (private endpoints).
    let isPrivate: Bool
    /// Whether the request changes state on the exchange. A mutation that may have
    /// reached the exchange is never re-sent (it has no idempotency key).
    let isMutation: Bool

    static let addMargin = Endpoint(method: .POST, path: "/v5/position/add-margin", isPrivate: true, isMutation: true)
    static let setAutoAddMargin = Endpoint(
        method: .POST, path: "/v5/position/set-auto-add-margin", isPrivate: true, isMutation: true)
    static let positionList = Endpoint(method: .GET, path: "/v5/position/list", isPrivate: true, isMutation: false)
    static let tickers = Endpoint(method: .GET, path: "/v5/market/tickers", isPrivate: false, isMutation: false)
    static let serverTime = Endpoint(method: .GET, path: "/v5/market/time", isPrivate: false, isMutation: false)
    static let instrumentsInfo = Endpoint(
        method: .GET, path: "/v5/market/instruments-info", isPrivate: false, isMutation: false)
    static let walletBalance = Endpoint(
        method: .GET, path: "/v5/account/wallet-balance", isPrivate: true, isMutation: false)
    static let accountInfo = Endpoint(method: .GET, path: "/v5/account/info", isPrivate: true, isMutation: false)
}

/// A request ready to sign: its endpoint and its payload, serialised once. The payload
/// is the query string (GET) or the JSON body (POST); those exact bytes are signed and
/// those exact bytes are sent.
struct PreparedRequest: Sendable {
    let endpoint: Endpoint
    let payload: [UInt8]
    /// The same parameters as a JSON object, for `InFlightRequest` and logging.
    let parameters: JSONValue

    /// A GET with the given query.
    init(get endpoint: Endpoint, query: QueryString) {
        self.endpoint = endpoint
        self.payload = query.bytes
        self.parameters = .object(query.parameters)
    }

    /// A POST with a JSON body written by `body` into an object.
    init(post endpoint: Endpoint, parameters: [String: JSONValue], body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        writer.beginObject()
        body(&writer)
        writer.endObject()
        self.endpoint = endpoint
        self.payload = writer.bytes
        self.parameters = .object(parameters)
    }

    /// The payload as text (it is always ASCII or UTF-8).
    var payloadText: String { String(decoding: payload, as: UTF8.self) }
}
