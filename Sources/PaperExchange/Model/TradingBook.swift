import BybitAPI

/// The orders and fills of every account, beside the positions they change.
///
/// Finished orders and fills are kept up to ``retained`` per account (Bybit keeps 500
/// recent closed orders for `order/realtime` and days of history); every `orderLinkId`
/// ever used is remembered, so a duplicate is refused (110072) however old the first is.
struct TradingBook: Sendable {
    static let retained = 5_000

    /// One account's orders (oldest first) and fills (oldest first).
    struct AccountOrders: Sendable {
        var orders: [Order] = []
        var executions: [Execution] = []
        var orderLinkIds: Set<String> = []
    }

    var terms = TradingTerms()
    var accounts: [String: AccountOrders] = [:]
    /// Numbers behind order and execution ids, so a run's ids are reproducible.
    var orderSeq = 0
    var execSeq = 0

    func record(_ apiKey: String) -> AccountOrders { accounts[apiKey] ?? AccountOrders() }

    func orders(_ apiKey: String) -> [Order] { accounts[apiKey]?.orders ?? [] }

    func executions(_ apiKey: String) -> [Execution] { accounts[apiKey]?.executions ?? [] }

    /// Whether `orderLinkId` was ever used by this account.
    func isUsed(orderLinkId: String, by apiKey: String) -> Bool {
        accounts[apiKey]?.orderLinkIds.contains(orderLinkId) ?? false
    }

    /// The next order id, UUID-shaped as Bybit's v5 ids are.
    mutating func nextOrderId() -> String {
        orderSeq += 1
        return Self.uuidShaped(orderSeq, tag: "0000")
    }

    mutating func nextExecId() -> (id: String, seq: Int) {
        execSeq += 1
        return (Self.uuidShaped(execSeq, tag: "e000"), execSeq)
    }

    /// A generated `orderLinkId` is not needed: Bybit leaves it `""` when the client sends none.
    mutating func append(_ order: Order, for apiKey: String) {
        var l = accounts[apiKey] ?? AccountOrders()
        l.orders.append(order)
        if !order.orderLinkId.isEmpty { l.orderLinkIds.insert(order.orderLinkId) }
        if l.orders.count > Self.retained + 500 {
            // Drop the oldest finished orders; open ones stay whatever their age.
            var excess = l.orders.count - Self.retained
            l.orders.removeAll { order in
                guard excess > 0, !order.status.isOpen else { return false }
                excess -= 1
                return true
            }
        }
        accounts[apiKey] = l
    }

    mutating func append(_ execution: Execution, for apiKey: String) {
        var l = accounts[apiKey] ?? AccountOrders()
        l.executions.append(execution)
        if l.executions.count > Self.retained + 500 { l.executions.removeFirst(l.executions.count - Self.retained) }
        accounts[apiKey] = l
    }

    /// Replaces the stored order with the same id.
    mutating func update(_ order: Order, for apiKey: String) {
        guard var l = accounts[apiKey], let i = l.orders.lastIndex(where: { $0.orderId == order.orderId }) else {
            return
        }
        l.orders[i] = order
        accounts[apiKey] = l
    }

    /// The account's open orders on `symbol` (all symbols when nil).
    func openOrders(_ apiKey: String, symbol: String? = nil) -> [Order] {
        orders(apiKey).filter { $0.status.isOpen && (symbol == nil || $0.symbol == symbol) }
    }

    private static func uuidShaped(_ n: Int, tag: String) -> String {
        let hex = String(n, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "0a9e1d5c-\(tag)-4000-8000-\(padded)"
    }
}
