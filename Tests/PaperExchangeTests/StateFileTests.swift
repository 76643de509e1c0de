import BybitAPI
import Foundation
import Testing

@testable import PaperExchange

/// `--state FILE` (issue 4, item 8): a restarted exchange has lost nothing.
@Suite struct StateFileTests {
    func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("paper-state-\(UUID().uuidString).sqlite").path
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func config(_ path: String, extraKey: Bool = false) -> PaperExchange.Configuration {
        var c = manualConfig(rateLimits: false)
        c.statePath = path
        if extraKey { c.credentials.append(APICredential(apiKey: "LATECOMER", hmacSecret: "x")) }
        return c
    }

    @Test func accountsMarksAndLedgerSurviveARestart() async throws {
        let path = tempPath()
        defer { remove(path) }
        try await withExchange(config(path)) { ex in
            let c = PaperClient(ex)
            #expect(
                try await c.post(
                    "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"123.4567"}"#
                ).retCode == 0)
            #expect(
                try await c.post(
                    "/v5/position/set-auto-add-margin", #"{"category":"linear","symbol":"ETHUSDT","autoAddMargin":1}"#
                ).retCode == 0)
            try ex.setMarkPrice(symbol: "BTCUSD", "50000")  // liquidates the inverse long
            _ = try await c.raw(.POST, "/paper/accounts", body: #"{"apiKey":"MATE","apiSecret":"m"}"#)
        }
        try await withExchange(config(path, extraKey: true)) { ex in
            #expect(ex.testPosition()?.extraMargin == dec("123.4567"))
            #expect(ex.testPosition("ETHUSDT")?.autoAddMargin == true)
            #expect(ex.testPosition("BTCUSD")?.isOpen == false)
            #expect(ex.account(apiKey: Scenarios.key)?.wallets["BTC"] == dec("1.98333333"))
            #expect(ex.markPrice(symbol: "BTCUSD") == dec("50000"))
            #expect(ex.account(apiKey: "MATE") != nil)
            #expect(ex.account(apiKey: "LATECOMER") != nil)  // a newly configured key gets the default book
            let ledger = ex.ledger
            #expect(ledger.total == 4)
            #expect(ledger.entries.map(\.action) == [.addMargin, .setAutoAddMargin, .liquidation, .createAccount])
            // And the numbers on the wire are the same as before the restart.
            let list = try await PaperClient(ex).get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            #expect(list.result["list"]?[0]?["positionIM"] == "6123.4567")
            // New entries continue the sequence.
            #expect(
                try await PaperClient(ex).post(
                    "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#
                ).retCode == 0)
            #expect(ex.ledger.entries.last?.seq == 5)
        }
    }

    @Test func everyAcknowledgedConcurrentMutationIsOnDisk() async throws {
        let path = tempPath()
        defer { remove(path) }
        try await withExchange(config(path)) { ex in
            let c = PaperClient(ex)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        _ = try await c.post(
                            "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
                    }
                }
                try await group.waitForAll()
            }
        }
        try await withExchange(config(path)) { ex in
            #expect(ex.testPosition()?.extraMargin == dec("40"))
            #expect(ex.ledger.count(.addMargin) == 40)
        }
    }

    @Test func anUnusableStateFileIsAStartError() async throws {
        var c = manualConfig()
        c.statePath = "/nonexistent-dir/for/paper/state.sqlite"
        await #expect(throws: (any Error).self) { try await PaperExchange.start(c) }
    }
}
