import Testing

@testable import BybitAPI
@testable import BybitWire
@testable import PaperExchange

/// One table of `order/create` requests run against both sides of the one declaration
/// (``Catalog/orderCreate``): the paper exchange over signed loopback HTTP, and the
/// client's check of the ``OrderRequest`` it would send. Both accept and refuse the same
/// requests, with the same sentence; each refusal is an `order-refused` ledger entry.
@Suite struct OrderRuleAgreementTests {
    /// An order on the BTCUSDT long (1 BTC): a reduce-only Sell unless a case says otherwise.
    struct Case: Sendable, CustomStringConvertible {
        var orderType = "Market"
        var qty = "0.001"
        var price: String?
        var timeInForce: String?
        var positionIdx: Int?
        var orderLinkId: String?
        /// A fragment of the refusal, or nil when both sides accept it.
        var refusal: String?

        var description: String { body }

        /// The JSON body the exchange is sent, written by hand (not by the catalog).
        var body: String {
            var members = [
                #""category":"linear""#, #""symbol":"BTCUSDT""#, #""side":"Sell""#, #""orderType":"\#(orderType)""#,
                #""qty":"\#(qty)""#, #""reduceOnly":true"#,
            ]
            if let price { members.append(#""price":"\#(price)""#) }
            if let timeInForce { members.append(#""timeInForce":"\#(timeInForce)""#) }
            if let positionIdx { members.append(#""positionIdx":\#(positionIdx)"#) }
            if let orderLinkId { members.append(#""orderLinkId":"\#(orderLinkId)""#) }
            return "{" + members.joined(separator: ",") + "}"
        }

        /// The same order as the client builds it.
        var request: BybitAPI.OrderRequest {
            BybitAPI.OrderRequest(
                category: .linear, symbol: "BTCUSDT", side: .sell, qty: dec(qty), orderType: orderType,
                price: price.map { dec($0) }, timeInForce: timeInForce, reduceOnly: true, positionIdx: positionIdx,
                orderLinkId: orderLinkId)
        }
    }

    static let table: [Case] = [
        Case(),
        Case(qty: "0.002", orderLinkId: "agree-market-1"),
        Case(orderType: "Limit", price: "70000", timeInForce: "PostOnly", positionIdx: 0, orderLinkId: "agree-lim-1"),
        Case(qty: "0", refusal: "The number of contracts exceeds minimum limit allowed: qty 0"),
        Case(qty: "-0.01", refusal: "qty must be greater than zero, got -0.01"),
        Case(qty: "0.000000001", refusal: "has 9 decimals; at most 8 are allowed"),
        Case(orderType: "Limit", refusal: "price (orderType 'Limit' needs price)"),
        Case(orderType: "Limit", price: "0", refusal: "price must be greater than zero, got 0"),
        Case(orderType: "Limit", price: "-5", refusal: "price must be greater than zero, got -5"),
        Case(orderType: "Stop", refusal: "orderType 'Stop' is not supported"),
        Case(timeInForce: "GTD", refusal: "timeInForce 'GTD' is not supported"),
        Case(positionIdx: 3, refusal: "positionIdx must be 0 (one-way), 1 (hedge buy) or 2 (hedge sell), got 3"),
        Case(orderLinkId: String(repeating: "a", count: 37), refusal: "orderLinkId is too long"),
        Case(orderLinkId: "has space", refusal: "may contain only letters, digits, '_' and '-'"),
        Case(orderLinkId: "", refusal: "orderLinkId must not be empty"),
    ]

    @Test func clientAndExchangeAcceptAndRefuseTheSameOrders() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            for item in Self.table {
                let refusedBefore = ex.ledger.count(.orderRefused)
                let reply = try await c.order(String(item.body.dropFirst().dropLast()))
                var client = ""
                do throws(BybitError) { _ = try item.request.validated() } catch { client = error.message }
                guard let refusal = item.refusal else {
                    #expect(reply.retCode == 0, "exchange, \(item): \(reply.body)")
                    #expect(client == "", "client, \(item)")
                    continue
                }
                #expect(client.contains(refusal), "client, \(item): \(client)")
                #expect(reply.retCode == 10001, "exchange, \(item): \(reply.body)")
                #expect(reply.retMsg == "params error: \(client)", "exchange, \(item)")
                #expect(ex.ledger.count(.orderRefused) == refusedBefore + 1, "ledger, \(item)")
                #expect(ex.ledger.entries(.orderRefused).last?.detail["retMsg"] == reply.retMsg, "ledger, \(item)")
            }
            #expect(ex.ledger.count(.orderCreate) == Self.table.filter { $0.refusal == nil }.count)
        }
    }
}
