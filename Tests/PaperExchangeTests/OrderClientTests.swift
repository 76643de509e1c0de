import BybitAPI
import Testing

@testable import PaperExchange

/// The project client's order and position-settings calls against the paper exchange, and
/// the bad input it refuses before anything reaches the wire.
@Suite struct OrderClientTests {
    static func limit(_ link: String, price: String) -> BybitAPI.OrderRequest {
        BybitAPI.OrderRequest(
            symbol: "BTCUSDT", side: .buy, qty: dec("0.001"), orderType: "Limit", price: dec(price), timeInForce: "GTC",
            reduceOnly: false, orderLinkId: link)
    }

    @Test func cancellingAFilledMarketOrderIs110001AndAnOpenLimitCancels() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let (filled, resting, cancelled, status) = try await onThread {
                let market = BybitAPI.OrderRequest(symbol: "BTCUSDT", side: .sell, qty: dec("0.01"), orderLinkId: "m-1")
                _ = try client.placeOrder(market)
                let filled = OrderClientSupport.error { () throws(BybitError) in
                    try client.cancelOrder(CancelOrderRequest(symbol: "BTCUSDT", orderLinkId: "m-1"))
                }
                let resting = try client.placeOrder(Self.limit("l-1", price: "50000"))
                let cancelled = try client.cancelOrder(CancelOrderRequest(symbol: "BTCUSDT", orderId: resting.orderId))
                let status = try client.orderStatus(symbol: "BTCUSDT", orderLinkId: "l-1")
                return (filled, resting, cancelled, status)
            }
            #expect(filled?.kind == "api" && filled?.code == 110001)
            #expect(resting.order["orderStatus"]?.stringValue == "New")
            #expect(cancelled["orderLinkId"]?.stringValue == "l-1")
            #expect(status?["orderStatus"]?.stringValue == "Cancelled")
            #expect(ex.ledger.count(.orderCancel) == 1)
        }
    }

    @Test func ordersFollowsEveryPage() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let (open, finished) = try await onThread {
                for i in 0..<23 { _ = try client.placeOrder(Self.limit("page-\(i)", price: "\(50000 + i)")) }
                _ = try client.placeOrder(
                    BybitAPI.OrderRequest(symbol: "BTCUSDT", side: .sell, qty: dec("0.01"), orderLinkId: "done-1"))
                let open = try client.orders(OrderListRequest(symbol: "BTCUSDT", limit: 5))
                let finished = try client.orders(OrderListRequest(settleCoin: "USDT", openOnly: false))
                return (open, finished)
            }
            #expect(open.count == 23)  // 5 pages of 5, the last of 3
            #expect(Set(open.compactMap { $0["orderLinkId"]?.stringValue }).count == 23)
            #expect(open.first?["orderLinkId"]?.stringValue == "page-22")  // newest first
            #expect(finished.map { $0["orderLinkId"]?.stringValue } == ["done-1"])
        }
    }

    @Test func orderStatusLooksInRealtimeThenHistoryAndIsNilForAnUnknownId() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let (byLink, byId, unknown, noId) = try await onThread {
                let placed = try client.placeOrder(
                    BybitAPI.OrderRequest(symbol: "BTCUSDT", side: .sell, qty: dec("0.01"), orderLinkId: "st-1"))
                let byLink = try client.orderStatus(symbol: "BTCUSDT", orderLinkId: "st-1")
                let byId = try client.orderStatus(settleCoin: "USDT", orderId: placed.orderId)
                let unknown = try client.orderStatus(symbol: "BTCUSDT", orderLinkId: "never-placed")
                let noId = OrderClientSupport.error { () throws(BybitError) in
                    _ = try client.orderStatus(symbol: "BTCUSDT")
                }
                return (byLink, byId, unknown, noId)
            }
            #expect(byLink?["orderStatus"]?.stringValue == "Filled")
            #expect(byId?["orderLinkId"]?.stringValue == "st-1")
            #expect(unknown == nil)
            #expect(noId?.kind == "validation")
        }
    }

    @Test func positionSettings() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let summary: [String] = try await onThread {
                let lev = SetLeverageRequest(symbol: "BTCUSDT", buyLeverage: dec("5"), sellLeverage: dec("5"))
                let changed = try client.setLeverage(lev)
                let again = try client.setLeverage(lev)
                try client.tradingStop(TradingStopRequest(symbol: "BTCUSDT", stopLoss: dec("50000")))
                let position = try client.positions(PositionListRequest(symbol: "BTCUSDT")).positions.first
                try client.switchMode(SwitchModeRequest(symbol: "SOLUSDT", mode: 3))
                let sameMode = OrderClientSupport.error { () throws(BybitError) in
                    try client.switchMode(SwitchModeRequest(symbol: "SOLUSDT", mode: 3))
                }
                let margin = try client.setMarginMode(SetMarginModeRequest(mode: "REGULAR_MARGIN"))
                let info = try client.accountInfo()
                return [
                    "\(changed) \(again)", position?.leverage?.description ?? "-",
                    position?.stopLoss?.description ?? "-", "\(sameMode?.code ?? 0)",
                    "\(margin["reasons"]?.arrayValue?.count ?? -1)", info.marginMode ?? "-",
                ]
            }
            #expect(summary == ["true false", "5", "50000.00", "110025", "0", "REGULAR_MARGIN"])
            #expect(ex.ledger.count(.setLeverage) == 1)
            #expect(ex.ledger.count(.tradingStop) == 1)
            #expect(ex.ledger.count(.switchMode) == 1)
        }
    }

    /// Bad input is refused with a validation error naming the field, and the exchange
    /// sees nothing: every `/v5/` request would be answered 502 and counted, and none is.
    @Test func badInputIsRefusedBeforeTheWire() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(badGateway: FaultTrigger(count: FaultTrigger.always, afterApply: false)))
            func order(_ edit: (inout BybitAPI.OrderRequest) -> Void) -> BybitAPI.OrderRequest {
                var r = BybitAPI.OrderRequest(symbol: "BTCUSDT", side: .sell, qty: dec("0.01"), orderLinkId: "ok")
                edit(&r)
                return r
            }
            let orders: [(BybitAPI.OrderRequest, String)] = [
                (order { $0.category = .spot }, "category 'spot' is not supported"),
                (order { $0.qty = dec("0") }, "exceeds minimum limit allowed: qty 0"),
                (order { $0.qty = dec("-0.01") }, "qty must be greater than zero"),
                (order { $0.qty = dec("0.000000001") }, "has 9 decimals; at most 8"),
                (order { $0.orderLinkId = String(repeating: "x", count: 37) }, "orderLinkId is too long (37 bytes"),
                (order { $0.orderLinkId = "has space" }, "may contain only letters, digits"),
                (order { $0.orderLinkId = nil }, "placeOrder needs an orderLinkId"),
                (order { $0.orderType = "Limit" }, "orderType 'Limit' needs price"),
                (order { $0.positionIdx = 3 }, "positionIdx must be 0 (one-way)"),
            ]
            let messages: [String] = try await onThread {
                var out: [String] = []
                for (r, _) in orders {
                    let e = OrderClientSupport.error { () throws(BybitError) in _ = try client.placeOrder(r) }
                    out.append("\(e?.kind ?? "none"): \(e?.message ?? "")")
                }
                let cancel = OrderClientSupport.error { () throws(BybitError) in
                    try client.cancelOrder(CancelOrderRequest(symbol: "BTCUSDT"))
                }
                out.append("\(cancel?.kind ?? "none"): \(cancel?.message ?? "")")
                let leverage = OrderClientSupport.error { () throws(BybitError) in
                    _ = try client.setLeverage(
                        SetLeverageRequest(symbol: "btcusdt", buyLeverage: dec("5"), sellLeverage: dec("5")))
                }
                out.append("\(leverage?.kind ?? "none"): \(leverage?.message ?? "")")
                return out
            }
            for (i, (_, expected)) in orders.enumerated() {
                #expect(messages[i].hasPrefix("validation: ") && messages[i].contains(expected), "\(messages[i])")
            }
            #expect(
                messages[orders.count].contains("validation: ")
                    && messages[orders.count].contains("orderId or orderLinkId"))
            #expect(messages[orders.count + 1].contains("must be upper-case"))
            #expect(ex.faults.fired.badGateway == 0)
            #expect(ex.ledger.entries(.orderRefused).isEmpty && ex.ledger.count(.orderCreate) == 0)
        }
    }
}
