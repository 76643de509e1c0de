import BybitAPI

/// `GET /v5/execution/list`: fills, newest first, with cursor paging (`limit` 1–100,
/// default 50); `orderId`/`orderLinkId` override the other filters, as on Bybit.
enum ExecutionRoutes {
    static let routes: [Route] = [
        Route(Catalog.executionList, access: .signed(.accountRead, mutates: false), handler: list)
    ]

    static func list(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let q = try OrderQuery(input.values, defaultLimit: 50)
        let window = try TimeWindow(input.values, nowMs: input.nowMs)
        let execType = input.values.text("execType")
        if let execType, execType != "Trade" {
            return q.page([])  // only trades happen on paper (no funding, ADL or delivery)
        }
        let apiKey = input.apiKey ?? ""
        let rows = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            _ = try book.account(apiKey)
            return book.trading.executions(apiKey).reversed().filter { e in
                (q.byId || window.contains(e.execTime))
                    && q.matches(symbol: e.symbol, orderId: e.orderId, orderLinkId: e.orderLinkId, in: book)
            }.map { OrderRenderer.execution($0, instrument: book.instrument($0.symbol)) }
        }
        return q.page(rows)
    }
}
