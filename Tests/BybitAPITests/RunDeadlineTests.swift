import Dispatch
import NIOConcurrencyHelpers
import Testing

@testable import BybitAPI

/// `runDeadline` (the runner's `--timeout`) and `replyMemoryAdmits` (its `--max-memory`)
/// plugged in where the interrupt is: a read stops waiting at the deadline and is not
/// re-sent, nothing is sent past it, a wait ends at it; a sent mutation is still waited
/// for. What a read holds before decoding is capped and offered to the caller's budget.
@Suite struct RunDeadlineTests {
    static let positions = PositionListRequest(symbol: "BTCUSDT")
    static let addMargin = AddMarginRequest(symbol: "BTCUSDT", margin: .d("10"))

    /// A deadline that passes once the exchange has the first request (so it cannot pass
    /// before the send on a loaded machine): none until then, 0 (long past) afterwards.
    static func passedOnceReceived(_ server: NIOLockedValueBox<TestExchange?>) -> @Sendable () -> UInt64? {
        { (server.withLockedValue { $0 }?.requestCount ?? 0) >= 1 ? 0 : nil }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    @Test(arguments: TransportChoice.all)
    func aReadWaitingForItsReplyStopsAtTheDeadlineAndIsNotResent(transport: TransportChoice) throws {
        let server = NIOLockedValueBox<TestExchange?>(nil)
        let h = try Harness {
            $0.transportChoice = transport
            $0.runDeadline = Self.passedOnceReceived(server)
        }
        defer { h.shutdown() }
        server.withLockedValue { $0 = h.server }
        h.server.script("/v5/position/list", .hang, .hang)
        let started = DispatchTime.now()

        let error = expectBybitError { try h.client.positions(Self.positions) }

        let seconds = Self.seconds(since: started)
        #expect(error?.kind == "timeout")
        #expect(
            error?.message.contains("time limit was reached while waiting for the reply") == true,
            "\(String(describing: error))")
        #expect(seconds < 5, "stopped after \(seconds) s; the read timeout is 10 s")
        #expect(h.server.requestCount == 1, "a read abandoned at the deadline is not re-sent")
    }

    /// The reply never comes: only the mutation's own read timeout (1.5 s) ends the wait,
    /// though the run's deadline passed as soon as it was sent, and the outcome is
    /// honestly unknown.
    @Test(arguments: TransportChoice.all)
    func aSentMutationIsWaitedForPastTheDeadline(transport: TransportChoice) throws {
        let server = NIOLockedValueBox<TestExchange?>(nil)
        let h = try Harness {
            $0.transportChoice = transport
            $0.readTimeout = 1_500
            $0.runDeadline = Self.passedOnceReceived(server)
        }
        defer { h.shutdown() }
        server.withLockedValue { $0 = h.server }
        h.server.script("/v5/position/add-margin", .hang)
        let started = DispatchTime.now()

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "outcome_unknown", "\(String(describing: error))")
        #expect(Self.seconds(since: started) >= 1.2, "the mutation was abandoned at the run's deadline")
        #expect(h.server.requestCount == 1)
    }

    @Test(arguments: TransportChoice.all)
    func nothingIsSentPastTheDeadline(transport: TransportChoice) throws {
        let h = try Harness {
            $0.transportChoice = transport
            $0.runDeadline = { Monotonic.now() - 1 }
        }
        defer { h.shutdown() }

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "timeout")
        #expect(
            error?.message.contains("before sending; nothing more was sent") == true, "\(String(describing: error))")
        #expect(h.server.requestCount == 0)
    }

    /// A 2 s wait for the rate limit with the deadline 500 ms (of the test clock) away
    /// sleeps those 500 ms and stops; the retry is not sent.
    @Test func aWaitForTheRateLimitEndsAtTheDeadline() throws {
        let clock = TestClock()
        let start = clock.now
        let h = try Harness(clock: clock) {
            $0.runDeadline = { Monotonic.now() + UInt64(max(0, 500 - (clock.now - start))) * 1_000_000 }
        }
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10006, retMsg: "Too many visits!",
                headers: InterruptTests.windowUsedUp(resettingAt: clock.now + 2_000)),
            .envelope(result: #"{"symbol":"BTCUSDT"}"#))

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "timeout")
        #expect(error?.message.contains("time limit was reached before retrying; nothing more was sent") == true)
        #expect(h.clock.sleeps == [500], "the 2 s wait ends at the deadline")
        #expect(h.server.requestCount == 1)
    }

    /// A list that never ends is followed for ``BybitClient/maxListPages`` pages, no more.
    @Test func aListIsFollowedForAtMostTheCappedPages() throws {
        let h = try Harness()
        defer { h.shutdown() }
        for n in 1...(BybitClient.maxListPages + 5) {
            h.server.script("/v5/position/list", .envelope(result: #"{"list":[],"nextPageCursor":"c\#(n)"}"#))
        }

        let error = expectBybitError { try h.client.positions(Self.positions) }

        #expect(error?.kind == "decoding")
        #expect(
            error?.message.contains("more than \(BybitClient.maxListPages) pages") == true,
            "\(String(describing: error))")
        #expect(h.server.requestCount == BybitClient.maxListPages)
    }

    /// The caller's budget is asked with what the call holds: each page's bytes added to
    /// the pages before it. Refused at the third page, the call reads nothing more.
    @Test func theCallersBudgetSeesThePagesAddUp() throws {
        let asked = NIOLockedValueBox<[Int]>([])
        let h = try Harness {
            $0.replyMemoryAdmits = { bytes in
                asked.withLockedValue {
                    $0.append(bytes)
                    return $0.count < 3
                }
            }
        }
        defer { h.shutdown() }
        for n in 1...5 {
            h.server.script("/v5/position/list", .envelope(result: #"{"list":[],"nextPageCursor":"c\#(n)"}"#))
        }

        let error = expectBybitError { try h.client.positions(Self.positions) }

        let sizes = asked.withLockedValue { $0 }
        #expect(error?.kind == "decoding")
        #expect(error?.message.contains("does not fit in the memory left") == true, "\(String(describing: error))")
        #expect(sizes.count == 3 && sizes[1] == 2 * sizes[0] && sizes[2] == 3 * sizes[0], "\(sizes)")
        #expect(h.server.requestCount == 3)
    }

    /// A mutation's reply says whether money moved: it is never refused for its size.
    @Test func aMutationsReplyIsNotOfferedToTheBudget() throws {
        let h = try Harness { $0.replyMemoryAdmits = { _ in false } }
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSDT"}"#))
        let position = try h.client.addMargin(Self.addMargin)
        #expect(position.symbol == "BTCUSDT")
    }
}
