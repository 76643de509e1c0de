import BybitAPI
import LuaKit

/// The two mutations, with the money-safety rules around them: validation before
/// anything else, the `--max-margin` guard, `--dry-run`, the write-ahead audit (an
/// intent line on disk before the send, an outcome line after; no intent, no send),
/// and no re-send of a request whose outcome is unknown.
extension BybitSession {
    /// What a mutation ended in, for the binding to push.
    enum MutationResult {
        case sent(JSONValue)
        case dryRun(DryRun)
    }

    func addMargin(_ request: AddMarginRequest) throws -> MutationResult {
        let endpoint = "/v5/position/add-margin"
        let req: AddMarginRequest
        do { req = try request.validated() } catch { throw LuaArgumentError(1, error.message) }
        var params = [("category", req.category.rawValue), ("symbol", req.symbol), ("margin", req.margin.description)]
        if let idx = req.positionIdx { params.append(("positionIdx", String(idx))) }
        let coin = Self.settleCoin(category: req.category, symbol: req.symbol)
        // Counted before anything is sent; released below when nothing was applied.
        let reservation = try reserveMargin(req.margin, coin: coin, endpoint: endpoint, params: params)
        defer { options.auditLog?.release() }  // on every path, even one that wrote no line
        if options.dryRun {
            options.auditLog?.release()  // the dry run reads the position: other runs need not wait for it
            let dry = dryRun(
                params, symbol: req.symbol, category: req.category, positionIdx: req.positionIdx,
                ifFlat: "add_margin would be refused (110033, no open position)")
            audit(endpoint, params, outcome: "dry_run", retMsg: dry.note)
            return .dryRun(dry)
        }
        do {
            let position = try sendAudited(endpoint, params, symbol: req.symbol, category: req.category) {
                try client().addMargin(req)
            }
            RunMetrics.current?.margin(coin: coin, amount: req.margin)
            return .sent(position.raw)
        } catch let error as ScriptError {
            // Only an outcome that is unknown keeps its reservation: it may have been applied.
            if let reservation, error.kind != "outcome_unknown" { budget.release(reservation) }
            throw error
        }
    }

    func setAutoAddMargin(_ request: SetAutoAddMarginRequest) throws -> MutationResult {
        let endpoint = "/v5/position/set-auto-add-margin"
        let req: SetAutoAddMarginRequest
        do { req = try request.validated() } catch { throw LuaArgumentError(1, error.message) }
        var params = [
            ("category", req.category.rawValue), ("symbol", req.symbol),
            ("autoAddMargin", req.autoAddMargin ? "1" : "0"),
        ]
        if let idx = req.positionIdx { params.append(("positionIdx", String(idx))) }
        if options.dryRun {
            let dry = dryRun(
                params, symbol: req.symbol, category: req.category, positionIdx: req.positionIdx,
                ifFlat: "the setting would apply to the next position opened")
            audit(endpoint, params, outcome: "dry_run", retMsg: dry.note)
            return .dryRun(dry)
        }
        let result = try sendAudited(endpoint, params, symbol: req.symbol, category: req.category) {
            try client().setAutoAddMargin(req)
        }
        return .sent(result)
    }

    /// Sends one mutation between its intent line (on disk before anything is sent; if it
    /// cannot be written, nothing is sent and `audit` is raised) and its outcome line,
    /// whatever the outcome. From the intent to the outcome line a second stop signal
    /// waits (money safety). A `BybitError` becomes the script's error, carrying the
    /// re-read position after `outcome_unknown` (when the call names a symbol). `answered`
    /// gives the outcome line's retCode and retMsg of a success (a setting "not modified"
    /// is a success the line records with its own code).
    func sendAudited<T>(
        _ endpoint: String, _ params: [(String, String)], symbol: String?, category: BybitAPI.Category,
        answered: (T) -> (code: Int, message: String) = { _ in (0, "OK") }, _ send: () throws -> T
    ) throws -> T {
        StopSignals.beginMutation()
        defer { StopSignals.endMutation() }
        let id = try recordIntent(endpoint, params)
        let started = AuditLog.nowMilliseconds()
        do {
            let result = try send()
            let answer = answered(result)
            audit(endpoint, params, id: id, outcome: "ok", retCode: answer.code, retMsg: answer.message, since: started)
            return result
        } catch let error as BybitError {
            audit(endpoint, params, id: id, outcome: error.kind, error: error, since: started)
            throw scriptError(error, symbol: symbol, category: category)
        }
    }

    /// The intent line's id (nil when no audit log is kept). Fails closed: a mutation whose
    /// intent is not on disk could be applied with no trace, so it is not sent.
    func recordIntent(_ endpoint: String, _ params: [(String, String)]) throws -> String? {
        guard let log = options.auditLog else { return nil }
        do {
            return try log.recordIntent(env: options.environment, endpoint: endpoint, parameters: params)
        } catch {
            RunMetrics.current?.mutation(endpoint: endpoint, outcome: "audit")
            var e = ScriptError(
                kind: "audit",
                message: """
                    cannot write the audit log \(log.path) (\(error.reason)); nothing was sent
                    """, endpoint: endpoint)
            e.extra.append(("request", { call in pushParams(call, params) }))
            throw e
        }
    }

    /// The script's error; after `outcome_unknown`, the position as re-read now, so
    /// the script can see whether the change landed.
    func scriptError(_ error: BybitError, symbol: String?, category: BybitAPI.Category) -> ScriptError {
        var e = ScriptError(error)
        if error.kind == "outcome_unknown" {
            options.alerts?.alert(
                .error, "outcome unknown, not re-sent: \(error.message)",
                fields: [("endpoint", error.endpoint), ("symbol", symbol ?? "")])
            if let symbol, let list = try? client().positions(PositionListRequest(category: category, symbol: symbol)) {
                let raw = JSONValue.array(list.positions.map(\.raw))
                e.extra.append(("positions", { call in JSONToLua.push(call.L, raw, shape: Catalog.position) }))
            }
            if let sent = error.inFlight {
                e.extra.append(("request", { call in JSONToLua.push(call.L, sent.parameters) }))
            }
        }
        return e
    }

    func audit(
        _ endpoint: String, _ params: [(String, String)], id: String? = nil, outcome: String,
        retCode: Int? = nil, retMsg: String? = nil, error: BybitError? = nil, since: Int64? = nil
    ) {
        RunMetrics.current?.mutation(endpoint: endpoint, outcome: outcome)  // every outcome passes here
        guard let log = options.auditLog else { return }
        let latency = since.map { Double(AuditLog.nowMilliseconds() - $0) }
        log.record(
            AuditLog.Entry(
                id: id, env: options.environment, endpoint: endpoint, parameters: params, outcome: outcome,
                retCode: retCode ?? error?.code, retMsg: retMsg ?? error?.message, latencyMs: latency))
    }
}

/// Pushes request parameters as a table (numeric values as decimals or integers, an
/// order's flags as booleans).
func pushParams(_ call: LuaCall, _ params: [(String, String)]) {
    var object: [String: JSONValue] = [:]
    for (k, v) in params {
        if k == "positionIdx" || k == "autoAddMargin" || k == "mode" {
            object[k] = .int(Int64(v) ?? 0)
        } else if v == "true" || v == "false" {
            object[k] = .bool(v == "true")
        } else {
            object[k] = .string(v)
        }
    }
    JSONToLua.push(call.L, .object(object))
}
