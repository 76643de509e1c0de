import BybitAPI
import Foundation
import Testing

@testable import PaperExchange

/// The project's own client (`BybitAPI.BybitClient`, branch `api`) pointed at the paper
/// exchange: the path every paper-mode script takes. The client blocks its calling thread
/// (it serves the Lua thread), so each test drives it from a plain `Thread`.
@Suite struct ProjectClientTests {
    func client(_ ex: PaperExchange) throws -> BybitClient {
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: ex.baseURL, name: "paper"))
        config.readTimeout = 30_000  // two suites at once on two cores once took over 5 s
        return BybitClient(configuration: config, signer: Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret))
    }

    @Test func everyEndpointWorksThroughTheProjectClient() async throws {
        try await withExchange { ex in
            let client = try client(ex)
            defer { client.shutdown() }
            let summary: String = try await onThread {
                let time = try client.serverTime()
                let before = try client.positions(PositionListRequest(category: .linear, symbol: "BTCUSDT"))
                let added = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("25.5")))
                _ = try client.setAutoAddMargin(SetAutoAddMarginRequest(symbol: "BTCUSDT", autoAddMargin: true))
                let after = try client.positions(PositionListRequest(category: .linear, settleCoin: "USDT"))
                let inverse = try client.positions(PositionListRequest(category: .inverse))
                let ticker = try client.tickers(TickersRequest(category: .linear, symbol: "BTCUSDT"))
                let wallet = try client.walletBalance()
                let info = try client.accountInfo()
                return [
                    "\(time.timeSecond > 0)",
                    before.positions.first?.liqPrice?.description ?? "-",
                    added.positionIM?.description ?? "-", added.liqPrice?.description ?? "-",
                    "\(after.positions.count)",
                    "\(after.positions.first { $0.symbol == "BTCUSDT" }?.autoAddMargin ?? false)",
                    inverse.positions.first?.symbol ?? "-",
                    ticker.tickers.first?.markPrice?.description ?? "-",
                    "\(wallet.accounts.first?.coins.count ?? 0)", info.marginMode ?? "-",
                ].joined(separator: " ")
            }
            #expect(summary == "true 54300.00 6025.5 54274.50 2 true BTCUSD 60000.00 2 ISOLATED_MARGIN")
            #expect(ex.ledger.count(.addMargin) == 1)
        }
    }

    @Test func businessErrorsArriveAsApiErrorsWithBybitsCode() async throws {
        try await withExchange { ex in
            let client = try client(ex)
            defer { client.shutdown() }
            let error: BybitError? = try await onThread { () -> BybitError? in
                do {
                    _ = try client.addMargin(AddMarginRequest(symbol: "SOLUSDT", margin: dec("10")))
                    return nil
                } catch {
                    return error as? BybitError
                }
            }
            #expect(error?.kind == "api")
            #expect(error?.code == 110033)
        }
    }

    @Test func aDroppedConnectionAfterApplyingIsOutcomeUnknownAndAppliedOnce() async throws {
        try await withExchange { ex in
            let client = try client(ex)
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(dropConnection: .next(1), paths: ["/v5/position/add-margin"]))
            let error: BybitError? = try await onThread { () -> BybitError? in
                do {
                    _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("10")))
                    return nil
                } catch {
                    return error as? BybitError
                }
            }
            #expect(error?.kind == "outcome_unknown")
            #expect(ex.faults.fired.dropConnection == 1)
            #expect(ex.ledger.count(.addMargin) == 1)  // applied exactly once, never re-sent
            #expect(ex.testPosition(key: ex.apiKey)?.extraMargin == dec("10"))
        }
    }

    @Test func serverError10016IsOutcomeUnknownAndNotRetried() async throws {
        try await withExchange { ex in
            let client = try client(ex)
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(serverError: .next(1), paths: ["/v5/position/add-margin"]))
            let error: BybitError? = try await onThread { () -> BybitError? in
                do {
                    _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("10")))
                    return nil
                } catch {
                    return error as? BybitError
                }
            }
            #expect(error?.kind == "outcome_unknown")
            #expect(error?.code == 10016)
            #expect(ex.ledger.count(.addMargin) == 1)
        }
    }

    @Test func clockSkewIsRecoveredByResyncingOn10002() async throws {
        try await withExchange { ex in
            let client = try client(ex)
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(clockSkewMs: -60_000))  // the exchange runs a minute behind
            let im: String = try await onThread {
                try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("1"))).positionIM?.description
                    ?? "-"
            }
            #expect(im == "6001")
            #expect(ex.ledger.count(.addMargin) == 1)
        }
    }
}

/// Runs blocking work on a dedicated thread and awaits its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        Thread {
            do {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }.start()
    }
    return try result.get()
}
