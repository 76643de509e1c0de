/// The intervals a ``StreamHub`` keeps (Bybit's recommendations by default; short ones in tests).
public struct StreamTimings: Sendable {
    /// How often a `{"op":"ping"}` is sent on each connection, ms (Bybit: every 20 s).
    public var pingIntervalMs: Int64 = 20_000
    /// How long after a ping the pong may take before the connection counts as dead, ms.
    public var pongTimeoutMs: Int64 = 10_000
    /// How long connecting, authenticating and the subscribe acknowledgements may take, ms.
    public var handshakeTimeoutMs: Int64 = 10_000
    /// The first reconnect delay, ms; doubled per failed attempt up to ``maxBackoffMs``,
    /// each delay jittered to 50-100 % of its value.
    public var initialBackoffMs: Int64 = 500
    /// The longest reconnect delay, ms.
    public var maxBackoffMs: Int64 = 30_000
    /// A connection up this long resets the backoff to ``initialBackoffMs``, ms (so a server
    /// that accepts and then drops at once is not reconnected to in a tight loop).
    public var stableAfterMs: Int64 = 30_000
    /// How far ahead of the exchange's clock the auth `expires` is, ms (ccxt's 10 s: pybit's
    /// 1 s default is refused by Bybit under load).
    public var authExpiryMs: Int64 = 10_000

    /// Bybit's defaults.
    public init() {}
}
