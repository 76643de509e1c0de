import BybitAPI
import Testing

@testable import PaperExchange

/// `BybitClient.placeOrder` is exactly once under every fault the paper exchange injects
/// on `order/create`, before or after the order is applied: judged by the exchange's
/// ledger, each `orderLinkId` placed at most one order, every call that returned an order
/// placed exactly that one, and every other call threw `outcome_unknown` naming the id.
@Suite(.serialized) struct OrderExactlyOnceTests {
    static let path = "/v5/order/create"
    static let trials = 200
    /// The client's read timeout in the slow-reply trials, and how long the reply is held:
    /// far longer, since full runs on two loaded cores fired the 60 ms timer after a held
    /// reply had come: once at 400 ms, once at 2 s (one order returned without its
    /// recovery path each time).
    static let shortReadTimeout: Int64 = 60
    static let slowReplyMs = 10_000

    enum Fault: String, CaseIterable, Sendable {
        case dropAfterApply, dropBeforeApply, serverErrorAfterApply, serverErrorBeforeApply
        case badGatewayAfterApply, badGatewayBeforeApply, slowReplyAfterApply, slowReplyBeforeApply

        var afterApply: Bool { rawValue.hasSuffix("AfterApply") }
        var isSlow: Bool { rawValue.hasPrefix("slowReply") }

        /// The fault on the next create only: the lookups and re-sends run fault-free.
        var plan: FaultPlan {
            let once = FaultTrigger.next(1, afterApply: afterApply)
            switch self {
            case .dropAfterApply, .dropBeforeApply: return FaultPlan(dropConnection: once, paths: [path])
            case .serverErrorAfterApply, .serverErrorBeforeApply: return FaultPlan(serverError: once, paths: [path])
            case .badGatewayAfterApply, .badGatewayBeforeApply: return FaultPlan(badGateway: once, paths: [path])
            case .slowReplyAfterApply, .slowReplyBeforeApply:
                return FaultPlan(slowReply: once, slowReplyMs: slowReplyMs, paths: [path])
            }
        }
    }

    /// What the trials of one fault came to.
    struct Figures: Sendable, CustomStringConvertible {
        var trials = 0, returned = 0, recovered = 0, resent = 0, unknown = 0, otherErrors: [String] = []
        var description: String {
            "trials \(trials), returned \(returned) (recovered by lookup \(recovered), re-sent \(resent)), "
                + "outcome_unknown \(unknown), other errors \(otherErrors.count)"
        }
    }

    @Test(arguments: Fault.allCases)
    func everyOrderIsPlacedExactlyOnce(_ fault: Fault) async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let waits = WaitLog()
            let client = try OrderClientSupport.client(
                ex, readTimeout: fault.isSlow ? Self.shortReadTimeout : 30_000, waits: waits)
            defer { client.shutdown() }
            let prefix = "eo-\(fault.rawValue.prefix(12))-"
            let (figures, returned) = try await onThread { () -> (Figures, [String: String]) in
                var f = Figures()
                var returned: [String: String] = [:]  // orderLinkId -> orderId
                for i in 0..<Self.trials {
                    let link = prefix + String(i)
                    ex.faults.set(fault.plan)
                    let r = BybitAPI.OrderRequest(symbol: "BTCUSDT", side: .sell, qty: dec("0.001"), orderLinkId: link)
                    f.trials += 1
                    do throws(BybitError) {
                        let placed = try client.placeOrder(r)
                        f.returned += 1
                        if placed.recovered { f.recovered += 1 }
                        if placed.sends > 1 { f.resent += 1 }
                        returned[link] = placed.orderId
                        if placed.orderLinkId != link || placed.order["orderStatus"]?.stringValue != "Filled" {
                            f.otherErrors.append("\(link): \(placed.order)")
                        }
                    } catch  where error.kind == "outcome_unknown" && error.message.contains("'\(link)'") {
                        f.unknown += 1
                    } catch {
                        f.otherErrors.append("\(link): \(error)")
                    }
                }
                return (f, returned)
            }
            ex.faults.clear()
            let placed = ex.ordersPlacedByLinkId
            let duplicates = placed.values.filter { $0 > 1 }.count
            print("placeOrder exactly once, \(fault.rawValue): \(figures), duplicates \(duplicates)")
            #expect(figures.trials == Self.trials)
            #expect(figures.otherErrors.isEmpty, "\(figures.otherErrors.prefix(5))")
            #expect(duplicates == 0)
            #expect(figures.returned + figures.unknown == Self.trials)
            // Every order a call returned is the one the ledger shows for its id.
            let created = Dictionary(
                ex.ledger.entries(.orderCreate).map { ($0.detail["orderLinkId"] ?? "", $0.detail["orderId"] ?? "") },
                uniquingKeysWith: { a, _ in a })
            for (link, orderId) in returned {
                #expect(placed[link] == 1, "\(link)")
                #expect(created[link] == orderId, "\(link)")
            }
            // The fault fired on every trial, and each kind took its path through recovery.
            if fault.afterApply {
                #expect(figures.recovered == figures.returned)
                #expect(figures.resent == 0)
            } else if !fault.isSlow {
                #expect(figures.resent == figures.returned)
                #expect(waits.all.allSatisfy { $0 <= 2 })
            }
            #expect(figures.returned > 0)
        }
    }
}
