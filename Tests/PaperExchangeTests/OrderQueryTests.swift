import BybitAPI
import Testing

@testable import PaperExchange

/// `order/cancel`, `order/realtime`, `order/history` and `execution/list`: filters, newest
/// first, cursor paging as `position/list` pages.
@Suite struct OrderQueryTests {
    static let config = manualConfig(rateLimits: false)

    /// Five resting buys p1…p5 at 50,000…50,004 (0.001 BTC each).
    static func placeFive(_ c: PaperClient) async throws {
        for i in 1...5 {
            let reply = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"5000\#(i)","orderLinkId":"p\#(i)""#
            )
            #expect(reply.retCode == 0, "\(reply.body)")
        }
    }

    /// Every page of `path` with `limit=2`, following `nextPageCursor`.
    static func pages(_ c: PaperClient, _ path: String, _ query: String) async throws -> [[String]] {
        var pages: [[String]] = []
        var cursor = ""
        repeat {
            let reply = try await c.get(path, query + "&limit=2" + (cursor.isEmpty ? "" : "&cursor=\(cursor)"))
            #expect(reply.retCode == 0, "\(reply.body)")
            pages.append(reply.result["list"]?.arrayValue?.compactMap { $0["orderLinkId"]?.stringValue } ?? [])
            cursor = reply.result["nextPageCursor"]?.stringValue ?? ""
        } while !cursor.isEmpty && pages.count < 10
        return pages
    }

    @Test func realtimeAndHistoryPageNewestFirst() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            try await Self.placeFive(c)
            let open = try await Self.pages(c, "/v5/order/realtime", "category=linear&symbol=BTCUSDT")
            #expect(open == [["p5", "p4"], ["p3", "p2"], ["p1"]])
            for i in 1...5 {
                let cancel = try await c.post(
                    "/v5/order/cancel", #"{"category":"linear","symbol":"BTCUSDT","orderLinkId":"p\#(i)"}"#)
                #expect(cancel.retCode == 0, "\(cancel.body)")
                #expect(cancel.result["orderLinkId"] == .string("p\(i)"))
            }
            #expect(
                try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT").result["list"]?.arrayValue?
                    .isEmpty == true)
            let closed = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&openOnly=1")
            #expect(closed.result["list"]?.arrayValue?.count == 5)
            let history = try await Self.pages(c, "/v5/order/history", "category=linear")
            #expect(history == [["p5", "p4"], ["p3", "p2"], ["p1"]])
            let row = try await c.get("/v5/order/history", "category=linear&orderLinkId=p3").result["list"]?[0]
            #expect(row?["orderStatus"] == "Cancelled")
            #expect(row?["cancelType"] == "CancelByUser")
            #expect(row?["price"] == "50003.00")
            #expect(ex.ledger.count(.orderCancel) == 5)
            let cancelled = try await c.get("/v5/order/history", "category=linear&orderStatus=Cancelled")
            #expect(cancelled.result["list"]?.arrayValue?.count == 5)
            let filled = try await c.get("/v5/order/history", "category=linear&orderStatus=Filled")
            #expect(filled.result["list"]?.arrayValue?.isEmpty == true)
            let bogus = try await c.get("/v5/order/history", "category=linear&orderStatus=Done")
            #expect(bogus.retCode == 10001)
            // Releasing the orders released their margin.
            #expect(try ex.availableUSDT() == dec("91000"))
        }
    }

    @Test func executionsPageNewestFirst() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            for i in 1...3 {
                _ = try await c.order(
                    #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.01","orderLinkId":"m\#(i)""#
                )
            }
            let pages = try await Self.pages(c, "/v5/execution/list", "category=linear&symbol=BTCUSDT")
            #expect(pages == [["m3", "m2"], ["m1"]])
            let bad = try await c.get("/v5/execution/list", "category=linear&limit=101")
            #expect(bad.retCode == 10001)
            #expect(bad.retMsg.contains("limit must be between 1 and 100"))
            let badCursor = try await c.get("/v5/execution/list", "category=linear&cursor=nope")
            #expect(badCursor.retCode == 10001)
            let funding = try await c.get("/v5/execution/list", "category=linear&execType=Funding")
            #expect(funding.result["list"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func cancelRefusals() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let market = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.01","orderLinkId":"gone""#
            )
            #expect(market.retCode == 0)
            // A filled order cannot be cancelled, nor one that never existed.
            for body in [
                #"{"category":"linear","symbol":"BTCUSDT","orderLinkId":"gone"}"#,
                #"{"category":"linear","symbol":"BTCUSDT","orderId":"no-such-id"}"#,
            ] {
                let reply = try await c.post("/v5/order/cancel", body)
                #expect(reply.retCode == 110001, "\(reply.body)")
                #expect(reply.retMsg == "Order does not exist")
            }
            let neither = try await c.post("/v5/order/cancel", #"{"category":"linear","symbol":"BTCUSDT"}"#)
            #expect(neither.retCode == 10001)
            #expect(neither.retMsg.contains("orderId or orderLinkId is required"))
            #expect(ex.ledger.count(.orderCancel) == 0)
        }
    }

    @Test func realtimeNeedsAScopeForLinearAndChecksItsFields() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let none = try await c.get("/v5/order/realtime", "category=linear")
            #expect(none.retCode == 10001)
            #expect(none.retMsg.contains("symbol or settleCoin or baseCoin"))
            #expect(try await c.get("/v5/order/realtime", "category=inverse").retCode == 0)
            #expect(try await c.get("/v5/order/realtime", "category=linear&settleCoin=USDT").retCode == 0)
            #expect(try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&openOnly=2").retCode == 10001)
            #expect(try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&limit=51").retCode == 10001)
            let window = try await c.get("/v5/order/history", "category=linear&startTime=0&endTime=700000000")
            #expect(window.retCode == 10001)
            #expect(window.retMsg.contains("7 days"))
        }
    }
}
