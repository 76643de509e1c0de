import BybitAPI
import LuaKit

/// The position and account settings a margin policy moves: leverage, the trading stop
/// (stop-loss, take-profit, trailing stop), the position mode and the account's margin
/// mode. Each is a mutation with the same rules as `add_margin`: the catalog's checks
/// first (an argument error, nothing sent), `--dry-run`, the write-ahead audit, no re-send
/// of an uncertain outcome.
///
/// Setting a value the exchange already has is not an error: Bybit's "not modified"
/// answers (110043 leverage, 110025 position mode, 110026 margin mode) come back as
/// `{changed = false}`, and the audit's outcome line keeps the code.
extension BybitSession {
    /// Bybit's "not modified" codes: the setting already had the value asked for.
    enum NotModified {
        static let leverage = 110043
        static let positionMode = 110025
        static let marginMode = 110026
    }

    func setLeverage(_ request: SetLeverageRequest) throws -> MutationResult {
        try setting(Catalog.setLeverage, request.values, symbol: request.symbol, category: request.category) {
            try client().setLeverage(request) ? nil : NotModified.leverage
        }
    }

    func tradingStop(_ request: TradingStopRequest) throws -> MutationResult {
        let spec = Catalog.tradingStop
        let params = try checkedParameters(spec, request.values)
        if options.dryRun {
            let dry = dryRun(
                params, symbol: request.symbol, category: request.category, positionIdx: request.positionIdx,
                ifFlat: "the exchange would refuse a stop on a zero position")
            audit(spec.path, params, outcome: "dry_run", retMsg: dry.note)
            return .dryRun(dry)
        }
        let result = try sendAudited(spec.path, params, symbol: request.symbol, category: request.category) {
            try client().tradingStop(request)
        }
        return .sent(result)
    }

    func switchMode(_ request: SwitchModeRequest) throws -> MutationResult {
        try setting(Catalog.switchMode, request.values, symbol: request.symbol, category: request.category) {
            try notModified(NotModified.positionMode) { _ = try client().switchMode(request) }
        }
    }

    func setMarginMode(_ request: SetMarginModeRequest) throws -> MutationResult {
        try setting(Catalog.setMarginMode, request.values, symbol: nil, category: .linear) {
            try notModified(NotModified.marginMode) { _ = try client().setMarginMode(request) }
        }
    }

    /// Checks, dry-runs or sends one setting; `send` returns nil when it changed the
    /// setting, or the "not modified" code. The result is `{changed = true|false}`.
    private func setting(
        _ spec: EndpointSpec, _ values: RequestValues, symbol: String?, category: BybitAPI.Category,
        _ send: () throws -> Int?
    ) throws -> MutationResult {
        let params = try checkedParameters(spec, values)
        if options.dryRun {
            audit(spec.path, params, outcome: "dry_run")
            return .dryRun(DryRun(params: params, flat: nil, note: nil))
        }
        let unchanged = try sendAudited(
            spec.path, params, symbol: symbol, category: category,
            answered: { code in code.map { ($0, "not modified: the setting already had this value") } ?? (0, "OK") },
            send)
        return .sent(.object(["changed": .bool(unchanged == nil)]))
    }

    /// The parameters after the catalog's checks (the ones the client makes before the
    /// wire), so a bad value is an argument error before any audit line or send.
    private func checkedParameters(_ spec: EndpointSpec, _ values: RequestValues) throws -> [(String, String)] {
        let checked: RequestValues
        do { checked = try spec.checkedForLua(values) } catch { throw LuaArgumentError(1, error.message) }
        return Self.auditParameters(spec, checked)
    }

    /// Runs `send`; Bybit's `code` ("not modified") is returned instead of raised.
    private func notModified(_ code: Int, _ send: () throws -> Void) throws -> Int? {
        do {
            try send()
            return nil
        } catch let error as BybitError where error.kind == "api" && error.code == code {
            return code
        }
    }
}
