import Testing

@testable import PaperExchange

/// The ledger keeps counting past what it retains, and a mutation's entries merge in order.
@Suite struct LedgerTests {
    @Test func retainsTheNewestEntriesAndCountsEverything() {
        var ledger = Ledger()
        for i in 0..<12_500 {
            var history = ledger.takeEntries()
            ledger.append(
                timeMs: Int64(i), apiKey: "K", action: i % 2 == 0 ? .addMargin : .autoAddMargin, symbol: "BTCUSDT",
                positionIdx: 0, detail: [:])
            ledger.restore(history: &history)
        }
        #expect(ledger.total == 12_500)
        #expect(ledger.counts[.addMargin] == 6_250)
        #expect(ledger.entries.count >= Ledger.retained && ledger.entries.count <= Ledger.retained + 1_000)
        #expect(ledger.entries.last?.seq == 12_500)
        #expect(zip(ledger.entries, ledger.entries.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq })
    }

    @Test func aFailedMutationLeavesTheHistoryAsItWas() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            _ = try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            let refused = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"-5"}"#)
            #expect(refused.retCode == 110078)
            #expect(ex.ledger.entries.map(\.seq) == [1])
            _ = try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            #expect(ex.ledger.entries.map(\.seq) == [1, 2])
        }
    }
}
