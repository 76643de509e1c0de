import Testing

@testable import BybitAPI

/// `GET /v5/market/instruments-info`, which the Lua bindings ask for a symbol's category.
@Suite struct InstrumentsInfoWireTests {
    @Test func instrumentsArePublicUnsignedAndDecoded() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/market/instruments-info",
            .envelope(
                result:
                    #"{"category":"inverse","list":[{"symbol":"BTCUSD","contractType":"InversePerpetual","status":"Trading","baseCoin":"BTC","quoteCoin":"USD","settleCoin":"BTC","priceFilter":{"tickSize":"0.50"}}],"nextPageCursor":""}"#
            ))
        let list = try h.client.instruments(InstrumentsInfoRequest(category: .inverse, symbol: "BTCUSD"))
        let r = try #require(h.server.requests.first)
        #expect(r.query == "category=inverse&symbol=BTCUSD")
        #expect(r.signature == nil && r.headers.first(name: "X-BAPI-API-KEY") == nil)
        #expect(list.category == .inverse && list.nextPageCursor == nil)
        let btc = try #require(list.instruments.first)
        #expect(btc.symbol == "BTCUSD" && btc.settleCoin == "BTC" && btc.contractType == "InversePerpetual")
        #expect(btc.raw["priceFilter"]?["tickSize"]?.stringValue == "0.50")
    }

    @Test func badArgumentsAreRefusedBeforeSending() throws {
        let h = try Harness()
        defer { h.shutdown() }
        for request in [
            InstrumentsInfoRequest(category: "futures"), InstrumentsInfoRequest(category: .linear, symbol: "btcusdt"),
            InstrumentsInfoRequest(category: .linear, limit: 1001),
        ] {
            let error = expectBybitError { try h.client.instruments(request) }
            #expect(error?.kind == "validation")
        }
        #expect(h.server.requestCount == 0)
    }
}
