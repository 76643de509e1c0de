import BybitAPI
import LuaKit

/// `add_margin{…}` and `set_auto_add_margin{…}`: globals in every script and the
/// REPL, and fields of `require "bybit"`.
enum MarginBindings {
    /// - Parameter symbols: where a call without `category` learns the symbol's.
    static func natives(_ session: BybitSession, symbols: SymbolCategories) -> [LuaNative] {
        [
            LuaNative(
                "add_margin",
                LuaSignature(
                    """
                    Adds (positive `margin`) or reduces (negative) the margin of an isolated position.
                    Without `category`, the symbol's category comes from the exchange's instrument list
                    (looked up once per run); an unlisted symbol is an error naming it, and nothing is sent.
                    Returns the updated position. Never re-sent when its outcome is unknown: it raises
                    `outcome_unknown` with the position as re-read. Raises `guard` past --max-margin.
                    With --dry-run returns `{dryRun = true, request = {…}}` and sends nothing (`flat = true`
                    and a `note` when the position is flat: the exchange would refuse the call).
                    """,
                    parameters: [.init("args", "bybit.AddMarginArgs")], returns: ["bybit.Position|bybit.DryRun"]),
                .closure { call in
                    let a = try ArgumentTable(call, 1, endpoint: Catalog.addMargin)
                    let symbol = try a.string("symbol", required: true)!
                    let margin = try a.decimal("margin", required: true)!
                    let idx = try a.integer("positionIdx")
                    let category = try symbols.resolve(
                        symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                    let request = AddMarginRequest(category: category, symbol: symbol, margin: margin, positionIdx: idx)
                    return push(try session.addMargin(request), call)
                }),
            LuaNative(
                "set_auto_add_margin",
                LuaSignature(
                    """
                    Turns auto-add-margin on or off for an isolated linear position (`autoAddMargin`
                    takes true/false or 1/0); without `category`, the instrument list's. Returns true. With --dry-run returns `{dryRun = true, request = {…}}`.
                    """,
                    parameters: [.init("args", "bybit.SetAutoAddMarginArgs")], returns: ["true|bybit.DryRun"]),
                .closure { call in
                    let a = try ArgumentTable(call, 1, endpoint: Catalog.setAutoAddMargin)
                    let symbol = try a.string("symbol", required: true)!
                    let flag = try a.flag("autoAddMargin", required: true)!
                    let idx = try a.integer("positionIdx")
                    let category = try symbols.resolve(
                        symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                    let request = SetAutoAddMarginRequest(
                        category: category, symbol: symbol, autoAddMargin: flag, positionIdx: idx)
                    switch try session.setAutoAddMargin(request) {
                    case .sent:
                        call.push(true)
                        return 1
                    case .dryRun(let dry):
                        dry.push(call)
                        return 1
                    }
                }),
        ]
    }

    private static func push(_ result: BybitSession.MutationResult, _ call: LuaCall) -> Int32 {
        switch result {
        case .sent(let raw): JSONToLua.push(call.L, raw, shape: Catalog.position)
        case .dryRun(let dry): dry.push(call)
        }
        return 1
    }
}
