import Testing

@testable import BybitAPI

/// GET queries are built in insertion order and encoded once; the result is what is
/// signed and what is sent.
@Suite struct QueryStringTests {
    @Test func insertionOrderAndSkippedNils() {
        var q = QueryString()
        q.add("category", "linear")
        q.add("symbol", nil as String?)
        q.add("settleCoin", "USDT")
        q.add("limit", 50)
        #expect(String(decoding: q.bytes, as: UTF8.self) == "category=linear&settleCoin=USDT&limit=50")
        #expect(q.parameters["limit"] == .string("50"))
    }

    @Test func encodingKeepsCommasAndExistingEscapes() {
        var q = QueryString()
        q.add("coin", "USDT,USDC")
        q.add("cursor", "BTCUSDT%3A1657711949945%2CBTCUSDT")
        q.add("odd", "a b&c=d%zz%")
        #expect(
            String(decoding: q.bytes, as: UTF8.self)
                == "coin=USDT,USDC&cursor=BTCUSDT%3A1657711949945%2CBTCUSDT&odd=a%20b%26c%3Dd%25zz%25")
    }
}
