import BybitAPI
import Testing

@testable import PaperExchange

/// The paper exchange's streams speak Bybit's messages on the REST port: pongs per
/// channel, subscribe replies echoing `req_id`, errors for unknown topics, a ticker
/// snapshot then deltas of the changed fields only.
@Suite struct StreamProtocolTests {
    @Test func publicChannelAnswersPingsSubscribesAndPushesSnapshotThenDeltas() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = StreamProbe(ex, "/v5/public/linear")
            defer { Task { await probe.close() } }
            await probe.send(#"{"req_id":"p1","op":"ping"}"#)
            let pong = try await probe.next()
            #expect(pong["success"] == true && pong["ret_msg"] == "pong" && pong["op"] == "ping")
            #expect(pong["req_id"] == "p1" && pong["conn_id"]?.stringValue?.isEmpty == false)

            // ccxt sends req_id as a number: it comes back as a number.
            await probe.send(streamRequest("subscribe", ["tickers.BTCUSDT"], reqID: 7))
            let ack = try await probe.next()
            #expect(
                ack
                    == .object([
                        ("success", true), ("ret_msg", ""), ("conn_id", ack["conn_id"]!), ("req_id", 7),
                        ("op", "subscribe"),
                    ]))
            let snapshot = try await probe.next()
            #expect(snapshot["topic"] == "tickers.BTCUSDT" && snapshot["type"] == "snapshot")
            #expect(snapshot["data"]?["markPrice"] == "60000.00" && snapshot["data"]?["fundingRate"] != nil)
            let cs0 = try #require(snapshot["cs"]?.intValue)
            #expect(snapshot["ts"]?.intValue == ex.serverTimeMs)

            try ex.setMarkPrice(symbol: "BTCUSDT", "58000")
            let delta = try await probe.next()
            #expect(delta["topic"] == "tickers.BTCUSDT" && delta["type"] == "delta")
            #expect(delta["data"]?["symbol"] == "BTCUSDT" && delta["data"]?["markPrice"] == "58000.00")
            #expect(delta["data"]?["fundingRate"] == nil, "an unchanged field is not in a delta")
            #expect(delta["data"]?["highPrice24h"] == nil && delta["data"]?["lowPrice24h"] == "58000.00")
            #expect(try #require(delta["cs"]?.intValue) > cs0)

            // Unknown topics and another category's symbols have no handler; nothing is subscribed.
            for bad in ["orderbook.1.BTCUSDT", "tickers.BTCUSD", "tickers.NOPE", "position"] {
                await probe.send(streamRequest("subscribe", ["tickers.ETHUSDT", bad], reqID: .string(bad)))
                let refused = try await probe.next()
                #expect(
                    refused["success"] == false && refused["req_id"] == .string(bad) && refused["op"] == "subscribe")
                #expect(refused["ret_msg"] == .string("error:handler not found,topic:" + bad))
            }
            await probe.send(streamRequest("unsubscribe", ["tickers.BTCUSDT"], reqID: "u"))
            #expect(try await probe.next()["op"] == "unsubscribe")
            try ex.setMarkPrice(symbol: "ETHUSDT", "2900")  // ETHUSDT was never subscribed
            try ex.setMarkPrice(symbol: "BTCUSDT", "57000")  // BTCUSDT no longer is
            await probe.send(#"{"req_id":"p2","op":"ping"}"#)
            #expect(try await probe.next()["req_id"] == "p2", "no push after unsubscribe or for other symbols")
        }
    }

    @Test func theIndexNamesTheStreamsAndEachAnswersAPing() async throws {
        try await withExchange(manualConfig()) { ex in
            let index = try await PaperClient(ex).raw(.GET, "/paper/")
            let paths = index.result["streams"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
            #expect(paths == ["/v5/public/linear", "/v5/private"])
            for path in ["/v5/public/linear", "/v5/public/inverse", "/v5/private?max_active_time=1m"] {
                let probe = StreamProbe(ex, path)
                await probe.send(#"{"op":"ping"}"#)
                let pong = try await probe.next()
                #expect(pong["ret_msg"] == "pong" || pong["op"] == "pong", "\(path)")
                await probe.close()
            }
            // Another path is not upgraded: the client's handshake fails, the REST API is untouched.
            let refused = StreamProbe(ex, "/v5/public/spot")
            #expect(await refused.nextArrival() == .closed)
        }
    }

    @Test func inverseChannelServesInverseTickers() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = StreamProbe(ex, "/v5/public/inverse")
            defer { Task { await probe.close() } }
            await probe.send(streamRequest("subscribe", ["tickers.BTCUSD"]))
            let ack = try await probe.next()
            #expect(ack["req_id"] == "", "public replies carry req_id even when none was sent")
            let snapshot = try await probe.next()
            #expect(snapshot["data"]?["markPrice"] == "60000.00")
        }
    }

    @Test func tickerDeltasComeAtMostEvery100msAndMergeWhatChangedMeanwhile() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = StreamProbe(ex, "/v5/public/linear")
            defer { Task { await probe.close() } }
            await probe.send(streamRequest("subscribe", ["tickers.BTCUSDT"]))
            _ = try await probe.next()
            _ = try await probe.next(topic: "tickers.BTCUSDT")
            // The first delta is sent after `start`, the second at least 100 ms after the first.
            let start = ContinuousClock.now
            try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            let first = try await probe.next(topic: "tickers.BTCUSDT")
            try ex.setMarkPrice(symbol: "BTCUSDT", "58000")
            try ex.setMarkPrice(symbol: "BTCUSDT", "61000")
            let second = try await probe.next(topic: "tickers.BTCUSDT")
            #expect(ContinuousClock.now - start >= .milliseconds(100))  // a lower bound: load only adds
            #expect(first["data"]?["markPrice"] == "59000.00")
            #expect(second["data"]?["markPrice"] == "61000.00", "58000 was merged into the later push")
            #expect(second["data"]?["lowPrice24h"] == "58000.00" && second["data"]?["highPrice24h"] == "61000.00")
        }
    }

    @Test func privateChannelAuthenticatesAndPushesAccountChanges() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = StreamProbe(ex, "/v5/private")
            defer { Task { await probe.close() } }
            await probe.send(streamRequest("subscribe", ["position"], reqID: "early"))
            let early = try await probe.next()
            #expect(
                early["success"] == false && early["ret_msg"] == "Request not authorized" && early["req_id"] == "early")

            await probe.send(authRequest(ex, secret: "WRONG"))
            let refused = try await probe.next()
            #expect(
                refused
                    == .object([
                        ("success", false), ("ret_msg", "Params Error"), ("op", "auth"),
                        ("conn_id", refused["conn_id"]!), ("req_id", "auth-1"),
                    ]))
            let past = ex.serverTimeMs - 1
            let sig = StreamAuth.hmacSignature(secret: ex.apiSecret, expires: String(past))
            await probe.send(
                .object([("op", "auth"), ("args", .array([.string(ex.apiKey), .int(past), .string(sig)]))]))
            #expect(try await probe.next()["ret_msg"] == "Params Error", "an expired auth is refused")
            await probe.send(authRequest(ex, expiresAsString: true))  // ccxt's form
            let ok = try await probe.next()
            #expect(ok["success"] == true && ok["ret_msg"] == "" && ok["op"] == "auth")

            await probe.send(#"{"req_id":"pp","op":"ping"}"#)
            let pong = try await probe.next()
            #expect(pong["op"] == "pong" && pong["req_id"] == "pp" && pong["args"]?[0]?.stringValue != nil)

            await probe.send(streamRequest("subscribe", ["position", "wallet", "position.inverse"], reqID: "s"))
            #expect(
                try await probe.next()
                    == .object([
                        ("success", true), ("ret_msg", ""), ("conn_id", ok["conn_id"]!), ("req_id", "s"),
                        ("op", "subscribe"),
                    ]))

            let client = PaperClient(ex)
            let added = try await client.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"250"}"#)
            #expect(added.retCode == 0)
            let position = try await probe.next(topic: "position")
            #expect(position["id"]?.stringValue != nil && position["creationTime"]?.intValue != nil)
            let row = try #require(position["data"]?[0])
            #expect(position["data"]?.arrayValue?.count == 1)
            #expect(row["symbol"] == "BTCUSDT" && row["category"] == "linear" && row["entryPrice"] == "60000")
            #expect(row["positionIM"] == added.result["positionIM"] && row["liqPrice"] == added.result["liqPrice"])
            let wallet = try await probe.next(topic: "wallet")
            #expect(wallet["data"]?[0]?["accountType"] == "UNIFIED")
            let rest = try await client.get("/v5/account/wallet-balance", "accountType=UNIFIED")
            #expect(wallet["data"]?[0] == rest.result["list"]?[0], "the pushed wallet is the REST object")

            // position.inverse sees only inverse positions.
            _ = try await client.post(
                "/v5/position/add-margin", #"{"category":"inverse","symbol":"BTCUSD","margin":"0.01"}"#)
            let inverse = try await probe.next(topic: "position.inverse")
            #expect(inverse["data"]?[0]?["symbol"] == "BTCUSD")
        }
    }
}
