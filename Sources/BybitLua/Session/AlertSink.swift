/// How urgent an alert is; a person's channel (webhook, Slack, Telegram) shows it.
public enum AlertLevel: String, Sendable, CaseIterable {
    case info
    case warning
    case error
}

/// Where a run's alerts go: `bybit.notify` and the runner's own (an `outcome_unknown`,
/// a guard stop, a stale stream, a crash, a lock already held).
///
/// `alert` is called on the Lua thread, often right after money moved, so an
/// implementation only enqueues: delivery (retries, rate limits, a receiver that hangs)
/// happens elsewhere and never delays the next call. Failures are logged, never raised.
public protocol AlertSink: AnyObject, Sendable {
    /// Queues one alert. `fields` keep their order; values are already text.
    func alert(_ level: AlertLevel, _ text: String, fields: [(String, String)])
}
