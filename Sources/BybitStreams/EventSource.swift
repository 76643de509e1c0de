import BybitAPI
import BybitWire

/// Where a `bybit.events` loop's events come from: the live streams (``StreamHub``), or
/// a replay's in-process feed, which drives a virtual clock instead of waiting.
public protocol EventSource: AnyObject {
    /// The next event, or nil at `deadlineMs` (Unix ms on the client's clock), at a stop,
    /// or when the source has ended (then nil for good). Called on the Lua thread.
    func next(deadlineMs: Int64?) -> StreamEvent?
    /// The latest merged ticker of `symbol`; nil when it is not subscribed or none came yet.
    func ticker(_ symbol: String) -> JSONValue?
    /// Ends the source; idempotent.
    func stop()
    /// The exchange's time (Unix ms) of the push the last event from ``next(deadlineMs:)``
    /// came in; nil when it was not pushed or its push carried no time.
    var lastPushedMs: Int64? { get }
}

extension EventSource {
    /// No pushes by default (a replay's feed is made in-process).
    public var lastPushedMs: Int64? { nil }
}

extension StreamHub: EventSource {
    /// ``next(deadlineMs:stop:)`` with the client's own stop checks.
    public func next(deadlineMs: Int64?) -> StreamEvent? { next(deadlineMs: deadlineMs, stop: nil) }
}
