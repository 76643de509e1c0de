import BybitAPI
import Testing

@testable import PaperExchange

/// `GET /v5/account/info` in UTA 2.0's shape, with the account's margin mode.
@Suite struct AccountInfoTests {
    @Test func theDefaultAccountIsIsolatedOnAUnifiedAccount() async throws {
        try await withExchange(manualConfig()) { ex in
            let r = try await PaperClient(ex).get("/v5/account/info")
            #expect(r.retCode == 0)
            #expect(
                r.result.objectMembers?.keys == [
                    "marginMode", "updatedTime", "unifiedMarginStatus", "isMasterTrader", "spotHedgingStatus",
                    "dcpStatus", "timeWindow", "smpGroup",
                ])
            #expect(r.result["marginMode"] == "ISOLATED_MARGIN")
            #expect(r.result["unifiedMarginStatus"] == 5)
            #expect(r.result["isMasterTrader"] == false)
            #expect(r.result["dcpStatus"] == "OFF")
            #expect(r.result["timeWindow"] == 0)
            #expect(r.result["smpGroup"] == 0)
        }
    }

    @Test func theModeComesFromTheScenarioAndFollowsChanges() async throws {
        for mode in MarginMode.allCases {
            let s = Scenarios.account(marginMode: mode, positions: [])
            let info = try await withExchange(manualConfig(scenario: s)) { ex in
                try await PaperClient(ex).get("/v5/account/info")
            }
            #expect(info.result["marginMode"] == .string(mode.rawValue))
        }
        let clock = ManualPaperClock()
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = PaperClient(ex)
            clock.advance(byMs: 5000)
            #expect(
                try await c.post("/v5/account/set-margin-mode", #"{"setMarginMode":"REGULAR_MARGIN"}"#).retCode == 0)
            let info = try await c.get("/v5/account/info")
            #expect(info.result["marginMode"] == "REGULAR_MARGIN")
            #expect(info.result["updatedTime"] == .string(String(ex.serverTimeMs)))
        }
    }

    @Test func aScenarioFileNamesThePortfolioMode() throws {
        let json = #"{"accounts":[{"apiKey":"K","apiSecret":"S","marginMode":"PORTFOLIO_MARGIN"}]}"#
        #expect(try Scenario(json: Array(json.utf8)).accounts[0].marginMode == .portfolio)
        #expect(throws: ScenarioError.self) {
            try Scenario(json: Array(#"{"accounts":[{"apiKey":"K","apiSecret":"S","marginMode":"CROSS"}]}"#.utf8))
        }
    }
}
