import BybitAPI
import BybitWire
import Logging
import NIOConcurrencyHelpers

/// Bybit's v5 streams for one script: public tickers (one connection per category) and the
/// private account topics (one authenticated connection), read on NIO's event loops and
/// pulled by the Lua thread with ``next(deadlineMs:stop:)``.
///
/// Tickers are state (the latest merged snapshot per symbol); account updates are a log
/// (never dropped, in the exchange's order). Each connection pings, detects a dead peer by
/// a missing pong, reconnects with jittered exponential backoff, re-authenticates with a
/// fresh expiry, resubscribes and (private) re-reads positions and wallet over REST before
/// it says `reconnected`.
public final class StreamHub: Sendable {
    let client: BybitClient
    let timings: StreamTimings
    let log: EventLog
    let logger: Logger
    private let feeds = NIOLockedValueBox<[FeedConnection]>([])
    let subscription = NIOLockedValueBox<StreamSubscription?>(nil)

    /// A hub for `client`'s environment: the stream URLs follow from it (see ``StreamURLs``),
    /// its signer authenticates the private stream (the secret stays in the signer), and
    /// its REST reads seed and re-read positions and wallet.
    public init(client: BybitClient, timings: StreamTimings = StreamTimings()) {
        self.client = client
        self.timings = timings
        self.logger = client.configuration.logger
        self.log = EventLog(clock: client.configuration.clock)
        // Before its feeds connect: the client's transport may be the loopback one, which
        // has not taken them (see HTTP1ClientMetadata).
        HTTP1ClientMetadata.instantiate()
    }

    deinit { stop() }

    /// Connects, authenticates (private), subscribes and waits for the acknowledgements
    /// (bounded by ``StreamTimings/handshakeTimeoutMs``), then reads positions and wallet
    /// over REST into the log (when subscribed). Blocking; call from the Lua thread.
    ///
    /// - Throws: `auth` when the exchange refuses the credentials, `validation` for an
    ///   unknown symbol or topic (or no credentials for private topics), `timeout` or
    ///   `network` when a connection cannot be made; nothing is left running then.
    public func start(_ subscription: StreamSubscription) throws(BybitError) {
        try startFeeds(subscription)
    }

    /// Blocks the calling (Lua) thread until the next event, until `deadlineMs` (absolute
    /// Unix ms on the client's clock, `client.configuration.clock.now()`), or until a stop:
    /// `stop` when given, else the client's `interruptRequested` or run deadline (the same
    /// checks that end a waiting read and `bybit.sleep`), asked at least every 50 ms;
    /// nil then. Account events come first, in the exchange's order, never dropped; then
    /// tickers that changed, once each (the newest merged snapshot, `skipped` = the pushes
    /// merged into it unseen); `stale` when a ticker feed has been silent.
    public func next(deadlineMs: Int64?, stop: (@Sendable () -> Bool)? = nil) -> StreamEvent? {
        log.next(deadlineMs: deadlineMs, stop: stop ?? defaultStop)
    }

    /// The latest merged ticker of `symbol`; nil when it is not subscribed or nothing came yet.
    public func ticker(_ symbol: String) -> JSONValue? { log.ticker(symbol) }

    /// The exchange's time (Unix ms) of the push that the event ``next(deadlineMs:stop:)``
    /// returned last came in (for a ticker, the newest push merged into it); nil when that
    /// event was not pushed (a REST row read at start or after a reconnect, `reconnected`,
    /// `stale`) or its push carried no time. For the event lag `--metrics` reports.
    public var lastPushedMs: Int64? { log.lastPushedMs }

    /// Closes every connection and ends reconnecting; a blocked ``next(deadlineMs:stop:)``
    /// returns nil (after the events already queued). Idempotent. Call it when done: the
    /// running connections keep the hub alive until then.
    public func stop() {
        let running = feeds.withLockedValue { f -> [FeedConnection] in
            defer { f = [] }
            return f
        }
        for feed in running { feed.stop() }
        log.close()
    }

    /// The client's stop checks: Ctrl-C (`interruptRequested`) and the run's deadline.
    var defaultStop: @Sendable () -> Bool {
        let interrupt = client.configuration.interruptRequested
        let deadline = client.configuration.runDeadline
        return {
            if interrupt?() == true { return true }
            guard let at = deadline?() else { return false }
            return Monotonic.nanoseconds() >= at
        }
    }

    func adopt(_ feed: FeedConnection) { feeds.withLockedValue { $0.append(feed) } }
}
