import BybitStreams
import BybitWire
import Testing

/// Connections that die: a missing pong, a dropped socket. The hub reconnects, logs in
/// again with a fresh expiry, resubscribes, re-reads positions and wallet over REST, and
/// then says `reconnected`.
@Suite struct ReconnectTests {
    @Test func pongsKeepTheConnectionAndAMissingPongEndsIt() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)])).get()
        #expect(await h.next()?.label == "ticker BTCUSDT")
        // Answered pings: five of them and still the first connection.
        let path = "/v5/public/linear"
        let pinged = await onThread { server.state.wait { ($0.pings[path] ?? 0) >= 5 } }
        #expect(pinged)
        #expect(server.state.seen.connections[path] == 1)

        // The first connection stops answering (the one after it answers again).
        server.state.update { $0.silentUpTo[path] = 1 }
        let events = await h.events { $0.contains { $0.label == "reconnected linear" } }
        #expect(events.map(\.label).last == "reconnected linear")
        #expect(server.state.seen.connections[path] == 2)
        #expect(server.state.seen.subscribes[path] == [["tickers.BTCUSDT"], ["tickers.BTCUSDT"]])
        // The resubscribed feed's snapshot follows.
        #expect(await h.next()?.label == "ticker BTCUSDT")
        await server.shutdown()
    }

    @Test func aDroppedPrivateStreamLogsInAgainResubscribesAndReReadsOverREST() async throws {
        let server = try await ScriptedStreamServer.start()
        server.state.setPositions([AccountLogTests.position("BTCUSDT", size: "1", seq: 0)])
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(positions: true, wallet: true)).get()
        let seed = await h.events { $0.count == 1 }
        #expect(seed.first?.payload?["size"] == .string("1"))
        let readsAtStart = server.state.seen.restReads

        // While the stream is down the position changes: only the REST re-read can tell.
        server.state.setPositions([AccountLogTests.position("BTCUSDT", size: "3", seq: 0)])
        server.drop("/v5/private")
        let events = await h.events { $0.last?.label == "reconnected private" }
        #expect(events.map(\.label) == ["position", "reconnected private"])
        #expect(events.first?.payload?["size"] == .string("3"))

        let seen = server.state.seen
        #expect(seen.connections["/v5/private"] == 2)
        #expect(seen.subscribes["/v5/private"] == [["position", "wallet"], ["position", "wallet"]])
        #expect(seen.restReads["position"] == 2 * (readsAtStart["position"] ?? 0))
        #expect(seen.restReads["wallet"] == 2)
        // A fresh login: a later expiry and another signature (both accepted by the server's HMAC check).
        let logins = seen.authFrames.compactMap { try? JSONValue(parsing: $0) }
        #expect(logins.count == 2)
        if logins.count == 2 {
            #expect((logins[1]["args"]?[1]?.intValue ?? 0) > (logins[0]["args"]?[1]?.intValue ?? 0))
            #expect(logins[1]["args"]?[2] != logins[0]["args"]?[2])
        }
        // Neither the secret nor any signature in what the hub logged or produced.
        let signatures = logins.compactMap { $0["args"]?[2]?.stringValue }
        let produced = h.log.all + (seed + events).map { "\($0)" }
        for text in produced {
            #expect(!text.contains(ScriptedStreamServer.secret))
            for s in signatures { #expect(!text.contains(s)) }
        }
        #expect(h.log.all.contains { $0.contains("stream private lost") })
        await server.shutdown()
    }
}
