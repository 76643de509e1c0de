import BybitAPI
import Testing

@testable import PaperExchange

/// The single paths of `placeOrder`'s recovery, one by one: a used `orderLinkId`, a
/// refusal, the send bound, lookups that fail, and Ctrl-C during the lookups.
@Suite struct OrderRecoveryTests {
    static let create = "/v5/order/create"

    static func order(_ link: String, side: OrderSide = .sell, qty: String = "0.001") -> BybitAPI.OrderRequest {
        BybitAPI.OrderRequest(symbol: "BTCUSDT", side: side, qty: dec(qty), orderLinkId: link)
    }

    /// Every create and refusal the ledger holds for `link`.
    static func sends(_ ex: PaperExchange, _ link: String) -> Int {
        (ex.ledger.entries(.orderCreate) + ex.ledger.entries(.orderRefused)).filter {
            $0.detail["orderLinkId"] == link
        }.count
    }

    @Test func aSuccessReturnsTheOrderReadBackWithItsFill() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let placed = try await onThread { try client.placeOrder(Self.order("ok-1")) }
            #expect(placed.sends == 1 && !placed.recovered)
            #expect(placed.order["orderStatus"]?.stringValue == "Filled")
            #expect(placed.order["cumExecQty"]?.stringValue == "0.001")
            #expect(placed.orderId == ex.ledger.entries(.orderCreate).first?.detail["orderId"])
        }
    }

    /// The script gave an id that was used before: that order is the script's, returned as
    /// recovered; nothing new is placed.
    @Test func anOrderLinkIdUsedBeforeReturnsThatOrder() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            let (first, again) = try await onThread {
                (try client.placeOrder(Self.order("used-1")), try client.placeOrder(Self.order("used-1")))
            }
            #expect(again.recovered && again.sends == 1)
            #expect(again.orderId == first.orderId)
            #expect(ex.ordersPlacedByLinkId["used-1"] == 1)
            #expect(ex.testPosition(key: ex.apiKey)?.size == dec("0.999"))
        }
    }

    @Test func aRefusalIsAnApiErrorAndNothingMore() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            // A reduce-only Buy on a long has nothing to reduce: 110017.
            let error = try await onThread {
                OrderClientSupport.error { () throws(BybitError) in
                    _ = try client.placeOrder(Self.order("ro-1", side: .buy))
                }
            }
            #expect(error?.kind == "api" && error?.code == 110017, "\(String(describing: error))")
            #expect(Self.sends(ex, "ro-1") == 1)
        }
    }

    /// Every create fails before it is applied: three sends with the same id, then
    /// `outcome_unknown` naming the id and the sends; nothing was placed.
    @Test func atMostThreeSendsThenOutcomeUnknown() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            ex.faults.set(
                FaultPlan(
                    serverError: FaultTrigger(count: FaultTrigger.always, afterApply: false), paths: [Self.create]))
            let error = try await onThread {
                OrderClientSupport.error { () throws(BybitError) in _ = try client.placeOrder(Self.order("max-1")) }
            }
            #expect(error?.kind == "outcome_unknown")
            #expect(
                error?.message.contains("3 create requests sent with orderLinkId 'max-1'") == true,
                "\(String(describing: error))")
            #expect(error?.inFlight?.payload.contains(#""orderLinkId":"max-1""#) == true)
            #expect(ex.faults.fired.serverError == 3)
            #expect(ex.ordersPlacedByLinkId["max-1"] == nil)
        }
    }

    /// The create's outcome is unknown (HTTP 502) and the lookups cannot answer (502
    /// too): "unknown", never "not found", so it is not re-sent.
    @Test func failingLookupsAreUnknownNeverNotFound() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex)
            defer { client.shutdown() }
            ex.faults.set(
                FaultPlan(
                    badGateway: FaultTrigger(count: FaultTrigger.always, afterApply: false),
                    paths: [Self.create, "/v5/order/realtime", "/v5/order/history"]))
            let error = try await onThread {
                OrderClientSupport.error { () throws(BybitError) in _ = try client.placeOrder(Self.order("lk-1")) }
            }
            let message = error?.message ?? ""
            #expect(error?.kind == "outcome_unknown")
            #expect(message.contains("1 create request sent with orderLinkId 'lk-1'"), "\(message)")
            #expect(message.contains("the lookup failed"), "\(message)")
            #expect(error?.code == nil && error?.inFlight?.path == Self.create)
        }
    }

    /// Ctrl-C while the order is being looked up ends the call at once with
    /// `outcome_unknown`: the create that may have executed is not sent again.
    @Test func anInterruptDuringTheLookupsStopsWithoutReSending() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            let client = try OrderClientSupport.client(ex) { $0.interruptRequested = { true } }
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(dropConnection: .next(1, afterApply: false), paths: [Self.create]))
            let error = try await onThread {
                OrderClientSupport.error { () throws(BybitError) in _ = try client.placeOrder(Self.order("int-1")) }
            }
            #expect(error?.kind == "outcome_unknown")
            #expect(error?.message.contains("'int-1'") == true && error?.message.contains("interrupted") == true)
            #expect(ex.faults.fired.dropConnection == 1)
            #expect(Self.sends(ex, "int-1") == 0)  // dropped before it was applied, and never re-sent
        }
    }

    /// The run's time limit passes while the outcome is unknown: the lookups' waits end
    /// with it and the order is not sent again.
    @Test func theRunDeadlineEndsTheLookupsWithoutReSending() async throws {
        try await withExchange(OrderClientSupport.exchange) { ex in
            // The deadline is "already past" from the moment the create was dropped.
            let client = try OrderClientSupport.client(ex) { config in
                config.runDeadline = { ex.faults.fired.dropConnection > 0 ? 0 : nil }
            }
            defer { client.shutdown() }
            ex.faults.set(FaultPlan(dropConnection: .next(1, afterApply: false), paths: [Self.create]))
            let error = try await onThread {
                OrderClientSupport.error { () throws(BybitError) in _ = try client.placeOrder(Self.order("dl-1")) }
            }
            #expect(error?.kind == "outcome_unknown")
            #expect(error?.message.contains("1 create request sent with orderLinkId 'dl-1'") == true)
            #expect(error?.message.contains("time limit") == true, "\(String(describing: error))")
            #expect(Self.sends(ex, "dl-1") == 0)
        }
    }

    /// Generated ids are unique and pass the catalog's orderLinkId check.
    @Test func generatedOrderLinkIdsAreUniqueAndValid() throws {
        var seen: Set<String> = []
        for _ in 0..<10_000 {
            let id = BybitAPI.OrderRequest.newOrderLinkId()
            #expect(seen.insert(id).inserted)
            _ = try Self.order(id).validated()
        }
        #expect(seen.allSatisfy { $0.hasPrefix("bl-") && $0.utf8.count <= 36 })
    }
}
