import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/account/set-margin-mode` over HTTP: the account-wide mode, its refusals and
/// what each mode then allows.
@Suite struct MarginModeTests {
    static func set(_ c: PaperClient, _ mode: String) async throws -> PaperClient.Reply {
        try await c.post("/v5/account/set-margin-mode", #"{"setMarginMode":"\#(mode)"}"#)
    }

    @Test func crossThenIsolatedAgain() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let cross = try await Self.set(c, "REGULAR_MARGIN")
            #expect(cross.retCode == 0, "\(cross.body)")
            #expect(cross.result == .object([("reasons", .array([]))]))
            #expect(try await c.get("/v5/account/info").result["marginMode"] == "REGULAR_MARGIN")
            let again = try await Self.set(c, "REGULAR_MARGIN")
            #expect(again.retCode == 110026)
            #expect(again.retMsg == "Cross/isolated margin mode has not been modified.")
            let add = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            #expect(add.retCode == 110015)
            #expect(try await Self.set(c, "ISOLATED_MARGIN").retCode == 0)
            #expect(
                try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
                    .retCode == 0)
            #expect(ex.ledger.count(.setMarginMode) == 2)
        }
    }

    @Test func portfolioMarginNeedsEquityAndRefusesPositionSettings() async throws {
        let poor = Scenarios.account(wallet: ["USDT": "500"], positions: [])
        try await withExchange(manualConfig(scenario: poor)) { ex in
            let r = try await Self.set(PaperClient(ex), "PORTFOLIO_MARGIN")
            #expect(r.retCode == 3_400_045)
            #expect(r.retMsg == "Set margin mode failed")
            #expect(r.result["reasons"]?[0]?["reasonCode"] == "3400000")
            #expect(r.result["reasons"]?[0]?["reasonMsg"] == "Equity needs to be equal to or greater than 1000 USDC")
            #expect(ex.account(apiKey: Scenarios.key)?.marginMode == .isolated)
        }
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            #expect(try await Self.set(c, "PORTFOLIO_MARGIN").retCode == 0)
            #expect(try await c.get("/v5/account/info").result["marginMode"] == "PORTFOLIO_MARGIN")
            let add = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            #expect(add.retCode == 110077)
            let auto = try await c.post(
                "/v5/position/set-auto-add-margin", #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#)
            #expect(auto.retCode == 110077)
            #expect(auto.retMsg == "Pm mode cannot support")
        }
    }

    @Test func isolatedMarginThatWouldLiquidateIs110011() async throws {
        // cross: the free balance keeps the long alive at 54,000; isolated, it liquidates at 54,300
        let s = Scenarios.account(marginMode: .cross, positions: [Scenarios.long()])
        try await withExchange(manualConfig(scenario: s)) { ex in
            try ex.setMarkPrice(symbol: "BTCUSDT", "54000")
            #expect(ex.testPosition()?.isOpen == true)
            let r = try await Self.set(PaperClient(ex), "ISOLATED_MARGIN")
            #expect(r.retCode == 110011)
            #expect(ex.account(apiKey: Scenarios.key)?.marginMode == .cross)
            #expect(ex.testPosition()?.isOpen == true)
        }
    }

    @Test func badValuesAre10001() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for body in [#"{"setMarginMode":"isolated"}"#, #"{"setMarginMode":1}"#, #"{}"#] {
                let r = try await c.post("/v5/account/set-margin-mode", body)
                #expect(r.retCode == 10001, "\(body)")
            }
            // The catalog's refusal, word for word the one the client gives before sending.
            let client = SetMarginModeRequest(mode: "CROSS").values
            var expected = ""
            do throws(RequestError) { _ = try Catalog.setMarginMode.check(client) } catch { expected = error.message }
            #expect(expected.contains("expected 'ISOLATED_MARGIN' or 'REGULAR_MARGIN' or 'PORTFOLIO_MARGIN'"))
            let reply = try await Self.set(c, "CROSS")
            #expect(reply.retMsg == "params error: \(expected)")
            #expect(ex.ledger.count(.setMarginMode) == 0)
        }
    }
}
