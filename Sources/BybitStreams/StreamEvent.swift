import BybitWire

/// One thing the streams said, as the Lua thread pulls it from ``StreamHub/next(deadlineMs:stop:)``.
///
/// Account events (`position`, `wallet`, `order`, `execution`) are a log: each pushed
/// object once, in the order the exchange sent them, never dropped. Tickers are state: the
/// newest merged snapshot of a symbol, once, however many pushes were merged into it.
public enum StreamEvent: Sendable {
    /// The merged ticker of `symbol` (every field Bybit has sent so far, each as the exact
    /// text received); `skipped` is how many earlier pushes were merged into it unseen.
    case ticker(symbol: String, ticker: JSONValue, skipped: Int)
    /// One position object: a `position` push (its `entryPrice` also given as REST's
    /// `avgPrice`), or a `GET /v5/position/list` row read at start or after a reconnect.
    case position(JSONValue)
    /// One wallet account object (`wallet` topic, or REST's wallet balance `list` entry).
    case wallet(JSONValue)
    /// One order object (`order` topic).
    case order(JSONValue)
    /// One execution object (`execution` topic).
    case execution(JSONValue)
    /// The feed (`linear`, `inverse` or `private`) is back: re-authenticated, resubscribed,
    /// and (private) positions and wallet re-read over REST, ahead of this event in the log.
    case reconnected(feed: String)
    /// A subscribed feed has said nothing for `silentMs`; emitted once per silence. A ticker
    /// feed (`linear`, `inverse`) is stale after `staleAfterMs` without a tick; the private
    /// feed (which pushes only on account changes) after `staleAfterMs` or a ping interval
    /// plus the pong timeout, whichever is longer, without any frame: its connection is down.
    case stale(feed: String, silentMs: Int64)
}
