import Logging

/// Everything a ``BybitClient`` is built from, except the credentials (which live in the
/// ``Signer`` only).
public struct BybitClientConfiguration: Sendable {
    /// Where requests go.
    public var environment: BybitEnvironment
    /// `X-BAPI-RECV-WINDOW` in ms: how long after its timestamp the exchange accepts a
    /// request. Bybit's default is 5000.
    public var recvWindow: Int = 5_000
    /// How long establishing a TCP (and TLS) connection may take, ms.
    public var connectTimeout: Int64 = 5_000
    /// How long the reply may be silent once the request is written, ms.
    public var readTimeout: Int64 = 10_000
    /// The deadline for one attempt from start to last byte, ms (a trickling reply cannot
    /// hold the Lua thread past it).
    public var requestTimeout: Int64 = 30_000
    /// How long an idle keep-alive connection stays in the pool, ms.
    public var idleTimeout: Int64 = 60_000
    /// Retry bounds.
    public var retry = RetryPolicy()
    /// The wall clock and the blocking sleep (inject a fake in tests).
    public var clock: BybitClock = .system
    /// Where the client logs (method, path, status, retCode, latency, retries; never
    /// headers, signatures or secrets).
    public var logger = Logger(label: "bybit.api")
    /// Which transport carries requests (default: a blocking socket for `http://`
    /// loopback base URLs, async-http-client otherwise).
    public var transportChoice: TransportChoice = .automatic
    /// An exchange in this process that answers in the calling thread (the replay's paper
    /// exchange): when set, requests go to it instead of over any network, and
    /// ``transportChoice`` is not used. Signing, retries and reply checks are unchanged.
    public var inProcessExchange: (any InProcessExchange)?
    /// Asked while a read waits for its reply, during every wait before an attempt (rate
    /// limit, backoff) and before every retry: `true` (the runner's Ctrl-C) abandons the
    /// read — it can change nothing — or the attempt not yet sent. A mutation that was
    /// sent is always waited for (money safety). `nil`: nothing is interrupted.
    public var interruptRequested: (@Sendable () -> Bool)?
    /// The whole run's time limit (the runner's `--timeout`): the instant, in nanoseconds of
    /// the monotonic clock (`CLOCK_MONOTONIC`), after which nothing more is sent, a read
    /// stops waiting for its reply, and a wait for the rate limit or before a retry ends —
    /// each with a `timeout` error. Asked where ``interruptRequested`` is. A mutation that
    /// was sent is still waited for, up to its own read and request timeouts (money
    /// safety). `nil`, or a closure returning `nil`: no limit.
    public var runDeadline: (@Sendable () -> UInt64?)?
    /// Asked before a read's reply is decoded whether the caller can hold `bytes` more (the
    /// reply with the pages of the same list before it): the runner's `--max-memory`.
    /// `false` ends the read with a `decoding` error and nothing more is read. `nil`: only
    /// ``BybitClient/maxHeldReplyBytes`` bounds it.
    public var replyMemoryAdmits: (@Sendable (_ bytes: Int) -> Bool)?
    /// The `User-Agent` header.
    public var userAgent = "bybit-lua"

    /// A configuration for `environment` with every other setting at its default.
    public init(environment: BybitEnvironment) {
        self.environment = environment
    }
}
