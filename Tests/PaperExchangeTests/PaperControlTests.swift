import BybitAPI
import Testing

@testable import PaperExchange

/// The account controls over HTTP (`/paper/position`, `/paper/wallet`,
/// `/paper/margin-mode`, `/paper/position-mode`) and the `GET /paper/` index.
@Suite struct PaperControlTests {
    @Test func theIndexListsEveryControlAndEachIsServed() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let index = try await c.raw(.GET, "/paper/")
            #expect(index.retCode == 0, "\(index.body)")
            let entries = index.result["list"]?.arrayValue ?? []
            let listed = Set(
                entries.compactMap { e in e["method"]?.stringValue.map { "\($0) \(e["path"]?.stringValue ?? "")" } })
            for expected in [
                "GET /paper/", "POST /paper/mark-price", "POST /paper/position", "POST /paper/wallet",
                "POST /paper/margin-mode", "POST /paper/position-mode", "POST /paper/accounts", "GET /paper/ledger",
                "GET /paper/faults", "POST /paper/faults", "DELETE /paper/faults", "POST /paper/walk/step",
                "POST /paper/price-path/step",
            ] {
                #expect(listed.contains(expected), "\(expected)")
            }
            for entry in entries {
                let method = entry["method"]?.stringValue ?? ""
                let path = entry["path"]?.stringValue ?? ""
                #expect(!(entry["body"]?.stringValue == nil), "\(path)")
                let reply = try await c.raw(method == "GET" ? .GET : method == "DELETE" ? .DELETE : .POST, path)
                #expect(reply.retCode != 10017, "\(method) \(path) is listed but not served")
            }
        }
    }

    @Test func openPositionReplacesTheSlot() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let r = try await c.raw(
                .POST, "/paper/position",
                body: #"{"symbol":"BTCUSDT","side":"Sell","size":"2","entryPrice":"61000","leverage":"20"}"#)
            #expect(r.retCode == 0, "\(r.body)")
            #expect(r.result["side"] == "Sell")
            #expect(r.result["positionIM"] == "6100")
            let p = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(p?["side"] == "Sell")
            #expect(p?["size"] == "2")
            #expect(p?["avgPrice"] == "61000")
            #expect(p?["leverage"] == "20")
            #expect(p?["liqPrice"] == "63745.00")  // 61,000 + (6,100 − 610) / 2
            // entry at the mark and the slot's leverage by default
            let sol = try await c.raw(
                .POST, "/paper/position", body: #"{"symbol":"SOLUSDT","side":"Buy","size":"10.5"}"#)
            #expect(sol.result["avgPrice"] == "150")
            #expect(sol.result["leverage"] == "10")
            let ledger = try await c.raw(.GET, "/paper/ledger?action=paper-control")
            #expect(ledger.result["entries"]?.arrayValue?.count == 2)
        }
    }

    @Test func openPositionRefusesWhatBybitCouldNotShow() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for (body, words) in [
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"-1"}"#, "size must be positive"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"0"}"#, "size must be positive"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"0.0005"}"#, "not a multiple of the qtyStep"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":1}"#, "size must be a non-empty string"),
                (#"{"symbol":"BTCUSDT","side":"Long","size":"1"}"#, "side must be"),
                (#"{"symbol":"NOPEUSDT","side":"Buy","size":"1"}"#, "Not supported symbols"),
                (#"{"symbol":"BTCUSDT","side":"Buy","qty":"1"}"#, "unknown field 'qty'"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"1","positionIdx":1}"#, "positionIdx 1 is not the slot"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"1","leverage":"150"}"#, "leverage filter"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"1","entryPrice":"0.01"}"#, "entryPrice"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"100"}"#, "raise it with set_wallet"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"1","entryPrice":"70000"}"#, "liquidation price"),
                (#"{"symbol":"BTCUSDT","side":"Buy","size":"1","apiKey":"NOBODY"}"#, "API key is invalid"),
            ] {
                let r = try await c.raw(.POST, "/paper/position", body: body)
                #expect(r.retCode != 0, "\(body)")
                #expect(r.retMsg.contains(words), "\(body): \(r.retMsg)")
            }
            #expect(ex.testPosition()?.size == 1)
            #expect(ex.ledger.count(.paperControl) == 0)
        }
    }

    @Test func walletMarginModeAndPositionMode() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            #expect(try await c.raw(.POST, "/paper/wallet", body: #"{"coin":"USDC","amount":"2500"}"#).retCode == 0)
            #expect(ex.account(apiKey: Scenarios.key)?.wallets["USDC"] == dec("2500"))
            for (body, words) in [
                (#"{"coin":"USDT","amount":"-1"}"#, "must not be negative"),
                (#"{"coin":"USDT","amount":"100"}"#, "below the USDT margin held by open positions (9000)"),
                (#"{"coin":"usdt","amount":"1"}"#, "upper-case coin"),
                (#"{"coin":"USDT"}"#, "missing required field 'amount'"),
            ] {
                let r = try await c.raw(.POST, "/paper/wallet", body: body)
                #expect(r.retCode == 10001, "\(body)")
                #expect(r.retMsg.contains(words), "\(body): \(r.retMsg)")
            }
            let cross = try await c.raw(.POST, "/paper/margin-mode", body: #"{"marginMode":"REGULAR_MARGIN"}"#)
            #expect(cross.retCode == 0)
            #expect(try await c.get("/v5/account/info").result["marginMode"] == "REGULAR_MARGIN")
            #expect(
                try await c.raw(.POST, "/paper/margin-mode", body: #"{"marginMode":"REGULAR_MARGIN"}"#).retCode == 0)
            #expect(try await c.raw(.POST, "/paper/margin-mode", body: #"{"marginMode":"cross"}"#).retCode == 10001)

            let hedge = try await c.raw(.POST, "/paper/position-mode", body: #"{"symbol":"SOLUSDT","mode":"hedge"}"#)
            #expect(hedge.retCode == 0)
            #expect(ex.account(apiKey: Scenarios.key)?.hedgeModeSymbols == ["SOLUSDT"])
            for (body, words) in [
                (#"{"symbol":"ETHUSDT","mode":"hedge"}"#, "has an open position"),
                (#"{"symbol":"BTCUSD","mode":"hedge"}"#, "not supported for BTCUSD"),
                (#"{"symbol":"BTCPERP","mode":"hedge"}"#, "not supported for BTCPERP"),
                (#"{"symbol":"SOLUSDT","mode":"both"}"#, "mode must be"),
            ] {
                let r = try await c.raw(.POST, "/paper/position-mode", body: body)
                #expect(r.retCode == 10001, "\(body)")
                #expect(r.retMsg.contains(words), "\(body): \(r.retMsg)")
            }
            // in hedge mode the side picks the slot
            let long = try await c.raw(
                .POST, "/paper/position", body: #"{"symbol":"SOLUSDT","side":"Sell","size":"3"}"#)
            #expect(long.result["positionIdx"] == 2)
        }
    }

    @Test func isolatingACrossAccountLetsTheEngineReact() async throws {
        let s = Scenarios.account(marginMode: .cross, positions: [Scenarios.long()])
        try await withExchange(manualConfig(scenario: s)) { ex in
            try ex.setMarkPrice(symbol: "BTCUSDT", "54000")
            let events = try ex.setMarginMode(.isolated)
            #expect(events.map(\.action) == [.liquidation])
            #expect(ex.testPosition()?.isOpen == false)
        }
    }
}
