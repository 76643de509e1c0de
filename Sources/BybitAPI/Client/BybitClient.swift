import Logging
import NIOHTTP1

/// The native, signed Bybit v5 client.
///
/// Every endpoint method is **blocking**: it runs on the calling thread (the Lua thread)
/// and returns when the reply has been read, retried, or failed. Call it from a plain
/// thread, never from a NIO event loop (NIO traps `wait()` there) and preferably not
/// from Swift concurrency. One client holds one keep-alive connection pool; share it
/// across threads freely (it is `Sendable`), and call ``shutdown()`` once when done.
///
/// Arguments are validated before anything is sent; a request that may have reached the
/// exchange is never sent twice (see `BybitClient+Execute.swift` for the exact rules).
public final class BybitClient: Sendable {
    /// The configuration the client was built with.
    public let configuration: BybitClientConfiguration
    let signer: Signer?
    let transport: any Transport
    let clockSync = ClockSync()
    let rateLimits = RateLimitState()
    /// Headers every request carries (`User-Agent`, and `X-BAPI-API-KEY`,
    /// `X-BAPI-RECV-WINDOW` when signed), built once.
    let constantHeaders: HTTPHeaders
    let publicHeaders: HTTPHeaders

    /// A client for `configuration.environment`.
    /// - Parameters:
    ///   - configuration: environment, timeouts, retry bounds, clock, logger.
    ///   - signer: the credentials; `nil` for a client that only calls public endpoints
    ///     (private calls then fail with a `validation` error before sending).
    public init(configuration: BybitClientConfiguration, signer: Signer?) {
        self.configuration = configuration
        self.signer = signer
        self.transport = configuration.makeTransport()
        var common = HTTPHeaders()
        common.add(name: "User-Agent", value: configuration.userAgent)
        publicHeaders = common
        if let signer {
            common.add(name: "X-BAPI-API-KEY", value: signer.apiKey)
            common.add(name: "X-BAPI-RECV-WINDOW", value: String(configuration.recvWindow))
        }
        constantHeaders = common
    }

    /// A client for `environment` with default settings.
    public convenience init(environment: BybitEnvironment, signer: Signer?) {
        self.init(configuration: BybitClientConfiguration(environment: environment), signer: signer)
    }

    /// Closes the connection pool, blocking until it is closed. Call once, when no call
    /// is in progress; the client cannot be used afterwards.
    public func shutdown() {
        transport.shutdown()
    }

    /// The environment requests go to.
    public var environment: BybitEnvironment { configuration.environment }

    /// The current estimate of exchange time minus local time, in ms (0 until measured).
    public var clockOffset: Int64 { clockSync.offsetMilliseconds }

    /// What the last reply from `path` said about its rate limit, if it said anything.
    public func rateLimitStatus(path: String) -> RateLimitStatus? {
        rateLimits.status(path: path)
    }

    var logger: Logger { configuration.logger }
    var clock: BybitClock { configuration.clock }
    var policy: RetryPolicy { configuration.retry }
}
