import BybitAPI

extension TradingBook {
    /// Puts back what the state file keeps of one account: its open orders and every
    /// `orderLinkId` it used. Counters move past the restored ids so new ids stay unique.
    mutating func restore(apiKey: String, openOrders: [Order], orderLinkIds: Set<String>, orderSeq: Int, execSeq: Int) {
        var record = AccountOrders()
        record.orders = openOrders
        record.orderLinkIds = orderLinkIds
        accounts[apiKey] = record
        self.orderSeq = max(self.orderSeq, orderSeq)
        self.execSeq = max(self.execSeq, execSeq)
    }
}
