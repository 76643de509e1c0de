import BybitAPI
import Foundation
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
    /// far longer, so the reply never comes within it.
    static let shortReadTimeout: Int64 = 60
    static let slowReplyMs = 2_000
    /// How long a trial waits for the exchange to take its create (see ``awaitFault``).
    static let faultWaitMs = 30_000

    enum Fault: String, CaseIterable, Sendable {
        case dropAfterApply, dropBeforeApply, serverErrorAfterApply, serverErrorBeforeApply
        case badGatewayAfterApply, badGatewayBeforeApply, slowReplyAfterApply, slowReplyBeforeApply

        var afterApply: Bool { rawValue.hasSuffix("AfterApply") }
        var isSlow: Bool { rawValue.hasPrefix("slowReply") }

        /// How many times this kind of fault has fired on the exchange.
        func fired(_ c: FaultInjection.Counters) -> Int {
            switch self {
            case .dropAfterApply, .dropBeforeApply: c.dropConnection
            case .serverErrorAfterApply, .serverErrorBeforeApply: c.serverError
            case .badGatewayAfterApply, .badGatewayBeforeApply: c.badGateway
            case .slowReplyAfterApply, .slowReplyBeforeApply: c.slowReply
            }
        }

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
        /// Trials whose create the exchange had not yet taken when the call ended, and
        /// those it never took within ``faultWaitMs``.
        var late = 0, neverTaken = 0
        /// Orders returned as the exchange's acknowledgement because the read-back after it
        /// failed (in the slow-reply trials its 60 ms read timeout can fire on a loaded machine).
        var acknowledgedOnly = 0
        var description: String {
            "trials \(trials), returned \(returned) (recovered by lookup \(recovered), re-sent \(resent), "
                + "acknowledgement only \(acknowledgedOnly)), outcome_unknown \(unknown), other errors "
                + "\(otherErrors.count), "
                + "create taken after the call ended \(late), never \(neverTaken)"
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
                        // The order as listed, filled; or, when reading it back failed, the
                        // acknowledgement (its orderId is checked against the ledger below).
                        let status = placed.order["orderStatus"]?.stringValue
                        if status == nil && !placed.orderId.isEmpty { f.acknowledgedOnly += 1 }
                        if placed.orderLinkId != link || (status != "Filled" && status != nil) || placed.orderId.isEmpty
                        {
                            f.otherErrors.append("\(link): \(placed.order)")
                        }
                    } catch  where error.kind == "outcome_unknown" && error.message.contains("'\(link)'") {
                        f.unknown += 1
                    } catch {
                        f.otherErrors.append("\(link): \(error)")
                    }
                    switch Self.awaitFault(fault, firings: i + 1, on: ex) {
                    case .already: break
                    case .later: f.late += 1
                    case .never: f.neverTaken += 1
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

    enum FaultTiming { case already, later, never }

    /// Waits until the exchange has fired this trial's fault, i.e. taken its create.
    ///
    /// The next trial's plan restarts the trigger's count. On a loaded machine a call can
    /// end before the exchange has read its create: the 60 ms read timeout fires, the
    /// lookups time out too, and the call throws `outcome_unknown`. If the next plan were
    /// armed then, that late create would take the next trial's fault, and the next
    /// trial's own create would run clean and come back by its reply, not by recovery.
    static func awaitFault(_ fault: Fault, firings: Int, on ex: PaperExchange) -> FaultTiming {
        if fault.fired(ex.faults.fired) >= firings { return .already }
        return ex.faults.waitUntilFired(timeoutMs: faultWaitMs) { fault.fired($0) >= firings } ? .later : .never
    }
}
