import BybitAPI
import Testing

@testable import PaperExchange

/// Limit orders: they rest until the mark crosses their price (driven here with the
/// `/paper/mark-price` control endpoint, never with time), then fill at their price as
/// makers (0.02 %); marketable ones take at the mark; IOC, FOK and PostOnly as Bybit.
@Suite struct OrderLimitTests {
    static let config = manualConfig(rateLimits: false)
    static let buy = #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"1","#

    @Test func aRestingLimitFillsWhenTheMarkCrossesItsPrice() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let placed = try await c.order(Self.buy + #""price":"59000","orderLinkId":"dip-1""#)
            #expect(placed.retCode == 0, "\(placed.body)")
            var open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT")
            #expect(open.result["list"]?.arrayValue?.count == 1)
            #expect(open.result["list"]?[0]?["orderStatus"] == "New")
            #expect(open.result["list"]?[0]?["leavesQty"] == "1")
            #expect(open.result["list"]?[0]?["price"] == "59000.00")
            #expect(open.result["list"]?[0]?["timeInForce"] == "GTC")
            // It holds back its margin: 91,000 available less 59,000 / 10.
            #expect(try ex.availableUSDT() == dec("85100"))
            let wallet = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT")
            #expect(wallet.result["list"]?[0]?["coin"]?[0]?["totalOrderIM"] == "5900")
            #expect(wallet.result["list"]?[0]?["coin"]?[0]?["totalPositionIM"] == "9000")
            // Not crossed yet.
            let above = try await c.mark("BTCUSDT", "59000.10")
            #expect(above.result["events"]?.arrayValue?.isEmpty == true)
            #expect(ex.testPosition()?.size == dec("1"))
            // Crossed: it fills at its own price, as a maker.
            let crossed = try await c.mark("BTCUSDT", "58900")
            let events = crossed.result["events"]?.arrayValue ?? []
            #expect(events.map { $0["action"] } == ["order-fill"])
            #expect(events.first?["detail"]?["orderLinkId"] == "dip-1")
            let p = try await c.position("BTCUSDT")
            #expect(p?["size"] == "2")
            #expect(p?["avgPrice"] == "59500")  // (60,000 + 59,000) / 2
            #expect(p?["cumRealisedPnl"] == "-11.8")  // 59,000 × 0.0002
            #expect(try await c.walletBalance("USDT") == "99988.2")
            open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT")
            #expect(open.result["list"]?.arrayValue?.isEmpty == true)
            let done = try await c.get("/v5/order/history", "category=linear&orderLinkId=dip-1")
            #expect(done.result["list"]?[0]?["orderStatus"] == "Filled")
            #expect(done.result["list"]?[0]?["avgPrice"] == "59000.00")
            let fill = try await c.get("/v5/execution/list", "category=linear&orderLinkId=dip-1")
            #expect(fill.result["list"]?[0]?["isMaker"] == true)
            #expect(fill.result["list"]?[0]?["feeRate"] == "0.0002")
            #expect(fill.result["list"]?[0]?["execFee"] == "11.8")
        }
    }

    @Test func aMarketableLimitTakesAtTheMark() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let placed = try await c.order(Self.buy + #""price":"61000","orderLinkId":"take-1""#)
            #expect(placed.retCode == 0, "\(placed.body)")
            let fill = try await c.get("/v5/execution/list", "category=linear&orderLinkId=take-1")
            #expect(fill.result["list"]?[0]?["execPrice"] == "60000.00")
            #expect(fill.result["list"]?[0]?["isMaker"] == false)
            #expect(ex.testPosition()?.size == dec("2"))
        }
    }

    @Test func postOnlyThatWouldTakeIsCancelledAndIOCThatCannotFillIsCancelled() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let post = try await c.order(Self.buy + #""price":"61000","timeInForce":"PostOnly","orderLinkId":"po-1""#)
            #expect(post.retCode == 0, "\(post.body)")
            let ioc = try await c.order(Self.buy + #""price":"59000","timeInForce":"IOC","orderLinkId":"ioc-1""#)
            #expect(ioc.retCode == 0, "\(ioc.body)")
            let fok = try await c.order(Self.buy + #""price":"59000","timeInForce":"FOK","orderLinkId":"fok-1""#)
            #expect(fok.retCode == 0, "\(fok.body)")
            let history = try await c.get("/v5/order/history", "category=linear&symbol=BTCUSDT")
            let rows = history.result["list"]?.arrayValue ?? []
            #expect(rows.map { $0["orderLinkId"] } == ["fok-1", "ioc-1", "po-1"])
            #expect(rows.map { $0["orderStatus"] } == ["Cancelled", "Cancelled", "Cancelled"])
            #expect(rows.last?["rejectReason"] == "EC_PostOnlyWillTakeLiquidity")
            #expect(rows.first?["rejectReason"] == "EC_NoImmediateQtyToFill")
            #expect(ex.testPosition()?.size == dec("1"))
            // A PostOnly below the mark rests.
            let rests = try await c.order(Self.buy + #""price":"59000","timeInForce":"PostOnly","orderLinkId":"po-2""#)
            #expect(rests.retCode == 0)
            let open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT")
            #expect(open.result["list"]?[0]?["orderLinkId"] == "po-2")
        }
    }

    @Test func restingReduceOnlyOrdersAreTrimmedWhenThePositionShrinks() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let tp = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Limit","price":"65000","qty":"1","reduceOnly":true,"orderLinkId":"tp""#
            )
            #expect(tp.retCode == 0, "\(tp.body)")
            _ = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.7""#)
            var open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=tp")
            #expect(open.result["list"]?[0]?["qty"] == "0.3")
            _ = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.3""#)
            open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=tp")
            #expect(open.result["list"]?[0]?["orderStatus"] == "Cancelled")
            #expect(open.result["list"]?[0]?["cancelType"] == "CancelByReduceOnly")
            // The mark reaching 65,000 fills nothing now.
            let crossed = try await c.mark("BTCUSDT", "65000")
            #expect(crossed.result["events"]?.arrayValue?.isEmpty == true)
            #expect(ex.testPosition()?.isOpen == false)
        }
    }
}

extension OrderLimitTests {
    @Test func aLiquidationCancelsTheSlotsOrders() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            #expect(try await c.order(Self.buy + #""price":"50000","orderLinkId":"dip""#).retCode == 0)
            let tp = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Limit","price":"65000","qty":"1","reduceOnly":true,"orderLinkId":"tp""#
            )
            #expect(tp.retCode == 0)
            let crash = try await c.mark("BTCUSDT", "54000")  // through the liquidation price 54,300
            #expect(crash.result["events"]?.arrayValue?.map { $0["action"] } == ["liquidation"])
            let rows = try await c.get("/v5/order/history", "category=linear&symbol=BTCUSDT").result["list"]
            #expect(rows?.arrayValue?.map { $0["cancelType"] } == ["CancelAllBeforeLiq", "CancelAllBeforeLiq"])
            #expect(try ex.availableUSDT() == dec("91000"))  // 100,000 − 6,000 lost − 3,000 (ETH IM); no order IM held
        }
    }
}

extension PaperExchange {
    /// The test account's available USDT as the engine computes it.
    func availableUSDT() throws -> ExactDecimal {
        try core.read { (book: Book) throws(PaperAPIError) in
            let account = try book.account(Scenarios.key)
            return try arithmetic { () throws(DecimalError) in try book.availableBalance("USDT", in: account) }
        }
    }
}
