import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/position/set-auto-add-margin` and what the flag does as the mark moves
/// (issue 4, items 4 and 5).
@Suite struct AutoAddMarginTests {
    static let path = "/v5/position/set-auto-add-margin"

    func config(_ scenario: Scenario? = nil) -> PaperExchange.Configuration {
        manualConfig(scenario: scenario, rateLimits: false)
    }

    @Test func setsTheFlagAndReturnsAnEmptyResult() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let on = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#)
            #expect(on.retCode == 0, "\(on.body)")
            #expect(on.result == .object([]))
            let list = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            #expect(list.result["list"]?[0]?["autoAddMargin"] == 1)
            let off = try await c.post(Self.path, #"{"category": "linear", "symbol": "BTCUSDT", "autoAddMargin": 0}"#)
            #expect(off.retCode == 0)
            #expect(ex.testPosition()?.autoAddMargin == false)
            #expect(ex.ledger.count(.setAutoAddMargin) == 2)
        }
    }

    @Test func acceptsTheDocsOwnSpellingAutoAddmargin() async throws {
        try await withExchange(config()) { ex in
            // Bybit's HTTP and pybit examples send "autoAddmargin" and "positionIdx": null.
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category": "linear", "symbol": "BTCUSDT", "autoAddmargin": 1, "positionIdx": null}"#)
            #expect(reply.retCode == 0, "\(reply.body)")
            #expect(ex.testPosition()?.autoAddMargin == true)
        }
    }

    @Test func linearOnlyAndIsolatedOnly() async throws {
        try await withExchange(config()) { ex in
            let inverse = try await PaperClient(ex).post(
                Self.path, #"{"category":"inverse","symbol":"BTCUSD","autoAddMargin":1}"#)
            #expect(inverse.retCode == 10001)
            #expect(inverse.retMsg.contains("linear contracts only"))
        }
        try await withExchange(config(Scenarios.account(marginMode: .cross, positions: [Scenarios.long()]))) { ex in
            let cross = try await PaperClient(ex).post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#)
            #expect(cross.retCode == 110076)
            #expect(cross.retMsg == "Only isolated mode can set auto-add-margin")
            #expect(ex.ledger.total == 0)
        }
    }

    @Test func badValuesAre10001() async throws {
        try await withExchange(config(Scenarios.hedged)) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (#"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":2,"positionIdx":1}"#, "must be 0 or 1"),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":"1","positionIdx":1}"#,
                    "must be an integer"
                ),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":true,"positionIdx":1}"#,
                    "must be an integer"
                ),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","positionIdx":1}"#,
                    "missing required parameter 'autoAddMargin'"
                ),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1,"autoAddmargin":0,"positionIdx":1}"#,
                    "disagree"
                ),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#,
                    "position idx not match position mode"
                ),
            ]
            for (body, message) in cases {
                let reply = try await c.post(Self.path, body)
                #expect(reply.retCode == 10001, "\(body)")
                #expect(reply.retMsg.contains(message), "\(body) → \(reply.retMsg)")
            }
            #expect(ex.ledger.total == 0)
        }
    }

    @Test func approachingLiquidationAddsTheInitialMarginFromAvailableBalance() async throws {
        // Default BTCUSDT long: IM 6,000, MM 300, LP 54,300. Auto-add fires when margin + uPnL
        // ≤ 2 × MM, i.e. at a mark of 54,600 or below.
        try await withExchange(config(Scenarios.account(positions: [Scenarios.long(autoAdd: true)]))) { ex in
            #expect(try ex.setMarkPrice(symbol: "BTCUSDT", "54601").isEmpty)
            let events = try ex.setMarkPrice(symbol: "BTCUSDT", "54600")
            #expect(events.map(\.action) == [.autoAddMargin])
            #expect(events.first?.detail["margin"] == "6000")
            let p = try #require(ex.testPosition())
            #expect(p.extraMargin == dec("6000"))
            #expect(p.isOpen)
            // LP moved to 48,300; available balance fell by 6,000.
            let metrics = try #require(
                try? PositionMetrics.compute(p, instrument: DefaultBook.instruments[0], mark: dec("54600")))
            #expect(metrics.liqPrice == dec("48300"))
        }
    }

    @Test func autoAddStopsAtOneTimesLeverage() async throws {
        // 10× long: after nine top-ups of 6,000 the margin equals the position value (1×);
        // at 1× the liquidation price is 300 (MM/size), so a crash to 1,000 is survived.
        try await withExchange(config(Scenarios.account(positions: [Scenarios.long(autoAdd: true)]))) { ex in
            let events = try ex.setMarkPrice(symbol: "BTCUSDT", "1000")
            #expect(events.count == 9)
            #expect(events.allSatisfy { $0.action == .autoAddMargin })
            let p = try #require(ex.testPosition())
            #expect(p.extraMargin == dec("54000"))
            #expect(p.isOpen)
            // Nothing more is added, however close the mark comes.
            #expect(try ex.setMarkPrice(symbol: "BTCUSDT", "400").isEmpty)
        }
    }

    @Test func autoAddUsesWhatIsLeftWhenBalanceIsShort() async throws {
        let scenario = Scenarios.account(wallet: ["USDT": "8500"], positions: [Scenarios.long(autoAdd: true)])
        try await withExchange(config(scenario)) { ex in
            // Available 2,500 < IM 6,000: all of it is added (LP 51,800), then nothing is left.
            let events = try ex.setMarkPrice(symbol: "BTCUSDT", "54500")
            #expect(events.map { $0.detail["margin"] } == ["2500"])
            // A crash through the new LP liquidates at the bankruptcy price 51,500.
            let crash = try ex.setMarkPrice(symbol: "BTCUSDT", "51700")
            #expect(crash.map(\.action) == [.liquidation])
            #expect(crash.first?.detail["bustPrice"] == "51500.00")
            #expect(crash.first?.detail["loss"] == "8500")
            #expect(ex.account(apiKey: Scenarios.key)?.wallets["USDT"] == .zero)
        }
    }

    @Test func autoAddFiresWhenTurnedOnNearLiquidation() async throws {
        try await withExchange(config()) { ex in
            try ex.setMarkPrice(symbol: "BTCUSDT", "54500")
            #expect(ex.testPosition()?.extraMargin == .zero)  // flag off: nothing happens
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#)
            #expect(reply.retCode == 0)
            #expect(ex.testPosition()?.extraMargin == dec("6000"))
            #expect(ex.ledger.entries.map(\.action) == [.setAutoAddMargin, .autoAddMargin])
        }
    }
}
