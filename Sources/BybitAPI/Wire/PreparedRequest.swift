import NIOHTTP1

/// A request ready to sign: its endpoint and its payload, serialised once. The payload
/// is the query string (GET) or the JSON body (POST); those exact bytes are signed and
/// those exact bytes are sent.
struct PreparedRequest: Sendable {
    let endpoint: EndpointSpec
    let payload: [UInt8]
    /// The same parameters as a JSON object, for `InFlightRequest` and logging.
    let parameters: JSONValue

    /// The request for `values`, after the catalog's checks (the ones the paper exchange
    /// makes on receipt).
    /// - Throws: `validation` naming the field; nothing is sent.
    init(_ endpoint: EndpointSpec, _ values: RequestValues) throws(BybitError) {
        let checked: RequestValues
        do {
            checked = try endpoint.check(values)
        } catch {
            throw .validation(error.message, endpoint: endpoint.path)
        }
        self.init(checked: endpoint, checked)
    }

    /// The request for values that already passed ``EndpointSpec/check(_:)``.
    init(checked endpoint: EndpointSpec, _ values: RequestValues) {
        let written = endpoint.write(values)
        self.endpoint = endpoint
        self.payload = written.payload
        self.parameters = written.parameters
    }

    /// The payload as text (it is always ASCII or UTF-8).
    var payloadText: String { String(decoding: payload, as: UTF8.self) }
}

extension EndpointSpec.Method {
    /// NIO's spelling of the method.
    var http: HTTPMethod { self == .get ? .GET : .POST }
}
