import BybitAPI
import Testing

/// A test exchange and a client pointed at it, with a fake clock and captured logs.
/// Call ``shutdown()`` in a `defer`.
struct Harness {
    static let apiKey = "test-api-key"
    static let secret = "test-secret"

    let server: TestExchange
    let clock: TestClock
    let logs = LogCapture.Lines()
    let client: BybitClient

    /// - Parameters:
    ///   - enforceTimestampWindow: let the server answer 10002 like Bybit.
    ///   - clock: the client's clock (default: real time, frozen except for sleeps).
    ///   - configure: adjust the configuration (timeouts default to fast test values).
    init(
        enforceTimestampWindow: Bool = false, clock: TestClock = TestClock(),
        configure: (inout BybitClientConfiguration) -> Void = { _ in }
    ) throws {
        server = try TestExchange(enforceTimestampWindow: enforceTimestampWindow)
        self.clock = clock
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: server.baseURL, name: "test"))
        config.connectTimeout = 1_000
        config.readTimeout = 10_000  // generous: a loaded machine must not turn a slow reply into a test failure
        config.requestTimeout = 20_000
        config.clock = clock.bybitClock
        config.logger = LogCapture.logger(logs)
        configure(&config)
        client = BybitClient(configuration: config, signer: Signer(apiKey: Self.apiKey, hmacSecret: Self.secret))
    }

    func shutdown() {
        client.shutdown()
        server.shutdown()
    }
}

extension ExactDecimal {
    /// A decimal from a literal in tests (a bad literal is a bug in the test).
    static func d(_ text: String) -> ExactDecimal { try! ExactDecimal(parsing: text) }
}

/// Runs `body` and returns the ``BybitError`` it throws (`nil`, and a recorded issue,
/// when it returns normally or throws anything else).
func expectBybitError<T>(
    _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> BybitError? {
    do {
        _ = try body()
        Issue.record("expected a BybitError, but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as BybitError {
        return error
    } catch {
        Issue.record("expected a BybitError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension TransportChoice {
    /// Both transports: the money-safety tests run over each.
    static let all: [TransportChoice] = [.automatic, .asyncHTTPClient]
}
