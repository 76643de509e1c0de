import BybitWire
import HTTPTypes

/// One `/v5/` endpoint: method, path, who may call it and its handler.
struct Route: Sendable {
    enum Access: Sendable {
        /// Public market data, limited per IP.
        case market
        /// Signed; limited per key and endpoint by `rule`; `mutates` marks the endpoints
        /// whose effects go into the ledger.
        case signed(RateLimitRule, mutates: Bool)
    }

    /// What a handler gets.
    struct Input: Sendable {
        /// The authenticated key (nil on public endpoints).
        let apiKey: String?
        let params: RequestParams
        /// The fields read and checked by the endpoint's catalog declaration (empty for
        /// endpoints the catalog does not declare: their handlers read `params`).
        var values: RequestValues
        let nowMs: Int64
        let core: ExchangeCore
    }

    typealias Handler = @Sendable (Input) throws(PaperAPIError) -> JSONNode
    /// Told of every refusal `run` throws, the catalog's checks and the handler's alike
    /// (`values` is empty when the catalog refused).
    typealias RefusalRecorder = @Sendable (PaperAPIError, Input) -> Void

    let method: HTTPRequest.Method
    let path: String
    let access: Access
    let handler: Handler
    /// The endpoint's declaration, when the catalog has one: its fields are read and
    /// checked before `handler` runs.
    let spec: EndpointSpec?
    /// Where the route's refusals go, for an endpoint whose every refusal is recorded
    /// (`order/create`: each one is an `order-refused` ledger entry).
    let recordRefusal: RefusalRecorder?

    /// A route whose handler reads its own parameters.
    init(method: HTTPRequest.Method, path: String, access: Access, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
        self.spec = nil
        self.recordRefusal = nil
    }

    /// Runs the handler. A catalogued endpoint's fields are first read and checked by its
    /// declaration — the one the client checks before sending — and refused with 10001.
    /// Any refusal, from the catalog or the handler, goes to ``recordRefusal`` first.
    func run(apiKey: String?, params: RequestParams, nowMs: Int64, core: ExchangeCore) throws(PaperAPIError)
        -> JSONNode
    {
        var input = Input(apiKey: apiKey, params: params, values: RequestValues(), nowMs: nowMs, core: core)
        do throws(PaperAPIError) {
            if let spec {
                do { input.values = try spec.read(params.fields) } catch { throw .params(error.message) }
            }
            return try handler(input)
        } catch {
            recordRefusal?(error, input)
            throw error
        }
    }

    /// A route for a catalogued endpoint; `recordRefusal`, when given, is told of each
    /// refusal (see ``run(apiKey:params:nowMs:core:)``).
    init(
        _ spec: EndpointSpec, access: Access, recordRefusal: RefusalRecorder? = nil, handler: @escaping Handler
    ) {
        self.method = spec.method == .get ? .get : .post
        self.path = spec.path
        self.access = access
        self.handler = handler
        self.spec = spec
        self.recordRefusal = recordRefusal
    }

    /// Every endpoint the paper exchange serves, by path.
    static let table: [String: Route] = {
        let routes =
            MarketRoutes.routes + PositionRoutes.routes + AccountRoutes.routes + ClientSupportRoutes.routes
            + OrderRoutes.routes + OrderListRoutes.routes + ExecutionRoutes.routes + TradingStopRoutes.routes
            + LeverageRoutes.routes + PositionModeRoutes.routes + MarginModeRoutes.routes + KlineRoutes.routes
        return Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0) })
    }()
}
