import BybitAPI
import Testing

@testable import PaperExchange

/// Every kind of account change reaches a private stream, from the one hook in the engine:
/// auto-add and liquidation from a mark move, a fill (order, execution, position, wallet),
/// leverage and trading-stop, each in the REST objects' shape, in ledger order.
@Suite struct StreamAccountPushTests {
    /// An authenticated private probe subscribed to `topics`.
    static func privateProbe(_ ex: PaperExchange, _ topics: [String]) async throws -> StreamProbe {
        let probe = StreamProbe(ex, "/v5/private")
        await probe.send(authRequest(ex))
        #expect(try await probe.next()["success"] == true)
        await probe.send(streamRequest("subscribe", topics, reqID: "s"))
        #expect(try await probe.next()["success"] == true)
        return probe
    }

    /// The ledger number in a push's `id` ("SEQ-N").
    static func seq(_ message: JSONValue) -> Int? {
        message["id"]?.stringValue?.split(separator: "-").first.flatMap { Int($0) }
    }

    @Test func markMovesPushAutoAddAndLiquidation() async throws {
        let scenario = Scenarios.account(wallet: ["USDT": "8500"], positions: [Scenarios.long(autoAdd: true)])
        try await withExchange(manualConfig(scenario: scenario)) { ex in
            let probe = try await Self.privateProbe(ex, ["position", "wallet"])
            let added = try ex.setMarkPrice(symbol: "BTCUSDT", "54500")
            #expect(added.map(\.action) == [.autoAddMargin])
            let topUp = try await probe.next(topic: "position")
            #expect(topUp["data"]?[0]?["positionIM"] == "8500", "6,000 plus the 2,500 auto-added")
            #expect(Self.seq(topUp) == added.first?.seq)
            let wallet = try await probe.next(topic: "wallet")
            #expect(wallet["data"]?[0]?["coin"]?[0]?["totalPositionIM"] == "8500")

            let crash = try ex.setMarkPrice(symbol: "BTCUSDT", "51700")
            #expect(crash.map(\.action) == [.liquidation])
            let liquidated = try await probe.next(topic: "position")
            #expect(liquidated["data"]?[0]?["size"] == "0" && liquidated["data"]?[0]?["side"] == "")
            #expect(try #require(Self.seq(liquidated)) > Self.seq(topUp)!)
            let emptied = try await probe.next(topic: "wallet")
            #expect(emptied["data"]?[0]?["totalWalletBalance"] == "0")
            await probe.close()
        }
    }

    @Test func aFillPushesOrderExecutionPositionAndWallet() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await Self.privateProbe(ex, ["order", "execution.linear", "position", "wallet"])
            let c = PaperClient(ex)
            let placed = try await c.post(
                "/v5/order/create",
                #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.1","reduceOnly":true,"orderLinkId":"ws-fill"}"#
            )
            #expect(placed.retCode == 0, "\(placed.body)")
            let order = try await probe.next()
            #expect(order["topic"] == "order" && order["data"]?[0]?["orderLinkId"] == "ws-fill")
            #expect(order["data"]?[0]?["orderStatus"] == "Filled" && order["data"]?[0]?["category"] == "linear")
            let rest = try await c.get("/v5/order/history", "category=linear&orderLinkId=ws-fill")
            let pushed = order["data"]?[0]?.objectValue.map { members in
                JSONValue.object(members.filter { $0.key != "category" }.map { ($0.key, $0.value) })
            }
            #expect(pushed == rest.result["list"]?[0], "the pushed order is the REST row (and its category)")
            let fill = try await probe.next()
            #expect(fill["topic"] == "execution.linear" && fill["data"]?[0]?["execQty"] == "0.1")
            #expect(fill["data"]?[0]?["orderLinkId"] == "ws-fill")
            let position = try await probe.next()
            #expect(position["topic"] == "position" && position["data"]?[0]?["size"] == "0.9")
            #expect(try await probe.next()["topic"] == "wallet")

            // Leverage and trading-stop change the position: pushed too, nothing else.
            _ = try await c.post(
                "/v5/position/set-leverage",
                #"{"category":"linear","symbol":"BTCUSDT","buyLeverage":"5","sellLeverage":"5"}"#)
            let leverage = try await probe.next()
            #expect(leverage["topic"] == "position" && leverage["data"]?[0]?["leverage"] == "5")
            #expect(try await probe.next()["topic"] == "wallet")
            _ = try await c.post(
                "/v5/position/trading-stop",
                #"{"category":"linear","symbol":"BTCUSDT","stopLoss":"50000","tpslMode":"Full","positionIdx":0}"#)
            let stop = try await probe.next()
            #expect(stop["topic"] == "position" && stop["data"]?[0]?["stopLoss"] == "50000.00")
            #expect(try #require(Self.seq(stop)) > Self.seq(leverage)!)
            await probe.close()
        }
    }

    @Test func anotherAccountsChangesAreNotPushed() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await Self.privateProbe(ex, ["position"])
            try ex.addAccount(APICredential(apiKey: "OTHER", hmacSecret: "OTHER-SECRET"))
            let other = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "OTHER", hmacSecret: "OTHER-SECRET"),
                now: { ex.serverTimeMs })
            _ = try await other.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            _ = try await PaperClient(ex).post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"ETHUSDT","margin":"1"}"#)
            let mine = try await probe.next(topic: "position")
            #expect(mine["data"]?[0]?["symbol"] == "ETHUSDT", "the first push is this account's own change")
            await probe.close()
        }
    }
}
