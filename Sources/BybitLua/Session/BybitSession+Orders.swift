import BybitAPI
import LuaKit

/// Orders, with the money-safety rules of every mutation (validation first, `--dry-run`,
/// the write-ahead audit, no re-send by the session of an order whose outcome is
/// unknown) and two of their own:
/// - **reduce-only by default**: an order that can open or increase a position
///   (`reduceOnly = false`) is a `guard` error unless the run allows it
///   (`--allow-open-orders`); nothing is sent.
/// - **exactly once**: every create carries an `orderLinkId`, generated here when the
///   script gave none, so that it is in the intent line on disk before the order is sent.
///   The client's exactly-once logic (look the order up by that id, re-send with the same
///   id only when it is provably absent) is the only re-send; an `outcome_unknown` that
///   remains names the `orderLinkId` (`err.orderLinkId`), so the script can look it up.
extension BybitSession {
    func placeOrder(_ request: OrderRequest) throws -> MutationResult {
        let endpoint = Catalog.orderCreate.path
        var named = request
        if named.orderLinkId == nil { named.orderLinkId = options.newOrderLinkId() }
        let req: OrderRequest
        do { req = try named.validated() } catch { throw LuaArgumentError(1, error.message) }
        let linkId = req.orderLinkId ?? ""
        let params = Self.auditParameters(Catalog.orderCreate, req.values)
        if !req.reduceOnly && !options.allowOpenOrders {
            audit(endpoint, params, outcome: "guard")
            var e = ScriptError(
                kind: "guard",
                message: """
                    a \(req.side.rawValue) order of \(req.qty) \(req.symbol) with reduceOnly = false can open or \
                    increase a position; this run allows only reduce-only orders (start it with \
                    --allow-open-orders to allow them); nothing was sent
                    """, endpoint: endpoint)
            e.extra.append(("request", { call in pushParams(call, params) }))
            e.extra.append(("orderLinkId", { call in call.push(linkId) }))
            throw e
        }
        if options.dryRun {
            let dry =
                req.reduceOnly
                ? dryRun(
                    params, symbol: req.symbol, category: req.category, positionIdx: req.positionIdx,
                    ifFlat: "a reduce-only order would be refused (110017, nothing to reduce)")
                : DryRun(params: params, flat: nil, note: nil)
            audit(endpoint, params, outcome: "dry_run", retMsg: dry.note)
            return .dryRun(dry)
        }
        let placed: PlacedOrder
        do {
            placed = try sendAudited(
                endpoint, params, symbol: req.symbol, category: req.category, answered: Self.auditAnswer
            ) {
                try client().placeOrder(req)
            }
        } catch var error as ScriptError {
            // Whatever happened, the script can find the order (or be sure there is none) by this id.
            error.extra.append(("orderLinkId", { call in call.push(linkId) }))
            throw error
        }
        return .sent(Self.reported(placed))
    }

    func cancelOrder(_ request: CancelOrderRequest) throws -> MutationResult {
        let endpoint = Catalog.orderCancel.path
        do { _ = try Catalog.orderCancel.checkedForLua(request.values) } catch {
            throw LuaArgumentError(1, error.message)
        }
        let params = Self.auditParameters(Catalog.orderCancel, request.values)
        if options.dryRun {
            audit(endpoint, params, outcome: "dry_run")
            return .dryRun(DryRun(params: params, flat: nil, note: nil))
        }
        let result = try sendAudited(endpoint, params, symbol: request.symbol, category: request.category) {
            try client().cancelOrder(request)
        }
        return .sent(result)
    }

    /// The outcome line of a placed order says how it was placed when that was not one
    /// plain send: the audit then shows that a create was repeated (same id) or recovered.
    static func auditAnswer(_ placed: PlacedOrder) -> (code: Int, message: String) {
        guard placed.recovered || placed.sends > 1 else { return (0, "OK") }
        let how = placed.recovered ? "found by orderLinkId after an uncertain outcome" : "placed"
        return (
            0, "OK: \(how); \(placed.sends) create request\(placed.sends == 1 ? "" : "s") sent with this orderLinkId"
        )
    }

    /// The order as the client found it, with how it got there: `sends` (create requests
    /// sent, 1 normally) and `recovered` (found by lookup after an uncertain outcome).
    static func reported(_ placed: PlacedOrder) -> JSONValue {
        var object = placed.order.objectValue ?? JSONObject()
        if object["orderId"] == nil { object["orderId"] = .string(placed.orderId) }
        if object["orderLinkId"] == nil { object["orderLinkId"] = .string(placed.orderLinkId) }
        object["sends"] = .int(Int64(placed.sends))
        object["recovered"] = .bool(placed.recovered)
        return .object(object)
    }

    /// A request's parameters as they go on the wire (the catalog writes them), for the
    /// audit line and the dry-run result: decimals and integers as text, flags as
    /// `true`/`false`.
    static func auditParameters(_ endpoint: EndpointSpec, _ values: RequestValues) -> [(String, String)] {
        guard case .object(let members) = endpoint.write(values).parameters else { return [] }
        return members.map { member in
            switch member.value {
            case .string(let s): (member.key, s)
            case .int(let i): (member.key, String(i))
            case .bool(let b): (member.key, b ? "true" : "false")
            case .double(_, let text): (member.key, text)
            case let other: (member.key, other.typeName)
            }
        }
    }
}

extension EndpointSpec {
    /// The catalog's checks, as a `BybitError` (`validation`) the bindings word as a bad argument.
    func checkedForLua(_ values: RequestValues) throws(BybitError) -> RequestValues {
        do { return try check(values) } catch { throw .validation(error.message, endpoint: path) }
    }
}
