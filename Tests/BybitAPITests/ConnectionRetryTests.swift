import LoopbackSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import BybitAPI

/// A refused connection sent nothing, so even a mutation may be retried: bounded, with
/// backoff through the injectable clock. Serialized: each case opens an exchange on a
/// port another case's client may still be trying.
@Suite(.serialized) struct ConnectionRetryTests {
    static func client(port: Int, clock: TestClock, transport: TransportChoice) throws -> BybitClient {
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: "http://127.0.0.1:\(port)"))
        config.connectTimeout = 1_000
        config.readTimeout = 10_000  // generous: a loaded machine must not turn a slow reply into a test failure
        config.clock = clock.bybitClock
        config.transportChoice = transport
        config.logger = LogCapture.logger(LogCapture.Lines())  // keep the retry warnings out of the test output
        return BybitClient(configuration: config, signer: Signer(apiKey: Harness.apiKey, hmacSecret: Harness.secret))
    }

    @Test(arguments: TransportChoice.all)
    func refusedThenAcceptedSucceedsAndTheMutationArrivesOnce(transport: TransportChoice) throws {
        let port = try ClosedPort.next()
        let clock = TestClock()
        let server = NIOLockedValueBox<TestExchange?>(nil)
        // The server comes up during the client's first backoff, on the refused port.
        clock.whenSleeping { n in
            guard n == 1, let exchange = try? TestExchange(port: port) else { return }
            exchange.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSDT"}"#))
            server.withLockedValue { $0 = exchange }
        }
        let client = try Self.client(port: port, clock: clock, transport: transport)
        defer {
            client.shutdown()
            server.withLockedValue { $0 }?.shutdown()
        }

        let result = Result {
            try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1")))
        }

        let exchange = try #require(server.withLockedValue { $0 }, "the refused port could be bound again")
        #expect(throws: Never.self) { try result.get() }
        #expect(clock.sleeps == [100])
        #expect(exchange.requestCount == 1)
        #expect(exchange.requests.first?.signatureValid == true)
    }

    @Test(arguments: TransportChoice.all)
    func alwaysRefusedGivesUpAfterTheBoundedRetriesAsNetwork(transport: TransportChoice) throws {
        // Held for the whole test: a released port was handed to another test's server
        // under the whole suite's load, and the "refused" call reached it.
        let refused = try RefusedPort()
        let clock = TestClock()
        let client = try Self.client(port: refused.port, clock: clock, transport: transport)
        defer { client.shutdown() }

        let error = expectBybitError {
            try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1")))
        }

        #expect(error?.kind == "network")
        #expect(error?.message.contains("nothing was sent") == true)
        #expect(error?.inFlight == nil)
        #expect(clock.sleeps == [100, 200, 400])  // 3 retries, doubling backoff
        withExtendedLifetime(refused) {}
    }
}
