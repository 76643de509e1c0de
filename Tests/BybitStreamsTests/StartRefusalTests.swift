import BybitAPI
import BybitStreams
import BybitWire
import Foundation
import LoopbackSupport
import NIOConcurrencyHelpers
import Testing

/// What `start` refuses: credentials the exchange rejects (`auth`), a symbol it does not
/// know, and input it never sends; never the secret or the signature in the error.
@Suite struct StartRefusalTests {
    @Test func refusedCredentialsAreAnAuthErrorWithoutSecretOrSignature() async throws {
        let server = try await ScriptedStreamServer.start()
        for wrongSecret in [false, true] {
            server.state.update { $0.refuseAuth = !wrongSecret }
            let h = try HubHarness(
                baseURL: server.baseURL, secret: wrongSecret ? "not-the-secret-91" : ScriptedStreamServer.secret)
            let result = await h.start(StreamSubscription(positions: true))
            h.close()
            guard case .failure(let error) = result else {
                Issue.record("start succeeded")
                continue
            }
            #expect(error.kind == "auth")
            #expect(error.message.contains("Params Error"))
            let signatures = server.state.seen.authFrames.compactMap {
                (try? JSONValue(parsing: $0))?["args"]?[2]?.stringValue
            }
            #expect(!signatures.isEmpty)
            for text in h.log.all + [error.description] {
                #expect(!text.contains(ScriptedStreamServer.secret) && !text.contains("not-the-secret-91"))
                for s in signatures { #expect(!text.contains(s)) }
            }
        }
        await server.shutdown()
    }

    @Test func anUnknownSymbolIsRefused() async throws {
        let server = try await ScriptedStreamServer.start()
        server.state.update { $0.unknownSymbols = ["NOPEUSDT"] }
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        let result = await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear), ("NOPEUSDT", .linear)]))
        guard case .failure(let error) = result else {
            Issue.record("start succeeded")
            return
        }
        #expect(error.kind == "validation")
        #expect(error.message.contains("tickers.NOPEUSDT"))
        await server.shutdown()
    }

    @Test func badInputIsRefusedBeforeAnyConnection() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        let cases: [(StreamSubscription, String)] = [
            (StreamSubscription(tickers: [("BTCUSDT", .spot)]), "linear or inverse"),
            (StreamSubscription(tickers: [("btcusdt", .linear)]), "upper"),
            (StreamSubscription(), "nothing to subscribe"),
            (StreamSubscription(tickers: [("BTCUSDT", .linear)], staleAfterMs: 0), "staleAfterMs"),
            (
                StreamSubscription(tickers: (1...1_500).map { ("S\($0)USDT", Category.linear) }),
                "Bybit allows 21000"
            ),
        ]
        for (subscription, words) in cases {
            guard case .failure(let error) = await h.start(subscription) else {
                Issue.record("accepted: \(words)")
                continue
            }
            #expect(error.kind == "validation")
            #expect(error.message.contains(words), "\(error.message)")
        }
        // No credentials, no private topics.
        let anonymous = BybitClient(environment: try .custom(baseURL: server.baseURL), signer: nil)
        defer { anonymous.shutdown() }
        #expect(throws: BybitError.self) { try StreamHub(client: anonymous).start(StreamSubscription(orders: true)) }
        #expect(server.state.seen.connections.isEmpty)
        await server.shutdown()
    }

    @Test func aServerThatIsNotThereIsANetworkError() async throws {
        // Held, bound and never listening: a port released by a server that shut down
        // could be given to another test's server meanwhile (seen in a full CI run).
        let refused = try RefusedPort()
        // What is checked is the kind, not the speed: in full runs on two loaded cores the
        // refusal came back after the 10 s handshake bound (three CI runs said `timeout`;
        // alone it takes 36 ms), so the bound is out of its way here.
        var timings = HubHarness.fast
        timings.handshakeTimeoutMs = 120_000
        let h = try HubHarness(baseURL: "http://127.0.0.1:\(refused.port)", timings: timings)
        defer { h.close() }
        guard case .failure(let error) = await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)])) else {
            Issue.record("start succeeded")
            return
        }
        #expect(error.kind == "network")
        #expect(error.message.contains("linear"))
        withExtendedLifetime(refused) {}
    }
}

extension StartRefusalTests {
    /// A local clock 20 s behind makes the first login's expiry already past (refused);
    /// the hub measures the clock over REST once and logs in again, accepted.
    @Test func aLoginRefusedForAClockBehindIsRetriedOnceAfterMeasuringTheClock() async throws {
        let server = try await ScriptedStreamServer.start()
        let behind = BybitClock(now: { BybitClock.system.now() - 20_000 }, sleep: BybitClock.system.sleep)
        let h = try HubHarness(baseURL: server.baseURL, clock: behind)
        defer { h.close() }
        try await h.start(StreamSubscription(orders: true)).get()
        let seen = server.state.seen
        #expect(seen.authFrames.count == 2)
        #expect(seen.restReads["time"] == 1)
        #expect(seen.subscribes["/v5/private"] == [["order"]])
        await server.shutdown()
    }
}

extension StartRefusalTests {
    /// Subscriptions never acknowledged: `start` gives up after the handshake bound
    /// (`timeout`), or at once when the run is interrupted meanwhile (`network`).
    @Test func unansweredSubscriptionsTimeOutOrAreInterrupted() async throws {
        let server = try await ScriptedStreamServer.start()
        server.state.update { $0.ignoreSubscribes = true }
        var timings = HubHarness.fast
        timings.handshakeTimeoutMs = 300
        let h = try HubHarness(baseURL: server.baseURL, timings: timings)
        guard case .failure(let error) = await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)])) else {
            Issue.record("start succeeded")
            return
        }
        h.close()
        #expect(error.kind == "timeout")

        let interrupted = NIOLockedValueBox(false)
        // A handshake bound far beyond any load, so only the interrupt can end this start.
        var patientTimings = HubHarness.fast
        patientTimings.handshakeTimeoutMs = 120_000
        let patient = try HubHarness(
            baseURL: server.baseURL, timings: patientTimings, interrupt: { interrupted.withLockedValue { $0 } })
        defer { patient.close() }
        let state = server.state
        // The first hub may have timed out before its subscription arrived (a loaded
        // machine and a 300 ms bound), so count from what the server has seen so far.
        let before = state.seen.subscribes["/v5/public/linear"]?.count ?? 0
        Thread.detachNewThread {
            // Interrupt once the subscription has reached the server (and gone unanswered).
            if state.wait(timeoutMs: 110_000, until: { ($0.subscribes["/v5/public/linear"]?.count ?? 0) > before }) {
                interrupted.withLockedValue { $0 = true }
            }
        }
        let clock = patient.client.configuration.clock
        let started = clock.now()
        guard case .failure(let stopped) = await patient.start(StreamSubscription(tickers: [("BTCUSDT", .linear)]))
        else {
            Issue.record("start succeeded")
            return
        }
        #expect(stopped.kind == "network" && stopped.message.contains("interrupted"))
        #expect(clock.now() - started < 100_000, "well before the 120 s handshake bound")
        await server.shutdown()
    }
}
