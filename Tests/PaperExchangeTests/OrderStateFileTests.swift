import BybitAPI
import Foundation
import Testing

@testable import PaperExchange

/// With `--state FILE`, resting orders, position stops and used `orderLinkId`s survive a
/// restart: the order still fills when the mark crosses, the stop still fires, and a
/// re-sent create is still a duplicate (110072).
@Suite struct OrderStateFileTests {
    @Test func ordersStopsAndOrderLinkIdsSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("paper-orders-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var config = manualConfig(rateLimits: false)
        config.statePath = path
        let market =
            #""category":"linear","symbol":"ETHUSDT","side":"Buy","orderType":"Market","qty":"1","reduceOnly":true,"orderLinkId":"before-restart""#
        try await withExchange(config) { ex in
            let c = PaperClient(ex)
            #expect(try await c.order(market).retCode == 0)
            let limit = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.5","price":"59000","orderLinkId":"resting""#
            )
            #expect(limit.retCode == 0, "\(limit.body)")
            let stop = try await c.post(
                "/v5/position/trading-stop",
                #"{"category":"linear","symbol":"ETHUSDT","tpslMode":"Full","positionIdx":0,"stopLoss":"3200"}"#)
            #expect(stop.retCode == 0, "\(stop.body)")
        }
        try await withExchange(config) { ex in
            let c = PaperClient(ex)
            #expect(try await c.order(market).retCode == 110072)
            let open = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT")
            #expect(open.result["list"]?[0]?["orderLinkId"] == "resting")
            #expect(try await c.position("ETHUSDT")?["stopLoss"] == "3200.00")
            // 100,000 − fee 1.65 − IM 6,000 (BTC) − 2,700 (ETH 9 × 3,000 / 10) − 2,950 held by the order.
            #expect(try ex.availableUSDT() == dec("88348.35"))
            let events = try await c.mark("BTCUSDT", "58900").result["events"]?.arrayValue ?? []
            #expect(events.map { $0["action"] } == ["order-fill"])
            #expect(ex.testPosition()?.size == dec("1.5"))
            let fired = try await c.mark("ETHUSDT", "3200").result["events"]?.arrayValue ?? []
            #expect(fired.map { $0["action"] } == ["stop-triggered"])
            // New ids do not collide with the restored ones.
            let next = try await c.order(
                #""category":"linear","symbol":"SOLUSDT","side":"Buy","orderType":"Market","qty":"1""#)
            #expect(next.retCode == 0)
            let ids = Set(ex.ledger.entries(.orderCreate).compactMap { $0.detail["orderId"] })
            #expect(ids.count == ex.ledger.count(.orderCreate))
        }
    }
}
