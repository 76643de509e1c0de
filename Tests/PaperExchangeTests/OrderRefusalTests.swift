import BybitAPI
import Testing

@testable import PaperExchange

/// Every refusal of `POST /v5/order/create` answers Bybit's retCode with a message that
/// names the problem, changes nothing, and is still in the ledger as `order-refused`.
@Suite struct OrderRefusalTests {
    static let config = manualConfig(rateLimits: false)
    static let btc = #""category":"linear","symbol":"BTCUSDT","orderType":"Market","#

    /// Sends `members`, expects `code` and a message containing `words`, and checks that
    /// nothing changed but one `order-refused` entry.
    func refused(
        _ ex: PaperExchange, _ members: String, _ code: Int, _ words: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = ex.account(apiKey: Scenarios.key)
        let refusedBefore = ex.ledger.count(.orderRefused)
        let reply = try await PaperClient(ex).order(members)
        #expect(reply.retCode == code, "\(reply.body)", sourceLocation: sourceLocation)
        #expect(reply.retMsg.contains(words), "\(reply.retMsg)", sourceLocation: sourceLocation)
        #expect(ex.account(apiKey: Scenarios.key)?.wallets == before?.wallets, sourceLocation: sourceLocation)
        #expect(ex.account(apiKey: Scenarios.key)?.allPositions == before?.allPositions, sourceLocation: sourceLocation)
        #expect(ex.ledger.count(.orderCreate) == 0, sourceLocation: sourceLocation)
        #expect(ex.ledger.count(.orderRefused) == refusedBefore + 1, sourceLocation: sourceLocation)
        let entry = ex.ledger.entries(.orderRefused).last
        #expect(entry?.detail["retCode"] == String(code), sourceLocation: sourceLocation)
    }

    @Test func badQuantitiesAre10001() async throws {
        try await withExchange(Self.config) { ex in
            try await refused(ex, Self.btc + #""side":"Buy","qty":0.01"#, 10001, "qty must be a string")
            try await refused(ex, Self.btc + #""side":"Buy""#, 10001, "missing required parameter 'qty'")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"0""#, 10001, "minimum limit allowed")
            // qty "0" is Bybit's close-all only with both flags; one alone is a zero qty.
            try await refused(
                ex, Self.btc + #""side":"Sell","qty":"0","reduceOnly":true"#, 10001,
                "exceeds minimum limit allowed: qty 0")
            try await refused(
                ex, Self.btc + #""side":"Sell","qty":"0","closeOnTrigger":true"#, 10001,
                "only as a close-all, with reduceOnly and closeOnTrigger")
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"-1""#, 10001, "qty must be greater than zero, got -1")
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"0.0015""#, 10001, "not a multiple of the qtyStep 0.001")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"1e-3""#, 10001, "is not a decimal number")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"abc""#, 10001, "is not a decimal number")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"+1""#, 10001, "is not a decimal number")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"0.000000001""#, 10001, "at most 8 are allowed")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"2000000""#, 10001, "maximum limit allowed")
        }
    }

    @Test func badFieldsAre10001() async throws {
        try await withExchange(Self.config) { ex in
            try await refused(
                ex, #""category":"linear","symbol":"XYZUSDT","orderType":"Market","side":"Buy","qty":"1""#, 10001,
                "Not supported symbols")
            try await refused(
                ex, #""category":"spot","symbol":"BTCUSDT","orderType":"Market","side":"Buy","qty":"1""#, 10001,
                "category 'spot'")
            try await refused(ex, Self.btc + #""side":"buy","qty":"1""#, 10001, "side 'buy' is not supported")
            try await refused(ex, Self.btc + #""qty":"1""#, 10001, "missing required parameter 'side'")
            try await refused(
                ex, #""category":"linear","symbol":"BTCUSDT","orderType":"Stop","side":"Buy","qty":"1""#, 10001,
                "orderType 'Stop'")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"1","timeInForce":"RPI""#, 10001, "timeInForce")
            try await refused(
                ex, Self.btc + #""side":"Sell","qty":"1","reduceOnly":"yes""#, 10001, "'reduceOnly' must be a boolean")
            try await refused(
                ex, Self.btc + #""side":"Sell","qty":"1","closeOnTrigger":2"#, 10001,
                "'closeOnTrigger' must be a boolean")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"1","positionIdx":"0""#, 10001, "positionIdx")
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"1","orderLinkId":"0123456789012345678901234567890123456""#, 10001,
                "at most 36")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"1","orderLinkId":"a b""#, 10001, "orderLinkId")
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"1","stopLoss":"50000""#, 10001, "stopLoss is not supported")
            try await refused(ex, Self.btc + #""side":"Buy","qty":"1","triggerPrice":"50000""#, 10001, "triggerPrice")
        }
    }

    @Test func badLimitPricesAre10001Or110003() async throws {
        try await withExchange(Self.config) { ex in
            let limit = #""category":"linear","symbol":"BTCUSDT","orderType":"Limit","side":"Buy","qty":"1","#
            try await refused(ex, limit + #""timeInForce":"GTC""#, 10001, "price (orderType 'Limit' needs price)")
            try await refused(ex, limit + #""price":"59000.05""#, 10001, "not a multiple of the tickSize 0.10")
            try await refused(ex, limit + #""price":59000"#, 10001, "price must be a string")
            try await refused(ex, limit + #""price":"0""#, 10001, "price must be greater than zero, got 0")
            try await refused(ex, limit + #""price":"9999999""#, 110003, "out of permissible range")
        }
    }

    @Test func marketOrdersMeetMaxMktOrderQtyAndSmallOrdersMinNotional() async throws {
        try await withExchange(Self.config) { ex in
            // BTCUSDT: maxMktOrderQty 500, maxOrderQty 1190 (Bybit's filter).
            try await refused(ex, Self.btc + #""side":"Buy","qty":"501""#, 10001, "above the maxMktOrderQty 500")
            try await refused(
                ex,
                #""category":"linear","symbol":"SOLUSDT","orderType":"Limit","side":"Buy","qty":"0.1","price":"40""#,
                110094, "Order notional value below the lower limit")  // 4 USDT < 5
        }
    }

    @Test func hedgeModeNeedsTheRightPositionIdx() async throws {
        try await withExchange(manualConfig(scenario: Scenarios.hedged, rateLimits: false)) { ex in
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"0.1""#, 10001, "position idx not match position mode")
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"0.1","positionIdx":0"#, 10001,
                "position idx not match position mode")
            // Reduce-only on the long's own side reduces nothing.
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"0.1","positionIdx":1,"reduceOnly":true"#, 110017,
                "truncated to zero")
            // A Sell on the long's slot closes it (capped to its size), it never opens a short there.
            let close = try await PaperClient(ex).order(Self.btc + #""side":"Sell","qty":"5","positionIdx":1"#)
            #expect(close.retCode == 0, "\(close.body)")
            #expect(ex.testPosition(idx: 1)?.isOpen == false)
            #expect(ex.testPosition(idx: 2)?.size == dec("1"))
        }
    }

    @Test func reduceOnlyWithNothingToReduceIs110017() async throws {
        try await withExchange(Self.config) { ex in
            try await refused(
                ex,
                #""category":"linear","symbol":"SOLUSDT","orderType":"Market","side":"Sell","qty":"1","reduceOnly":true"#,
                110017, "current position is zero, cannot fix reduce-only order qty")
            // The same side as the long cannot reduce it.
            try await refused(
                ex, Self.btc + #""side":"Buy","qty":"0.5","reduceOnly":true"#, 110017, "truncated to zero")
        }
    }

    @Test func reduceOnlyIsCappedByOtherRestingReduceOnlyOrders() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let rest = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Limit","price":"65000","qty":"0.6","reduceOnly":true,"orderLinkId":"tp-1""#
            )
            #expect(rest.retCode == 0, "\(rest.body)")
            let second = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Limit","price":"66000","qty":"0.6","reduceOnly":true,"orderLinkId":"tp-2""#
            )
            #expect(second.retCode == 0, "\(second.body)")
            let open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=tp-2")
            #expect(open.result["list"]?[0]?["qty"] == "0.4")  // 1 − 0.6 already covered
            let third = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.1","reduceOnly":true"#
            )
            #expect(third.retCode == 110017)
            #expect(third.retMsg == "orderQty will be truncated to zero")
            #expect(ex.ledger.count(.orderCreate) == 2)
        }
    }

    @Test func anOpeningOrderNeedsAvailableMargin110007() async throws {
        try await withExchange(Self.config) { ex in
            // 100 BTC at 60,000 ×10 needs 600,000 USDT of IM; 91,000 is available.
            try await refused(ex, Self.btc + #""side":"Buy","qty":"100""#, 110007, "ab not enough for new order")
            // A reduce-only order needs none, whatever the wallet.
            let reduce = try await PaperClient(ex).order(Self.btc + #""side":"Sell","qty":"0.5","reduceOnly":true"#)
            #expect(reduce.retCode == 0, "\(reduce.body)")
            // 15 BTC: IM 90,000 plus the fee 495 is more than the ~94,000 now available;
            // 15 less the 0.5 left of the long is 14.5 to open: 87,000 + 478.5, which fits.
            let flip = try await PaperClient(ex).order(Self.btc + #""side":"Sell","qty":"15""#)
            #expect(flip.retCode == 0, "\(flip.body)")
        }
    }

    @Test func aReusedOrderLinkIdIs110072AndPlacesNothing() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let body = Self.btc + #""side":"Buy","qty":"0.01","orderLinkId":"once-only-1""#
            let first = try await c.order(body)
            #expect(first.retCode == 0, "\(first.body)")
            let again = try await c.order(body)
            #expect(again.retCode == 110072)
            #expect(again.retMsg == "OrderLinkedID is duplicate")
            #expect(ex.testPosition()?.size == dec("1.01"))
            let created = ex.ledger.entries(.orderCreate).filter { $0.detail["orderLinkId"] == "once-only-1" }
            #expect(created.count == 1)
            let refusals = ex.ledger.entries(.orderRefused)
            #expect(refusals.map { $0.detail["retCode"] } == ["110072"])
            #expect(refusals.first?.detail["orderLinkId"] == "once-only-1")
        }
    }
}
