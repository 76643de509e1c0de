import BybitAPI
import LuaKit

/// `bybit.request{method, path, params}`: one door to any v5 endpoint ``EndpointPolicy``
/// allows, with the same money-safety rules as the typed calls. A refused path is a
/// `guard` error before anything is sent. A GET is a read. A POST is a mutation: validated
/// as far as the catalog knows the path, `--dry-run` honoured, audited write-ahead, never
/// re-sent on an uncertain outcome — and the POSTs a typed call guards go through that
/// call's own code, so the door cannot get around `--max-margin` or the reduce-only rule.
extension BybitSession {
    /// What a `bybit.request` call ended in, for the binding to push.
    enum RequestOutcome {
        /// The reply's `result`, converted by `shape` when the catalog declares the path.
        case result(JSONValue, shape: Shape?)
        /// A typed mutation's own result (add-margin: the position; set-auto-add-margin: `{}`).
        case typed(MutationResult, shape: Shape?)
        /// `--dry-run`: the request as it would have been sent.
        case dryRun(GenericRequest)
    }

    /// Where a call without `category` learns the symbol's (the bindings' instrument-list cache).
    typealias CategoryResolver = (_ symbol: String, _ given: BybitAPI.Category?) throws -> BybitAPI.Category

    func request(_ r: GenericRequest, resolve: CategoryResolver) throws -> RequestOutcome {
        do { try EndpointPolicy.check(r.method, r.path) } catch {
            throw refuse(r, error.message)
        }
        guard r.method == .post else {
            let result = try ReadBindings.reading(r) { (r) in try client().request(r) }
            return .result(result, shape: r.declared?.result)
        }
        switch r.path {
        case Catalog.addMargin.path:
            let a = try RequestArguments(r, fields: ["category", "symbol", "margin", "positionIdx"])
            let symbol = try a.text("symbol", required: true)!
            let request = AddMarginRequest(
                category: try resolve(symbol, try a.category()), symbol: symbol,
                margin: try a.decimal("margin", required: true)!, positionIdx: try a.integer("positionIdx"))
            return .typed(try addMargin(request), shape: Catalog.addMargin.result)
        case Catalog.setAutoAddMargin.path:
            let a = try RequestArguments(r, fields: ["category", "symbol", "autoAddMargin", "positionIdx"])
            let symbol = try a.text("symbol", required: true)!
            let request = SetAutoAddMarginRequest(
                category: try resolve(symbol, try a.category()), symbol: symbol,
                autoAddMargin: try a.flag("autoAddMargin", required: true)!, positionIdx: try a.integer("positionIdx"))
            return .typed(try setAutoAddMargin(request), shape: nil)
        case Catalog.orderCreate.path:
            return .typed(try placeOrder(try Self.orderRequest(r, resolve: resolve)), shape: Catalog.order)
        case EndpointPolicy.orderAmend:
            if !options.allowOpenOrders { try checkAmendedOrderIsReduceOnly(r) }
            return try sendMutation(r)
        default:
            return try sendMutation(r)
        }
    }

    /// A POST no typed call owns: dry run, or sent once between its audit lines.
    func sendMutation(_ r: GenericRequest) throws -> RequestOutcome {
        do { try r.validate() } catch { throw LuaArgumentError(1, error.message) }
        let params = Self.requestAuditParameters(r)
        if options.dryRun {
            audit(r.path, params, outcome: "dry_run")
            return .dryRun(r)
        }
        let category = r.parameter("category").flatMap { v -> BybitAPI.Category? in
            if case .text(let s) = v, s == "linear" || s == "inverse" { return BybitAPI.Category(rawValue: s) }
            return nil
        }
        var symbol: String?
        if category != nil, case .text(let s)? = r.parameter("symbol") { symbol = s }
        let result = try sendAudited(r.path, params, symbol: symbol, category: category ?? .linear) {
            try client().request(r)
        }
        return .result(result, shape: r.declared?.result)
    }

    /// A `guard` refusal: one outcome line for a POST (a read is not audited), nothing sent.
    func refuse(_ r: GenericRequest, _ message: String) -> ScriptError {
        let shownPath = EndpointPolicy.isCanonical(r.path) ? r.path : EndpointPolicy.quoted(r.path)
        if r.method == .post { audit(shownPath, Self.requestAuditParameters(r), outcome: "guard", retMsg: message) }
        var e = ScriptError(kind: "guard", message: message, endpoint: EndpointPolicy.isCanonical(r.path) ? r.path : "")
        e.extra.append(("request", { call in RequestArguments.push(call, r) }))
        return e
    }

    /// The parameters as the audit line writes them (a list joined by commas).
    static func requestAuditParameters(_ r: GenericRequest) -> [(String, String)] {
        r.parameters.map { (name, value) in
            switch value {
            case .text(let s): (name, s)
            case .integer(let i): (name, String(i))
            case .decimal(let d): (name, d.description)
            case .flag(let b): (name, b ? "true" : "false")
            case .texts(let items): (name, items.joined(separator: ","))
            }
        }
    }
}
