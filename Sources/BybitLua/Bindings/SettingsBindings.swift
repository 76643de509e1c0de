import BybitAPI
import LuaKit

/// `bybit.set_leverage`, `bybit.trading_stop`, `bybit.switch_mode` and
/// `bybit.set_margin_mode`: the settings a margin policy moves, each a mutation through
/// the session (checks, dry run, audit, no re-send of an uncertain outcome).
enum SettingsBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories) -> [LuaNative] {
        [leverage(session, symbols), tradingStop(session, symbols), switchMode(session, symbols), marginMode(session)]
    }

    private static let changed = "{changed: boolean}"

    private static func leverage(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "set_leverage",
            LuaSignature(
                """
                Sets a position's leverage (buyLeverage = sellLeverage except for hedge-mode isolated positions).
                Returns `{changed = true}`, or `{changed = false}` when the leverage already had that value
                (Bybit's 110043, which is not an error). With --dry-run returns `{dryRun = true, request = {…}}`.
                """,
                parameters: [.init("args", "bybit.SetLeverageArgs")], returns: ["\(changed)|bybit.DryRun"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, endpoint: Catalog.setLeverage)
                let symbol = try a.string("symbol", required: true)!
                let buy = try a.decimal("buyLeverage", required: true)!
                let sell = try a.decimal("sellLeverage", required: true)!
                let category = try symbols.resolve(
                    symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                let request = SetLeverageRequest(
                    category: category, symbol: symbol, buyLeverage: buy, sellLeverage: sell)
                let result = try symbols.explaining(symbol, in: category, argument: 1) {
                    try session.setLeverage(request)
                }
                return OrderBindings.push(result, call, shape: nil)
            })
    }

    private static func tradingStop(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "trading_stop",
            LuaSignature(
                """
                Sets the stop-loss, take-profit and/or trailing stop of a position (server-side: they survive the
                runner). `"0"` cancels one. tpslMode defaults to "Full" (the whole position) and positionIdx to 0
                (one-way; in hedge mode give 1 or 2). Returns true. With --dry-run returns
                `{dryRun = true, request = {…}}` (`flat = true` and a note when the position is flat).
                """,
                parameters: [.init("args", "bybit.TradingStopArgs")], returns: ["true|bybit.DryRun"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, endpoint: Catalog.tradingStop)
                let symbol = try a.string("symbol", required: true)!
                let category = try symbols.resolve(
                    symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                var request = TradingStopRequest(category: category, symbol: symbol)
                request.positionIdx = try a.integer("positionIdx") ?? 0
                request.stopLoss = try a.decimal("stopLoss", required: false)
                request.takeProfit = try a.decimal("takeProfit", required: false)
                request.trailingStop = try a.decimal("trailingStop", required: false)
                request.tpslMode = try a.string("tpslMode") ?? "Full"
                request.slTriggerBy = try a.string("slTriggerBy")
                request.tpTriggerBy = try a.string("tpTriggerBy")
                let result = try symbols.explaining(symbol, in: category, argument: 1) {
                    try session.tradingStop(request)
                }
                if case .dryRun(let dry) = result {
                    dry.push(call)
                } else {
                    call.push(true)
                }
                return 1
            })
    }

    private static func switchMode(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "switch_mode",
            LuaSignature(
                """
                Switches the position mode of a symbol, or of every symbol settled in `coin`, to "one-way" or
                "hedge" (linear contracts; Bybit refuses with open positions or orders: 110024, 110028). Returns
                `{changed = true}`, or `{changed = false}` when it already was in that mode (110025).
                With --dry-run returns `{dryRun = true, request = {…}}`.
                """,
                parameters: [
                    .init(
                        "args", "{symbol?: string, coin?: string, mode: \"one-way\"|\"hedge\", category?: \"linear\"}")
                ],
                returns: ["\(changed)|bybit.DryRun"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, endpoint: Catalog.switchMode)
                let symbol = try a.string("symbol")
                let coin = try a.string("coin")
                guard symbol != nil || coin != nil else {
                    throw LuaArgumentError(1, "field 'symbol' or 'coin': one of them is required")
                }
                let mode = try modeNumber(a)
                // A symbol's listed category, so an inverse one meets the catalog's reason (one-way only).
                let given = try a.optionalCategory()
                let category =
                    try given ?? symbol.map { try symbols.resolve($0, given: nil, argument: 1, field: "symbol") }
                    ?? .linear
                let request = SwitchModeRequest(category: category, symbol: symbol, coin: coin, mode: mode)
                return OrderBindings.push(try session.switchMode(request), call, shape: nil)
            })
    }

    /// `mode`: "one-way" or "hedge" (Bybit's 0 and 3 are taken too).
    private static func modeNumber(_ a: ArgumentTable) throws -> Int {
        a.call.rawField(a.index, "mode")
        defer { a.call.pop() }
        let top = a.call.top
        if let n = a.call.integer(top), a.call.type(top) == LuaType.number, n == 0 || n == 3 { return Int(n) }
        switch a.call.string(top) {
        case "one-way"?: return 0
        case "hedge"?: return 3
        default:
            let got = a.call.isNoneOrNil(top) ? "nothing" : "'\(a.call.value(top))'"
            throw LuaArgumentError(1, "field 'mode': \"one-way\" or \"hedge\" expected, got \(got)")
        }
    }

    private static func marginMode(_ session: BybitSession) -> LuaNative {
        LuaNative(
            "set_margin_mode",
            LuaSignature(
                """
                Sets the account's margin mode: "ISOLATED_MARGIN", "REGULAR_MARGIN" (cross) or "PORTFOLIO_MARGIN".
                Returns `{changed = true}`, or `{changed = false}` when the account already was in that mode
                (110026). A refusal (3400045) is an `api` error. With --dry-run returns `{dryRun = true, request = {…}}`.
                """,
                parameters: [.init("mode", "\"ISOLATED_MARGIN\"|\"REGULAR_MARGIN\"|\"PORTFOLIO_MARGIN\"")],
                returns: ["\(changed)|bybit.DryRun"]),
            .closure { call in
                let mode = try call.checkString(1)
                let result = try session.setMarginMode(SetMarginModeRequest(mode: mode))
                return OrderBindings.push(result, call, shape: nil)
            })
    }
}
