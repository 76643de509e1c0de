import Testing

@testable import BybitAPI

/// What a user reads when the exchange cannot be reached: the problem in their terms,
/// naming the server they configured — not `connection reset (error set): Connection
/// refused) (errno: 111))` or `SocketAddressError.UnknownHost`.
@Suite(.serialized) struct NetworkTextTests {
    static func client(_ baseURL: String, _ transport: TransportChoice) throws -> BybitClient {
        var config = BybitClientConfiguration(environment: try BybitEnvironment.custom(baseURL: baseURL, name: "text"))
        config.connectTimeout = 2_000
        config.clock = TestClock().bybitClock  // the connect retries' backoff takes no time
        config.transportChoice = transport
        config.logger = LogCapture.logger(LogCapture.Lines())
        return BybitClient(configuration: config, signer: Signer(apiKey: Harness.apiKey, hmacSecret: Harness.secret))
    }

    @Test(arguments: TransportChoice.all)
    func aRefusedConnectionSaysWhereAndThatNothingWasSent(transport: TransportChoice) throws {
        let port = try ClosedPort.next()
        let client = try Self.client("http://127.0.0.1:\(port)", transport)
        defer { client.shutdown() }
        for call in [
            { _ = try client.serverTime() },
            { _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"))) },
        ] {
            let error = expectBybitError(call)
            #expect(error?.kind == "network")
            #expect(error?.message == "cannot connect to 127.0.0.1:\(port) (connection refused); nothing was sent")
        }
    }

    @Test func anUnknownHostIsNamed() throws {
        let client = try Self.client("https://nope.invalid", .automatic)
        defer { client.shutdown() }
        let error = expectBybitError { try client.serverTime() }
        #expect(error?.kind == "network")
        let message = error?.message ?? ""
        // `.invalid` never resolves (RFC 6761); where no resolver answers at all, the
        // lookup's own failure is named instead.
        #expect(
            message == "unknown host 'nope.invalid'; nothing was sent"
                || message.hasPrefix("cannot look up host 'nope.invalid' ("), "\(message)")
        #expect(!message.contains("SocketAddressError") && !message.contains("errno"), "\(message)")
    }

    @Test(arguments: TransportChoice.all)
    func aSilentServerSaysHowLongItWaited(transport: TransportChoice) throws {
        let server = try RawServer { _, _ in .hang }
        defer { server.shutdown() }
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: server.baseURL, name: "text"))
        config.readTimeout = 500
        config.transportChoice = transport
        config.logger = LogCapture.logger(LogCapture.Lines())
        let client = BybitClient(
            configuration: config, signer: Signer(apiKey: Harness.apiKey, hmacSecret: Harness.secret))
        defer { client.shutdown() }
        let error = expectBybitError { try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"))) }
        #expect(error?.kind == "outcome_unknown")
        #expect(
            error?.message == "timed out after the request was sent (no reply from 127.0.0.1:\(server.port) "
                + "within 0.5 s); it may have executed")
    }
}

extension NetworkTextTests {
    /// https to a server that speaks plain HTTP: the TLS failure in a few words, not
    /// NIOSSL's dump with a source path.
    @Test func aTLSFailureIsNamedInAFewWords() throws {
        let server = try RawServer(greeting: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") { _, _ in .hang }
        defer { server.shutdown() }
        let client = try Self.client("https://127.0.0.1:\(server.port)", .automatic)
        defer { client.shutdown() }
        let error = expectBybitError { try client.serverTime() }
        #expect(error?.kind == "network")
        let message = error?.message ?? ""
        #expect(message.hasPrefix("cannot connect to 127.0.0.1:\(server.port) (TLS handshake failed"), "\(message)")
        #expect(message.hasSuffix("; nothing was sent"), "\(message)")
        #expect(!message.contains("NIOSSL") && !message.contains(".cc:"), "\(message)")
    }
}
