/// Bounds for the retries the client makes on its own. Which failures are retried at all
/// is fixed by money safety, not configurable: only those where Bybit guarantees nothing
/// was executed (see `BybitClient+Execute.swift`).
public struct RetryPolicy: Sendable, Equatable {
    /// The longest wait (ms) for a rate-limit window to reset, before sending or after a
    /// 10006 / HTTP 429. A longer wait fails at once with `rate_limited`.
    public var maxRateLimitWait: Int64 = 5_000
    /// How many times one call may be retried after 10006 / retCode 429 / HTTP 429.
    public var rateLimitRetries: Int = 3
    /// The window (ms) Bybit's per-endpoint limits count over (`X-Bapi-Limit` requests
    /// per second): after `X-Bapi-Limit-Status` reached 0 on an accepted reply, the next
    /// request waits until this long after the `X-Bapi-Limit`-th most recent one.
    public var rateLimitWindow: Int64 = 1_000
    /// The wait (ms) after a 10006 or 429 without `X-Bapi-Limit-Reset-Timestamp`.
    public var rateLimitFallbackWait: Int64 = 1_000
    /// How many times to retry when the connection could not be made and nothing was sent
    /// (connection refused, connect timeout, host not found).
    public var connectRetries: Int = 3
    /// The first backoff (ms) after a failed connection; it doubles each time.
    public var connectBackoff: Int64 = 100
    /// The longest backoff (ms) between connection attempts.
    public var maxConnectBackoff: Int64 = 2_000
    /// How many times a read (GET) is re-sent after it may have reached the exchange
    /// (timeout or reset after writing, 10016, HTTP 5xx). Mutations never are.
    public var readRetries: Int = 1
    /// After a 10002, re-measure the clock offset and retry once (the only 10002 retry).
    public var resyncClockOn10002: Bool = true
    /// After HTTP 403 (IP rate-limit ban), refuse to send anything for this long (ms);
    /// Bybit says to stop all traffic for at least 10 minutes. 0 disables the cooldown.
    public var ipBanCooldown: Int64 = 600_000
    /// How `placeOrder` looks an order up and re-sends it, with the same `orderLinkId`,
    /// after an uncertain outcome (the one mutation that may be re-sent: 110072 stops a
    /// second order).
    public var orderRecovery = OrderRecoveryPolicy()

    /// The default policy.
    public init() {}

    /// Backoff before connection attempt `attempt + 1` (attempt counts from 1).
    func connectDelay(afterAttempt attempt: Int) -> Int64 {
        let shift = min(max(attempt - 1, 0), 20)
        return min(maxConnectBackoff, connectBackoff << Int64(shift))
    }
}
