import BybitAPI
import BybitStreams
import BybitWire
import Foundation
import PaperExchange
import Testing

@testable import BybitReplay

/// The replay driver and its in-process event feed against a real paper exchange (on
/// loopback, its clock the virtual one) and real price files.
@Suite struct EngineDriverTests {
    private static let t0: Int64 = 1_722_816_000_000

    /// A started exchange on a virtual clock and a driver over `rows` (`(seconds, symbol, mark)`).
    private struct Replay {
        let driver: ReplayDriver
        let exchange: PaperExchange
        let files: PriceFiles

        func close() {
            exchange.shutdownBlocking()
            files.remove()
        }
    }

    /// Runs `body` on a plain thread: the driver, the blocking start and the client's calls
    /// block, and on a test's task they would hold one of the concurrency pool's few threads,
    /// which the exchange's own server tasks need to answer (a deadlock on a 2-core machine).
    private func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    try body()
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }

    private static func replay(_ rows: [(Int64, String, String)]) throws -> Replay {
        let files = try PriceFiles()
        let text = "timestamp,symbol,markPrice\n" + rows.map { "\(Self.t0 + $0.0 * 1000),\($0.1),\($0.2)\n" }.joined()
        let path = try files.write("p.csv", text)
        let clock = VirtualClock(startMs: Self.t0)
        var config = PaperExchange.Configuration(apiKey: "k", apiSecret: "s")
        config.clock = clock
        config.autoplay = false
        let exchange = try PaperExchange.startBlocking(config)
        do {
            let source = try PriceSource(files: [path], candlePath: .standard, from: nil, to: nil)
            let driver = try ReplayDriver(
                source: source, clock: clock, exchange: exchange, apiKey: "k",
                trace: ReplayTrace(script: "t", seed: 1), speed: nil, stop: { false })
            return Replay(driver: driver, exchange: exchange, files: files)
        } catch {
            exchange.shutdownBlocking()
            files.remove()
            throw error
        }
    }

    @Test func sleepingAppliesEveryRowUpToTheWakeUpTimeThenEndsPastTheLast() async throws {
        try await onOwnThread {
            let r = try Self.replay([
                (0, "BTCUSDT", "60000"), (1, "ETHUSDT", "2990"), (2, "BTCUSDT", "59000"), (5, "BTCUSDT", "58000"),
            ])
            defer { r.close() }
            let (driver, exchange) = (r.driver, r.exchange)
            #expect(driver.sleep(milliseconds: 0))
            #expect(exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("60000"))
            #expect(driver.sleep(milliseconds: 2_500))
            #expect(driver.clock.nowMs() == Self.t0 + 2_500)
            #expect(exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("59000"))
            #expect(exchange.markPrice(symbol: "ETHUSDT") == ExactDecimal("2990"))
            #expect(exchange.serverTimeMs == Self.t0 + 2_500)  // the exchange reads the virtual clock
            #expect(driver.sleep(milliseconds: 2_500))  // wakes at the last row: still inside the history
            #expect(exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("58000"))
            #expect(!driver.sleep(milliseconds: 1))  // past it: the run's time is over
            #expect(!driver.sleep(milliseconds: 0))
            #expect(driver.ticksApplied == 4)
        }
    }

    @Test func theFeedGivesATickerPerSubscribedRowAndMovesToTheDeadline() async throws {
        try await onOwnThread {
            let r = try Self.replay([
                (0, "BTCUSDT", "60000"), (1, "ETHUSDT", "2990"), (2, "BTCUSDT", "59000"), (10, "BTCUSDT", "58000"),
            ])
            defer { r.close() }
            let (driver, exchange) = (r.driver, r.exchange)
            let client = BybitClient(
                configuration: BybitClientConfiguration(environment: try .custom(baseURL: exchange.baseURL, name: "t")),
                signer: Signer(apiKey: "k", hmacSecret: "s"))
            let feed = try ReplayEvents(
                driver: driver, subscription: StreamSubscription(tickers: [("BTCUSDT", .linear)]), client: client)
            guard case .ticker(let s1, let row1, _)? = feed.next(deadlineMs: nil) else {
                Issue.record("no first ticker")
                return
            }
            #expect(s1 == "BTCUSDT" && row1["markPrice"]?.stringValue == "60000.00")
            // ETHUSDT's row is applied (the exchange's mark moves) but is not this loop's event
            guard case .ticker(_, let row2, _)? = feed.next(deadlineMs: nil) else {
                Issue.record("no second ticker")
                return
            }
            #expect(row2["markPrice"]?.stringValue == "59000.00")
            #expect(exchange.markPrice(symbol: "ETHUSDT") == ExactDecimal("2990"))
            #expect(driver.clock.nowMs() == Self.t0 + 2_000)
            // a deadline before the next row: nil at the deadline, the row not applied
            #expect(feed.next(deadlineMs: Self.t0 + 5_000) == nil)
            #expect(driver.clock.nowMs() == Self.t0 + 5_000)
            #expect(exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("59000"))
            #expect(feed.next(deadlineMs: nil) != nil)
            // the end: this loop ends; a later wait ends the run
            #expect(feed.next(deadlineMs: nil) == nil)
            #expect(driver.sleep(milliseconds: 0))
            #expect(feed.next(deadlineMs: nil) == nil)
            #expect(driver.isOver)
            #expect(!driver.sleep(milliseconds: 0))
        }
    }

    @Test func aCrashWithoutMarginIsRecordedAsALiquidationAtItsVirtualTime() async throws {
        try await onOwnThread {
            // the default book's BTCUSDT long (10x at 60,000) is liquidated near 54,300
            let r = try Self.replay([(0, "BTCUSDT", "60000"), (60, "BTCUSDT", "56000"), (120, "BTCUSDT", "54000")])
            defer { r.close() }
            #expect(r.driver.sleep(milliseconds: 120_000))
            #expect(r.exchange.ledger.count(.liquidation) == 1)
            #expect(r.driver.trace.summaryText().contains("at 2024-08-05T00:02:00Z, mark 54000"))
        }
    }

    /// The driver reads rows ahead in batches (``ReadAhead``): every row still comes once,
    /// in order, across the batches' edges.
    @Test func rowsReadAheadAreAppliedOnceEachInOrderAcrossBatches() async throws {
        try await onOwnThread {
            let n = ReadAhead.rows * 2 + 7
            let r = try Self.replay((0..<n).map { (Int64($0), "BTCUSDT", $0 % 2 == 0 ? "60000" : "60010.5") })
            defer { r.close() }
            #expect(r.driver.sleep(milliseconds: Int64(ReadAhead.rows) * 1000 - 1))  // stops inside the first batch
            #expect(r.driver.ticksApplied == ReadAhead.rows)
            #expect(r.exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("60010.5"))
            let toLast = Self.t0 + Int64(n - 1) * 1000 - r.driver.clock.nowMs()  // wakes at the last row
            #expect(r.driver.sleep(milliseconds: toLast))
            #expect(r.driver.ticksApplied == n)
            #expect(r.exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("60000"))
            #expect(r.driver.trace.summaryText().contains("prices: \(n) ticks"))
            #expect(!r.driver.sleep(milliseconds: 1))
        }
    }

    /// A row that cannot be read mid-run (the file changed after it was checked) ends the
    /// run where it is, after every row before it, even when it was read ahead with them.
    @Test func aBadRowMidRunEndsTheRunAfterTheRowsBeforeIt() async throws {
        try await onOwnThread {
            let r = try Self.replay([(0, "BTCUSDT", "60000"), (1, "BTCUSDT", "59000"), (2, "BTCUSDT", "-5")])
            defer { r.close() }
            #expect(r.driver.sleep(milliseconds: 1_000))
            #expect(r.exchange.markPrice(symbol: "BTCUSDT") == ExactDecimal("59000"))
            #expect(!r.driver.sleep(milliseconds: 1_000))
            #expect(r.driver.ticksApplied == 2)
            #expect(r.driver.failure?.contains("p.csv:4: markPrice -5 must be greater than zero") == true)
            #expect(r.driver.isOver)
        }
    }
}
