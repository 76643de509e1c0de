/// Exactly-once order placement: every create of one call carries the same `orderLinkId`,
/// so the exchange places at most one order whatever is re-sent (a second create with it
/// is refused with 110072); the client re-sends only when lookups by that id said the
/// order is not there, and returns the order it finds instead of placing another.
extension BybitClient {
    /// What the lookups after one send found.
    struct OrderLookup {
        /// The order, when a lookup found it.
        var order: JSONValue?
        /// How many lookups answered "no such order" (realtime and history both empty).
        var notFound = 0
        /// Why the last lookup that could not answer failed, or the wait was ended.
        var problem: String?
        /// Ctrl-C or the run's deadline ended the lookups: nothing more may be sent.
        var stopped = false
    }

    func placeExactlyOnce(_ request: OrderRequest, linkId: String, prepared: PreparedRequest) throws(BybitError)
        -> PlacedOrder
    {
        let path = prepared.endpoint.path
        let maxSends = max(1, policy.orderRecovery.maxSends)
        var sends = 0
        var uncertain: BybitError?  // the last send whose outcome was not known
        while true {
            sends += 1
            let reply: Reply
            do {
                reply = try execute(prepared)
            } catch {
                if error.kind == "outcome_unknown" {
                    uncertain = error
                    let found = lookUp(request, linkId: linkId, attempts: policy.orderRecovery.lookups)
                    if let order = found.order { return placed(order, linkId, sends: sends, recovered: true) }
                    let why = found.problem ?? "not found by orderLinkId"
                    guard found.notFound > 0, !found.stopped, sends < maxSends else {
                        throw unknownOutcome(linkId, sends: sends, last: error, lookups: why)
                    }
                    do { try stopIfStopped(path, before: "re-sending the order") } catch {
                        throw unknownOutcome(linkId, sends: sends, last: uncertain, lookups: error.message)
                    }
                    logger.warning(
                        "bybit order outcome unknown and not found: re-sending with the same orderLinkId",
                        metadata: ["path": "\(path)", "orderLinkId": "\(linkId)", "sends": "\(sends)"])
                    continue
                }
                if error.kind == "api", error.code == 110072 {
                    return try duplicate(request, linkId: linkId, sends: sends, refusal: error, uncertain: uncertain)
                }
                guard let uncertain else { throw error }  // the first send: nothing was placed
                // A re-send refused or not sent: the earlier send may still have placed it.
                let found = lookUp(request, linkId: linkId, attempts: 1)
                if let order = found.order { return placed(order, linkId, sends: sends, recovered: true) }
                if error.kind == "api" && found.notFound > 0 { throw error }
                // Not `api`: refused before the wire (time limit, rate limit, no connection).
                let sent = error.kind == "api" ? sends : sends - 1
                throw unknownOutcome(
                    linkId, sends: sent, last: uncertain, lookups: "send \(sends) then failed: \(error.message)")
            }
            let ack = reply.envelope.result
            let read = lookUp(request, linkId: linkId, attempts: 1)
            if let order = read.order { return placed(order, linkId, sends: sends, recovered: false) }
            guard ack["orderId"]?.stringValue?.isEmpty == false else {
                throw .outcomeUnknown(
                    "the exchange accepted order '\(linkId)' (retCode 0) but its reply has no orderId and the order "
                        + "could not be read back (\(read.problem ?? "not listed yet")); look it up by orderLinkId",
                    retCode: 0, endpoint: path, inFlight: reply.sent)
            }
            return placed(ack, linkId, sends: sends, recovered: false)
        }
    }

    /// 110072: an order with this `orderLinkId` exists. On a re-send it is the one an
    /// earlier send placed; on the first send the id was used before this call, and that
    /// order is returned as recovered (the script chose the id, so it is the script's order).
    private func duplicate(
        _ request: OrderRequest, linkId: String, sends: Int, refusal: BybitError, uncertain: BybitError?
    ) throws(BybitError) -> PlacedOrder {
        let found = lookUp(request, linkId: linkId, attempts: policy.orderRecovery.lookups)
        if let order = found.order { return placed(order, linkId, sends: sends, recovered: true) }
        let why = found.problem ?? "neither order/realtime nor order/history lists it"
        if let uncertain {
            throw unknownOutcome(
                linkId, sends: sends, last: uncertain, lookups: "the exchange says it exists (110072) but \(why)")
        }
        throw .api(
            retCode: 110072,
            retMsg: "\(refusal.message): orderLinkId '\(linkId)' was used before and its order could not be read "
                + "(\(why)); this call placed nothing", endpoint: refusal.endpoint)
    }

    /// Looks the order up by `orderLinkId` up to `attempts` times (realtime, then history),
    /// waiting between tries through the client's clock; stops at the first order found.
    func lookUp(_ request: OrderRequest, linkId: String, attempts: Int) -> OrderLookup {
        var out = OrderLookup()
        var v = RequestValues()
        v["category"] = .text(request.category.rawValue)
        v["symbol"] = .text(request.symbol)
        v["orderLinkId"] = .text(linkId)
        for n in 1...max(1, attempts) {
            do {
                try pause(
                    policy.orderRecovery.delay(beforeLookup: n), Catalog.orderRealtime.path,
                    before: "looking up order '\(linkId)'")
            } catch {
                out.problem = error.message
                out.stopped = true
                return out
            }
            do throws(BybitError) {
                var order = try firstOrder(Catalog.orderRealtime, v)
                if order == nil { order = try firstOrder(Catalog.orderHistory, v) }
                if let order {
                    out.order = order
                    return out
                }
                out.notFound += 1
            } catch {
                out.problem = "the lookup failed: \(error.description)"
                if error.kind == "timeout" { out.stopped = true }
            }
        }
        return out
    }

    private func placed(_ order: JSONValue, _ linkId: String, sends: Int, recovered: Bool) -> PlacedOrder {
        PlacedOrder(
            order: order, orderLinkId: linkId, orderId: order["orderId"]?.stringValue ?? "", sends: sends,
            recovered: recovered)
    }

    /// The `outcome_unknown` a call ends with when it cannot know: names the id and the sends.
    private func unknownOutcome(_ linkId: String, sends: Int, last: BybitError?, lookups: String) -> BybitError {
        let plural = sends == 1 ? "1 create request" : "\(sends) create requests"
        return .outcomeUnknown(
            "order '\(linkId)' may have been placed: \(plural) sent with orderLinkId '\(linkId)', the last "
                + "\(last?.message ?? "without a known outcome"); \(lookups). Look it up by orderLinkId before "
                + "placing it again", retCode: last?.code, endpoint: Catalog.orderCreate.path, inFlight: last?.inFlight)
    }
}
