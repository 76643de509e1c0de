/// One parameter of a generic request, as a script gives it.
public enum RequestParameter: Sendable, Equatable {
    /// Text, sent as is (a JSON string in a body).
    case text(String)
    /// A whole number (a JSON integer in a body).
    case integer(Int64)
    /// An exact amount, sent as its exact text (a JSON string in a body, as Bybit declares them).
    case decimal(ExactDecimal)
    /// `true` or `false` (a JSON boolean in a body).
    case flag(Bool)
    /// A list of texts (a JSON array in a body; a GET query has no arrays).
    case texts([String])
}

/// A signed request to any endpoint ``EndpointPolicy`` allows: what `bybit.request` sends.
public struct GenericRequest: Sendable {
    /// `GET` (a read: parameters in the query) or `POST` (a mutation: a JSON body).
    public var method: EndpointSpec.Method
    /// The canonical path, e.g. `/v5/order/realtime`.
    public var path: String
    /// The parameters in the order they are written.
    public var parameters: [(name: String, value: RequestParameter)]

    /// A request.
    public init(method: EndpointSpec.Method, path: String, parameters: [(name: String, value: RequestParameter)] = []) {
        self.method = method
        self.path = path
        self.parameters = parameters
    }

    /// The catalog's declaration of the path, when it has one: its checks apply and its
    /// reply shape converts the result.
    public var declared: EndpointSpec? { Catalog.endpoint(path: path) }

    /// The endpoint the request is sent as: the declared one, or an undeclared endpoint
    /// whose parameters pass through unchecked (a POST is a mutation; `/v5/market/` is
    /// public, everything else signed).
    public var endpoint: EndpointSpec {
        declared
            ?? EndpointSpec(
                method, path, isPrivate: !path.hasPrefix("/v5/market/"), isMutation: method == .post,
                result: Shape("bybit.RequestResult", []))
    }

    /// Makes every check ``BybitClient/request(_:)`` makes before sending, and sends nothing.
    /// - Throws: `validation`, as ``BybitClient/request(_:)`` would.
    public func validate() throws(BybitError) { _ = try BybitClient.prepare(self) }

    /// The first parameter called `name`.
    public func parameter(_ name: String) -> RequestParameter? { parameters.first { $0.name == name }?.value }
}

extension BybitClient {
    /// Sends `request` once (a read may be retried as any read is; a POST is a mutation and
    /// is never re-sent after it may have reached the exchange) and returns the reply's
    /// `result`. Blocking.
    ///
    /// Refused before anything is sent: a path ``EndpointPolicy`` does not allow, a parameter
    /// name that is not a plain identifier, and — for a path the catalog declares — any value
    /// its checks refuse (the same sentences as the typed calls), or the wrong method.
    /// - Throws: `validation` for all of those; `api` for a non-zero retCode;
    ///   `outcome_unknown` for a POST that may have executed; otherwise as any call.
    public func request(_ request: GenericRequest) throws(BybitError) -> JSONValue {
        try execute(try Self.prepare(request)).envelope.result
    }

    /// The request checked and written, ready to sign. Internal so tests of the wire can
    /// compare the bytes.
    static func prepare(_ request: GenericRequest) throws(BybitError) -> PreparedRequest {
        let path = request.path
        do { try EndpointPolicy.check(request.method, path) } catch { throw .validation(error.message, endpoint: path) }
        var seen: Set<String> = []
        for (name, _) in request.parameters {
            guard EndpointPolicy.isParameterName(name) else {
                throw .validation(
                    "parameter name \(EndpointPolicy.quoted(name)) is not a name Bybit uses (letters, digits and "
                        + "'_', starting with a letter, at most 64 bytes)", endpoint: path)
            }
            guard seen.insert(name).inserted else {
                throw .validation("parameter '\(name)' is given twice", endpoint: path)
            }
        }
        if let spec = request.declared {
            guard spec.method == request.method else {
                throw .validation(
                    "\(path) is a \(spec.method.rawValue) endpoint, not \(request.method.rawValue)", endpoint: path)
            }
            for (name, _) in request.parameters where spec.field(name) == nil {
                let known = spec.request.map(\.name).joined(separator: ", ")
                throw .validation(
                    "unknown parameter '\(name)' for \(path) "
                        + (known.isEmpty ? "(it takes none)" : "(parameters: \(known))"), endpoint: path)
            }
            var values = RequestValues()
            for (name, value) in request.parameters {
                values[name] = try wireValue(value, for: spec.field(name), name, path)
            }
            return try PreparedRequest(spec, values)
        }
        return try undeclared(request)
    }

    /// An undeclared endpoint's payload: each value by its Lua type, unchecked (the exchange
    /// checks it), in the order given.
    private static func undeclared(_ request: GenericRequest) throws(BybitError) -> PreparedRequest {
        var json: [(String, JSONValue)] = []
        var query = QueryString()
        for (name, value) in request.parameters {
            switch value {
            case .text(let s):
                json.append((name, .string(s)))
                query.add(name, s)
            case .integer(let i):
                json.append((name, .int(i)))
                query.add(name, String(i))
            case .decimal(let d):
                json.append((name, .string(d.description)))
                query.add(name, d.description)
            case .flag(let b):
                json.append((name, .bool(b)))
                query.add(name, b ? "true" : "false")
            case .texts(let items):
                guard request.method == .post else {
                    throw .validation(
                        "parameter '\(name)' is a list; a GET query has no lists (Bybit's multi-value "
                            + "parameters are comma-separated text)", endpoint: request.path)
                }
                json.append((name, .array(items.map(JSONValue.string))))
            }
        }
        let parameters = JSONValue.object(JSONObject(json))
        let payload = request.method == .get ? query.bytes : parameters.serializedBytes
        return PreparedRequest(endpoint: request.endpoint, payload: payload, parameters: parameters)
    }

    /// A value for a declared field: converted where the script's Lua type is a natural
    /// spelling of the field's kind (a numeric string for a decimal, 1/0 for a flag), kept
    /// otherwise, so that the catalog's check refuses a mismatch in its own words.
    private static func wireValue(
        _ value: RequestParameter, for field: Field?, _ name: String, _ path: String
    ) throws(BybitError) -> WireValue {
        switch (field?.kind, value) {
        case (.decimal?, .integer(let i)): return .decimal(ExactDecimal(Int(i)))
        case (.decimal?, .text(let s)):
            guard let d = try? ExactDecimal(parsing: s) else {
                throw .validation("\(name) must be a decimal such as \"10.5\", got '\(s)'", endpoint: path)
            }
            return .decimal(d)
        case (.integer?, .text(let s)), (.timestamp?, .text(let s)):
            return Int64(s).map(WireValue.integer) ?? .text(s)
        case (.flag?, .integer(let i)) where i == 0 || i == 1: return .flag(i == 1)
        case (.text?, .integer(let i)), (.choice?, .integer(let i)): return .text(String(i))
        case (_, .texts): throw .validation("\(name) takes one value for \(path), not a list", endpoint: path)
        case (_, .text(let s)): return .text(s)
        case (_, .integer(let i)): return .integer(i)
        case (_, .decimal(let d)): return .decimal(d)
        case (_, .flag(let b)): return .flag(b)
        }
    }
}

extension PreparedRequest {
    /// A request written by hand (``BybitClient/request(_:)`` for an undeclared endpoint).
    init(endpoint: EndpointSpec, payload: [UInt8], parameters: JSONValue) {
        self.endpoint = endpoint
        self.payload = payload
        self.parameters = parameters
    }
}
