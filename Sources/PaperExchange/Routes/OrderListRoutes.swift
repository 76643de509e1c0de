import BybitAPI

/// `GET /v5/order/realtime` (open orders; with `openOnly=1` recently finished ones; by
/// `orderId`/`orderLinkId` either) and `GET /v5/order/history` (finished orders).
/// Both newest first, with cursor paging.
enum OrderListRoutes {
    static let routes: [Route] = [
        Route(Catalog.orderRealtime, access: .signed(.accountRead, mutates: false), handler: realtime),
        Route(Catalog.orderHistory, access: .signed(.accountRead, mutates: false), handler: history),
    ]

    /// How many finished orders `openOnly=1` lists (Bybit: up to 500 per account and category).
    static let recentClosed = 500

    static func realtime(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let q = try OrderQuery(input.values, defaultLimit: 20)
        let openOnly = input.values.integer("openOnly") ?? 0
        try refuseStopFilter(p)
        let apiKey = input.apiKey ?? ""
        let rows = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            _ = try book.account(apiKey)
            var orders = book.trading.orders(apiKey).reversed().filter {
                q.matches(symbol: $0.symbol, orderId: $0.orderId, orderLinkId: $0.orderLinkId, in: book)
            }
            if !q.byId {  // by id: open or finished alike
                orders =
                    openOnly == 0
                    ? orders.filter(\.status.isOpen) : Array(orders.filter { !$0.status.isOpen }.prefix(recentClosed))
            }
            return orders.map { OrderRenderer.order($0, instrument: book.instrument($0.symbol)) }
        }
        return q.page(rows)
    }

    static func history(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let p = input.params
        let q = try OrderQuery(input.values, defaultLimit: 20)
        let status = input.values.text("orderStatus")
        let window = try TimeWindow(input.values, nowMs: input.nowMs)
        try refuseStopFilter(p)
        let apiKey = input.apiKey ?? ""
        let rows = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            _ = try book.account(apiKey)
            return book.trading.orders(apiKey).reversed().filter { o in
                !o.status.isOpen && (status == nil || o.status.rawValue == status)
                    && window.contains(o.createdTime)
                    && q.matches(symbol: o.symbol, orderId: o.orderId, orderLinkId: o.orderLinkId, in: book)
            }.map { OrderRenderer.order($0, instrument: book.instrument($0.symbol)) }
        }
        return q.page(rows)
    }

    /// Only plain orders exist here (stop executions are recorded as plain filled orders),
    /// so `orderFilter` may be absent or `Order`.
    private static func refuseStopFilter(_ p: RequestParams) throws(PaperAPIError) {
        if let filter = try p.string("orderFilter"), filter != "Order" {
            throw .params("orderFilter '\(filter)' is not supported by the paper exchange; only Order")
        }
    }
}

/// `startTime`/`endTime` (ms): at most 7 days apart; by default the last 7 days.
struct TimeWindow {
    static let maxMs: Int64 = 7 * 24 * 3600 * 1000
    let start: Int64
    let end: Int64

    init(_ v: RequestValues, nowMs: Int64) throws(PaperAPIError) {
        let start = v.integer("startTime")
        let end = v.integer("endTime")
        switch (start, end) {
        case (nil, nil): (self.start, self.end) = (nowMs - Self.maxMs, Int64.max)
        case (let s?, nil): (self.start, self.end) = (s, s + Self.maxMs)
        case (nil, let e?): (self.start, self.end) = (e - Self.maxMs, e)
        case (let s?, let e?): (self.start, self.end) = (s, e)
        }
        guard self.start <= self.end else { throw .params("startTime must not be after endTime") }
        if let start, let end, end - start > Self.maxMs {
            throw .params("startTime and endTime must be at most 7 days apart")
        }
    }

    func contains(_ ms: Int64) -> Bool { ms >= start && ms <= end }
}
