import BybitAPI
import Foundation
import Testing

/// `BybitClient.klineHistory` against a raw loopback server: pages of at most 1,000
/// candles (Bybit's limit), each asked with `limit=1000`, rows handed over oldest first
/// without a repeat (the server also returns the candle containing `start`, as Bybit does),
/// the still-open candle left out, and a short pause between pages.
@Suite struct KlineHistoryTests {
    /// 2024-08-05T00:00:00Z.
    static let t0: Int64 = 1_722_816_000_000

    /// The query of an HTTP request line, as a dictionary.
    static func query(_ request: String) -> [String: String] {
        let target = request.split(separator: " ").dropFirst().first ?? ""
        let q = target.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    /// One-minute candles from the one containing `start` to `end`, newest first; prices
    /// encode the minute so a test can tell rows apart.
    static func reply(_ request: String) -> RawServer.Reply {
        let q = query(request)
        let start = Int64(q["start"] ?? "0")! / 60_000 * 60_000
        let end = Int64(q["end"] ?? "0")!
        var rows: [String] = []
        var t = end / 60_000 * 60_000
        while t >= start, rows.count < Int(q["limit"] ?? "200")! {
            let minute = (t - t0) / 60_000
            rows.append("[\"\(t)\",\"\(minute).5\",\"\(minute + 1)\",\"\(minute)\",\"\(minute).25\"]")
            t -= 60_000
        }
        let body =
            "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"symbol\":\"BTCUSDT\",\"category\":\"linear\",\"list\":["
            + rows.joined(separator: ",") + "]},\"retExtInfo\":{},\"time\":\(t0)}"
        return RawServer.Reply(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
    }

    @Test func pagesOfAThousandComeOutOldestFirstWithoutTheOpenCandle() throws {
        let server = try RawServer { _, request in Self.reply(request) }
        defer { server.shutdown() }
        // Now is half-way through minute 2,500: minute 2,500's candle is still open.
        let clock = TestClock(start: Self.t0 + 2500 * 60_000 + 30_000)
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: "http://127.0.0.1:\(server.port)", name: "raw"))
        config.clock = clock.bybitClock
        config.logger = LogCapture.logger(LogCapture.Lines())
        let client = BybitClient(configuration: config, signer: nil)
        defer { client.shutdown() }

        var rows: [Kline] = []
        let request = KlinesRequest(mark: true, symbol: "BTCUSDT", interval: "1")
        try client.klineHistory(request, from: Self.t0 + 30_000, to: Self.t0 + 3000 * 60_000) { rows.append($0) }

        // Minute 0 contains `from` but starts before it; minutes 1...2499 are closed.
        #expect(rows.map(\.startTime) == (1..<2500).map { Self.t0 + Int64($0) * 60_000 })
        #expect(rows.first?.values == ["1.5", "2", "1", "1.25"])
        let pages = server.requests.map(Self.query)
        #expect(pages.count == 3)
        for page in pages {
            #expect(page["limit"] == "1000")
            #expect(page["symbol"] == "BTCUSDT" && page["interval"] == "1")
            #expect(Int64(page["end"]!)! - Int64(page["start"]!)! < 1000 * 60_000)
        }
        #expect(server.requests.allSatisfy { $0.hasPrefix("GET /v5/market/mark-price-kline?") })
        #expect(clock.sleeps == [10, 10])
    }

    @Test func aBadIntervalOrSymbolIsRefusedBeforeSending() throws {
        let server = try RawServer { _, request in Self.reply(request) }
        defer { server.shutdown() }
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: "http://127.0.0.1:\(server.port)", name: "raw"))
        config.logger = LogCapture.logger(LogCapture.Lines())
        let client = BybitClient(configuration: config, signer: nil)
        defer { client.shutdown() }
        let interval = expectBybitError {
            try client.klineHistory(
                KlinesRequest(mark: false, symbol: "BTCUSDT", interval: "2"), from: Self.t0, to: Self.t0 + 60_000
            ) { _ in }
        }
        #expect(interval?.kind == "validation")
        #expect(interval?.message.contains("interval") == true)
        let symbol = expectBybitError {
            try client.klines(KlinesRequest(mark: false, symbol: "btc usdt", interval: "1"))
        }
        #expect(symbol?.kind == "validation")
        #expect(server.requests.isEmpty)
    }
}
