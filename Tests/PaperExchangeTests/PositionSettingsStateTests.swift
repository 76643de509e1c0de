import BybitAPI
import Foundation
import Testing

@testable import PaperExchange

/// `--state FILE`: leverage, position mode, margin mode and the controls' changes are
/// stored like every other mutation, so a restarted exchange still has them.
@Suite struct PositionSettingsStateTests {
    @Test func settingsAndControlsSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("paper-settings-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var config = manualConfig(rateLimits: false)
        config.statePath = path
        try await withExchange(config) { ex in
            let c = PaperClient(ex)
            #expect(
                try await c.post(
                    "/v5/position/set-leverage",
                    #"{"category":"linear","symbol":"BTCUSDT","buyLeverage":"20","sellLeverage":"20"}"#
                ).retCode == 0)
            #expect(
                try await c.post("/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#)
                    .retCode == 0)
            try ex.setWallet(coin: "USDC", amount: dec("5000"))
            try ex.openPosition(symbol: "ETHPERP", side: .sell, size: dec("1"))
            #expect(
                try await c.post("/v5/account/set-margin-mode", #"{"setMarginMode":"PORTFOLIO_MARGIN"}"#).retCode == 0)
        }
        try await withExchange(config) { ex in
            let account = try #require(ex.account(apiKey: Scenarios.key))
            #expect(account.marginMode == .portfolio)
            #expect(account.hedgeModeSymbols == ["SOLUSDT"])
            #expect(account.wallets["USDC"] == dec("5000"))
            #expect(ex.testPosition()?.leverage == 20)
            #expect(ex.testPosition("ETHPERP")?.side == .sell)
            #expect(ex.testPosition("SOLUSDT", idx: 2)?.isOpen == false)
        }
    }
}
