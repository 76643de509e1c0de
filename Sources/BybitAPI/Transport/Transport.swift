import NIOHTTP1

/// How one request reaches the exchange and its reply comes back, blocking the caller.
///
/// Three implementations: ``HTTPTransport`` (async-http-client: TLS, any host),
/// ``LoopbackTransport`` (plain HTTP/1.1 on a blocking socket, only for `http://`
/// loopback base URLs — the paper exchange, a local proxy) and ``InProcessTransport`` (a
/// call into the replay's exchange). They report failures the same way, with the
/// money-safety bit ``TransportFailure/requestSent``.
protocol Transport: Sendable {
    /// Sends one request and blocks until the complete reply or a failure.
    /// - Parameters:
    ///   - target: the endpoint path and, for a GET, `?` and the query — relative to the
    ///     environment's base URL (whose path prefix the transport adds).
    ///   - body: the bytes that were signed; `nil` for a GET.
    ///   - interrupt: asked while waiting for the reply; `true` abandons the wait with a
    ///     ``TransportFailure/Kind/interrupted`` failure. The client passes one only for
    ///     reads: a mutation that was sent is always waited for.
    func send(
        method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]?,
        interrupt: (@Sendable () -> Bool)?
    ) -> Result<RawResponse, TransportFailure>

    /// Closes every connection. Idempotent; the transport cannot be used afterwards.
    func shutdown()
}

extension Transport {
    /// ``send(method:target:headers:body:interrupt:)`` with nothing to interrupt it.
    func send(method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]?)
        -> Result<RawResponse, TransportFailure>
    {
        send(method: method, target: target, headers: headers, body: body, interrupt: nil)
    }
}

/// Which ``Transport`` a client uses.
public enum TransportChoice: Sendable, Hashable {
    /// ``LoopbackTransport`` for an `http://` base URL (which the environment allows only
    /// for loopback hosts), async-http-client for everything else.
    case automatic
    /// async-http-client for every base URL (kept selectable so its path stays tested
    /// on loopback too).
    case asyncHTTPClient
}

extension BybitClientConfiguration {
    /// Builds the transport `transportChoice` names for this configuration.
    func makeTransport() -> any Transport {
        if let inProcessExchange { return InProcessTransport(inProcessExchange) }
        if transportChoice == .automatic, let endpoint = LoopbackEndpoint(baseURL: environment.baseURL) {
            return LoopbackTransport(endpoint: endpoint, configuration: self)
        }
        return HTTPTransport(configuration: self)
    }
}
