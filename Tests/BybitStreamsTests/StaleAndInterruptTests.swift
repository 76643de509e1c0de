import BybitStreams
import Foundation
import NIOConcurrencyHelpers
import Testing

/// `stale` once per silence of a ticker feed, and a waiting `next` ended by a stop.
@Suite struct StaleAndInterruptTests {
    @Test func aSilentFeedIsStaleOncePerSilence() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)], staleAfterMs: 300)).get()
        // The snapshot (on a loaded machine it can come late enough to be reported stale
        // first: the silence then counts from the start).
        let first = await h.events { $0.contains { $0.label == "ticker BTCUSDT" } }
        #expect(first.last?.label == "ticker BTCUSDT")
        #expect(first.dropLast().allSatisfy { $0.label == "stale linear" })
        // A fresh tick starts a new silence, reported once.
        server.pushDelta("BTCUSDT", [("markPrice", "100.25")])
        let fresh = await h.events { $0.contains { $0.label == "ticker BTCUSDT" } }
        #expect(fresh.last?.label == "ticker BTCUSDT")
        guard case .stale("linear", let silentMs) = await h.next() else {
            Issue.record("no stale event")
            return
        }
        #expect(silentMs >= 300)
        // The same silence is not reported again.
        #expect(await h.next(within: 900) == nil)

        // The next tick ends that silence; the one after it is reported again (once, before
        // or after the tick is taken, depending on how late this thread runs).
        server.pushDelta("BTCUSDT", [("markPrice", "100.5")])
        let after = await h.events { list in
            list.contains { $0.label == "ticker BTCUSDT" } && list.contains { $0.label == "stale linear" }
        }
        #expect(after.filter { $0.label == "ticker BTCUSDT" }.count == 1)
        #expect(after.filter { $0.label == "stale linear" }.count == 1)
        await server.shutdown()
    }

    /// A `next` waiting with a distant deadline returns nil once its stop check says so,
    /// from the explicit `stop`, from the client's interrupt (the runner's Ctrl-C check),
    /// and from `hub.stop()` on another thread.
    @Test func aWaitingNextEndsOnEachStop() async throws {
        let server = try await ScriptedStreamServer.start()
        let interrupted = NIOLockedValueBox(false)
        let h = try HubHarness(baseURL: server.baseURL, interrupt: { interrupted.withLockedValue { $0 } })
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)], staleAfterMs: 600_000)).get()
        #expect(await h.next()?.label == "ticker BTCUSDT")
        let hub = h.hub
        let clock = h.client.configuration.clock

        func waitEnded(by trigger: @escaping @Sendable () -> Void, stop: (@Sendable () -> Bool)?) async -> (
            StreamEvent?, Int64
        ) {
            await onThread {
                let started = clock.now()
                Thread.detachNewThread(trigger)
                let e = hub.next(deadlineMs: started + 120_000, stop: stop)
                return (e, clock.now() - started)
            }
        }

        let flag = NIOLockedValueBox(false)
        let (a, aMs) = await waitEnded(
            by: { flag.withLockedValue { $0 = true } }, stop: { flag.withLockedValue { $0 } })
        #expect(a == nil && aMs < 60_000)
        let (b, bMs) = await waitEnded(by: { interrupted.withLockedValue { $0 = true } }, stop: nil)
        #expect(b == nil && bMs < 60_000)
        interrupted.withLockedValue { $0 = false }
        let (c, cMs) = await waitEnded(by: { hub.stop() }, stop: nil)
        #expect(c == nil && cMs < 60_000)
        await server.shutdown()
    }
}

extension StaleAndInterruptTests {
    /// A quiet account is not stale (pongs keep it heard); a private stream that is down and
    /// cannot come back is, after the ping interval plus the pong timeout (here 5.1 s).
    @Test func thePrivateFeedIsStaleOnlyWhileItIsDown() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(orders: true, staleAfterMs: 100)).get()
        let pinged = await onThread { server.state.wait { ($0.pings["/v5/private"] ?? 0) >= 8 } }
        #expect(pinged)
        #expect(await h.next(within: 1) == nil, "800 ms of answered pings and no account change: not stale")

        server.state.update { $0.refuseUpgrades = true }
        server.drop("/v5/private")
        guard case .stale("private", let silentMs) = await h.next() else {
            Issue.record("no stale private")
            return
        }
        #expect(silentMs >= 500)
        #expect((server.state.seen.connections["/v5/private"] ?? 0) == 1, "reconnects were refused")
        await server.shutdown()
    }
}
