import Dispatch
import NIOConcurrencyHelpers
import Testing

@testable import BybitAPI

/// `interruptRequested` (the runner's Ctrl-C): a read stops waiting for its reply, a wait
/// between attempts ends and the next attempt is not sent; a mutation that was sent is
/// still waited for, so its outcome is known or honestly `outcome_unknown`.
@Suite struct InterruptTests {
    static let positions = PositionListRequest(symbol: "BTCUSDT")
    static let addMargin = AddMarginRequest(symbol: "BTCUSDT", margin: .d("10"))

    @Test(arguments: TransportChoice.all)
    func aReadWaitingForItsReplyStopsAndIsNotResent(transport: TransportChoice) throws {
        // Ctrl-C once the exchange holds the read: the interrupt cannot come too early.
        let server = NIOLockedValueBox<TestExchange?>(nil)
        let h = try Harness {
            $0.transportChoice = transport
            $0.interruptRequested = { (server.withLockedValue { $0 }?.requestCount ?? 0) >= 1 }
        }
        defer { h.shutdown() }
        server.withLockedValue { $0 = h.server }
        h.server.script("/v5/position/list", .hang, .hang)
        let started = DispatchTime.now()

        let error = expectBybitError { try h.client.positions(Self.positions) }

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        #expect(error?.kind == "network")
        #expect(
            error?.message.contains("interrupted while waiting for the reply") == true, "\(String(describing: error))")
        #expect(seconds < 5, "stopped after \(seconds) s; the read timeout is 10 s")
        #expect(h.server.requestCount == 1, "an interrupted read is not re-sent")
    }

    @Test(arguments: TransportChoice.all)
    func aSentMutationIsWaitedForEvenWhenInterrupted(transport: TransportChoice) throws {
        let h = try Harness {
            $0.transportChoice = transport
            $0.readTimeout = 500
            $0.interruptRequested = { true }  // Ctrl-C already pressed
        }
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .hang)

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        // It went out, so only its read timeout ended the wait: the outcome is unknown.
        #expect(error?.kind == "outcome_unknown")
        #expect(h.server.requestCount == 1)
    }

    /// Rate-limit headers saying the window has nothing left until `resetAt` (ms).
    static func windowUsedUp(resettingAt resetAt: Int64) -> [(String, String)] {
        [("X-Bapi-Limit", "10"), ("X-Bapi-Limit-Status", "0"), ("X-Bapi-Limit-Reset-Timestamp", "\(resetAt)")]
    }

    @Test func aWaitForTheRateLimitEndsAndTheRetryIsNotSent() throws {
        let stop = NIOLockedValueBox(false)
        let h = try Harness { $0.interruptRequested = { stop.withLockedValue { $0 } } }
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10006, retMsg: "Too many visits!",
                headers: Self.windowUsedUp(resettingAt: h.clock.now + 2_000)),
            .envelope(result: #"{"symbol":"BTCUSDT"}"#))
        h.clock.whenSleeping { n in if n == 3 { stop.withLockedValue { $0 = true } } }

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "network")
        #expect(error?.message.contains("interrupted before retrying; nothing more was sent") == true)
        #expect(h.clock.sleeps == [100, 100, 100], "the 2 s wait is sliced and ends at the interrupt")
        #expect(h.server.requestCount == 1)
    }

    @Test func aCallWaitingForTheRateLimitBeforeItsFirstSendIsNotSent() throws {
        let stop = NIOLockedValueBox(false)
        let h = try Harness { $0.interruptRequested = { stop.withLockedValue { $0 } } }
        defer { h.shutdown() }
        // The first call is accepted but leaves nothing in a window that resets in 2 s.
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                result: #"{"symbol":"BTCUSDT"}"#,
                headers: Self.windowUsedUp(resettingAt: h.clock.now + 2_000)))
        _ = try h.client.addMargin(Self.addMargin)
        h.clock.whenSleeping { n in if n == 2 { stop.withLockedValue { $0 = true } } }

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "network")
        #expect(
            error?.message.contains("interrupted before sending; nothing more was sent") == true,
            "\(String(describing: error))")
        #expect(h.clock.sleeps == [100, 100])
        #expect(h.server.requestCount == 1, "the second call never left")
    }

    @Test func withoutAnInterruptCheckAWaitIsOneSleep() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10006, retMsg: "Too many visits!",
                headers: [("X-Bapi-Limit-Status", "0"), ("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now + 2_000)")]),
            .envelope(result: #"{"symbol":"BTCUSDT"}"#))
        _ = try h.client.addMargin(Self.addMargin)
        #expect(h.clock.sleeps == [2_000])
        #expect(h.server.requestCount == 2)
    }
}
