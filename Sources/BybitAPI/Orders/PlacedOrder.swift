/// An order ``BybitClient/placeOrder(_:)`` placed, or found already placed under its
/// `orderLinkId`.
public struct PlacedOrder: Sendable, Equatable {
    /// The order as `order/realtime` or `order/history` reports it (status, fills), or the
    /// create acknowledgement `{orderId, orderLinkId}` when it could not be read back.
    public let order: JSONValue
    /// The caller's id of the order.
    public let orderLinkId: String
    /// The exchange's id of the order.
    public let orderId: String
    /// How many create requests were sent (1 normally; at most 3).
    public let sends: Int
    /// Found by looking it up after an uncertain outcome or a duplicate `orderLinkId`
    /// (110072), rather than acknowledged by a create reply.
    public let recovered: Bool

    /// A placed order.
    public init(order: JSONValue, orderLinkId: String, orderId: String, sends: Int, recovered: Bool) {
        self.order = order
        self.orderLinkId = orderLinkId
        self.orderId = orderId
        self.sends = sends
        self.recovered = recovered
    }
}

/// The bounds of ``BybitClient/placeOrder(_:)``'s recovery after an uncertain outcome.
/// Waits go through the client's clock (``BybitClock``) and end at Ctrl-C or the run's
/// deadline, like every other wait of the client.
public struct OrderRecoveryPolicy: Sendable, Equatable {
    /// The most create requests one call sends (the first and its re-sends, all with the
    /// same `orderLinkId`).
    public var maxSends: Int = 3
    /// How many times the order is looked up after one uncertain send before it counts as
    /// not placed (creates are asynchronous: an order may show a moment after its reply).
    public var lookups: Int = 3
    /// The wait (ms) before the second lookup; it doubles for each later one.
    public var lookupBackoff: Int64 = 200
    /// The longest wait (ms) between two lookups.
    public var maxLookupBackoff: Int64 = 1_000

    /// The default bounds.
    public init() {}

    /// The wait before lookup `n` (from 1; none before the first).
    func delay(beforeLookup n: Int) -> Int64 {
        guard n > 1 else { return 0 }
        return min(maxLookupBackoff, lookupBackoff << Int64(min(n - 2, 20)))
    }
}
