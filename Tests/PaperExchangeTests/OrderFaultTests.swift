import AsyncHTTPClient
import BybitAPI
import Testing

@testable import PaperExchange

/// The fault plan covers the order routes as it covers add-margin (the responder applies
/// it to every `/v5/` path): after-apply faults leave the order placed, and the ledger and
/// a re-send with the same `orderLinkId` (110072) prove it was placed exactly once.
@Suite struct OrderFaultTests {
    static let path = "/v5/order/create"

    enum Kind: String, CaseIterable { case drop, serverError, badGateway }

    static func plan(_ kind: Kind) -> FaultPlan {
        switch kind {
        case .drop: return FaultPlan(dropConnection: .next(1), paths: [path])
        case .serverError: return FaultPlan(serverError: .next(1), paths: [path])
        case .badGateway: return FaultPlan(badGateway: .next(1), paths: [path])
        }
    }

    @Test(arguments: Kind.allCases)
    func afterApplyFaultsLeaveExactlyOneOrder(_ kind: Kind) async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let trials = 20
            for i in 0..<trials {
                let link = "fault-\(kind.rawValue)-\(i)"
                let body =
                    #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.001","reduceOnly":true,"orderLinkId":"\#(link)"}"#
                ex.faults.set(Self.plan(kind))
                switch kind {
                case .drop:
                    await #expect(throws: HTTPClientError.self) { _ = try await c.post(Self.path, body) }
                case .serverError:
                    #expect(try await c.post(Self.path, body).retCode == 10016)
                case .badGateway:
                    #expect(try await c.post(Self.path, body).status == 502)
                }
                // The client cannot know; re-sending the same orderLinkId is safe.
                let again = try await c.post(Self.path, body)
                #expect(again.retCode == 110072, "\(again.body)")
                let found = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=\(link)")
                #expect(found.result["list"]?[0]?["orderStatus"] == "Filled")
            }
            let created = Dictionary(grouping: ex.ledger.entries(.orderCreate), by: { $0.detail["orderLinkId"] ?? "" })
            #expect(created.count == trials)
            #expect(created.values.allSatisfy { $0.count == 1 })
            #expect(ex.testPosition()?.size == dec("0.98"))  // 1 − 20 × 0.001
        }
    }

    /// Re-sends racing the original (a client retrying while the first is in flight):
    /// one order, every other answer 110072.
    @Test func concurrentCreatesWithOneOrderLinkIdPlaceOneOrder() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await c.order(
                            #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.01","reduceOnly":true,"orderLinkId":"race""#
                        ).retCode
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(codes.sorted() == [0] + Array(repeating: 110072, count: 19))
            #expect(ex.ledger.count(.orderCreate) == 1)
            #expect(ex.testPosition()?.size == dec("0.99"))
        }
    }

    @Test func beforeApplyFaultsPlaceNothing() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            ex.faults.set(FaultPlan(serverError: .next(1, afterApply: false), paths: [Self.path]))
            let reply = try await PaperClient(ex).order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.01","orderLinkId":"x""#
            )
            #expect(reply.retCode == 10016)
            #expect(ex.ledger.count(.orderCreate) == 0)
            #expect(ex.testPosition()?.size == dec("1"))
        }
    }
}
