import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/position/switch-mode` over HTTP: by symbol or by coin, refused with a
/// position (110024) or open orders (110028), 110025 when nothing changes, 110029 for
/// contracts that are one-way only.
@Suite struct PositionModeTests {
    static func slots(_ c: PaperClient, _ symbol: String) async throws -> [Int64] {
        let list = try await c.get("/v5/position/list", "category=linear&symbol=\(symbol)").result["list"]
        return list?.arrayValue?.compactMap { $0["positionIdx"]?.int64Value } ?? []
    }

    @Test func aFlatSymbolSwitchesBothWaysAndKeepsItsLeverage() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            #expect(
                try await c.post(
                    "/v5/position/set-leverage",
                    #"{"category":"linear","symbol":"SOLUSDT","buyLeverage":"25","sellLeverage":"25"}"#
                ).retCode == 0)
            let hedge = try await c.post(
                "/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#)
            #expect(hedge.retCode == 0, "\(hedge.body)")
            #expect(hedge.result == .object([(String, JSONNode)]()))
            #expect(try await Self.slots(c, "SOLUSDT") == [1, 2])
            #expect(ex.testPosition("SOLUSDT", idx: 2)?.leverage == 25)
            let again = try await c.post(
                "/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#)
            #expect(again.retCode == 110025)
            #expect(again.retMsg == "Position mode has not been modified.")
            let back = try await c.post(
                "/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":0}"#)
            #expect(back.retCode == 0)
            #expect(try await Self.slots(c, "SOLUSDT") == [0])
            #expect(ex.ledger.count(.switchMode) == 2)
            // a one-way positionIdx in hedge mode is refused afterwards as before
            _ = try await c.post("/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#)
            let margin = try await c.post(
                "/v5/position/set-auto-add-margin",
                #"{"category":"linear","symbol":"SOLUSDT","autoAddMargin":1,"positionIdx":0}"#)
            #expect(margin.retMsg == "position idx not match position mode")
        }
    }

    @Test func anOpenPositionIs110024() async throws {
        try await withExchange(manualConfig()) { ex in
            let r = try await PaperClient(ex).post(
                "/v5/position/switch-mode", #"{"category":"linear","symbol":"BTCUSDT","mode":3}"#)
            #expect(r.retCode == 110024)
            #expect(r.retMsg == "You have an existing position, so the position mode cannot be switched.")
            #expect(ex.account(apiKey: Scenarios.key)?.hedgeModeSymbols.isEmpty == true)
        }
    }

    @Test func openOrdersAre110028() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let order = try await c.post(
                "/v5/order/create",
                #"{"category":"linear","symbol":"SOLUSDT","side":"Buy","orderType":"Limit","qty":"1","price":"100"}"#)
            #expect(order.retCode == 0, "\(order.body)")
            let r = try await c.post("/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#)
            #expect(r.retCode == 110028)
            #expect(r.retMsg == "You have existing open orders, so the position mode cannot be switched.")
        }
    }

    @Test func byCoinSwitchesTheSymbolsThatCan() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let r = try await c.post("/v5/position/switch-mode", #"{"category":"linear","coin":"USDT","mode":3}"#)
            #expect(r.retCode == 0, "\(r.body)")
            #expect(ex.account(apiKey: Scenarios.key)?.hedgeModeSymbols == ["SOLUSDT"])  // the others hold positions
            #expect(try await Self.slots(c, "BTCUSDT") == [0])
            // symbol wins over coin
            let both = try await c.post(
                "/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","coin":"USDT","mode":0}"#)
            #expect(both.retCode == 0)
            #expect(ex.account(apiKey: Scenarios.key)?.hedgeModeSymbols.isEmpty == true)
        }
    }

    @Test func oneWayOnlyContractsAre110029() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for body in [
                #"{"category":"linear","symbol":"BTCPERP","mode":3}"#, #"{"category":"linear","coin":"USDC","mode":3}"#,
            ] {
                let r = try await c.post("/v5/position/switch-mode", body)
                #expect(r.retCode == 110029, "\(body)")
                #expect(r.retMsg == "Hedge mode is not supported for this symbol.")
            }
        }
    }

    @Test func badRequestsAre10001() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for (body, words) in [
                (#"{"category":"linear","symbol":"SOLUSDT","mode":1}"#, "mode must be 0 (one-way) or 3 (hedge)"),
                (#"{"category":"linear","symbol":"SOLUSDT","mode":"3"}"#, "'mode' must be an integer"),
                (#"{"category":"linear","symbol":"SOLUSDT"}"#, "missing required parameter 'mode'"),
                (#"{"category":"linear","mode":3}"#, "symbol or coin"),
                (#"{"category":"inverse","symbol":"BTCUSD","mode":3}"#, "category 'inverse' is not supported"),
                (#"{"category":"linear","symbol":"NOPEUSDT","mode":3}"#, "Not supported symbols"),
                (#"{"category":"linear","coin":"XYZ","mode":3}"#, "not the settle coin"),
            ] {
                let r = try await c.post("/v5/position/switch-mode", body)
                #expect(r.retCode == 10001, "\(body)")
                #expect(r.retMsg.contains(words), "\(body): \(r.retMsg)")
            }
            #expect(ex.ledger.count(.switchMode) == 0)
        }
    }
}
