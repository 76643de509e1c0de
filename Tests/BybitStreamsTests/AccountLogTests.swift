import BybitStreams
import BybitWire
import Testing

/// The private stream: positions and wallet read over REST at start, then every pushed
/// row in the order pushed, none dropped, whatever the tickers do meanwhile.
@Suite struct AccountLogTests {
    static func position(_ symbol: String, size: String, seq: Int64) -> JSONValue {
        .object([
            ("category", .string("linear")), ("symbol", .string(symbol)), ("size", .string(size)),
            ("side", .string("Buy")), ("positionIdx", .int(0)), ("seq", .int(seq)),
        ])
    }

    @Test func restSeedThenEveryPushInOrderNoneDropped() async throws {
        let server = try await ScriptedStreamServer.start()
        server.state.setPositions([Self.position("BTCUSDT", size: "0.5", seq: 0)])
        server.state.setWallet([.object([("accountType", .string("UNIFIED")), ("totalEquity", .string("1000.25"))])])
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(
            StreamSubscription(
                tickers: [("BTCUSDT", .linear)], positions: true, wallet: true, orders: true, executions: true)
        ).get()
        #expect(server.state.seen.subscribes["/v5/private"] == [["position", "wallet", "order", "execution"]])

        // 40 pushes of 1-3 rows each across the four topics, tickers pushed in between.
        var expected: [String] = []
        var seq: Int64 = 0
        for n in 1...40 {
            let topic = ["position", "order", "execution", "wallet"][n % 4]
            var rows: [JSONValue] = []
            for _ in 0..<(1 + n % 3) {
                seq += 1
                rows.append(.object([("symbol", .string("BTCUSDT")), ("seq", .int(seq))]))
                expected.append("\(topic) \(seq)")
            }
            server.pushAccount(topic, rows, id: "m\(n)")
            server.pushDelta("BTCUSDT", [("markPrice", "100.\(n)")])
        }

        var account: [String] = []
        var seeded: [StreamEvent] = []
        while account.count < expected.count, let e = await h.next() {
            guard let payload = e.payload else { continue }
            if let seq = payload["seq"]?.intValue, seq > 0 {
                account.append("\(e.label) \(seq)")
            } else {
                #expect(account.isEmpty, "the REST seed comes before every push")
                seeded.append(e)
            }
        }
        #expect(account == expected)
        #expect(seeded.map(\.label) == ["position", "wallet"])
        #expect(seeded.first?.payload?["size"] == .string("0.5"))
        #expect(seeded.last?.payload?["totalEquity"] == .string("1000.25"))
        await server.shutdown()
    }
}
