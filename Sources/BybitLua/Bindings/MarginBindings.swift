import BybitAPI
import LuaKit

/// `add_margin{…}` and `set_auto_add_margin{…}`: globals in every script and the
/// REPL, and fields of `require "bybit"`.
enum MarginBindings {
    static func natives(_ session: BybitSession) -> [LuaNative] {
        [
            LuaNative("add_margin", LuaSignature(
                """
                Adds (positive `margin`) or reduces (negative) the margin of an isolated position.
                Returns the updated position. Never re-sent when its outcome is unknown: it raises
                `outcome_unknown` with the position as re-read. Raises `guard` past --max-margin.
                With --dry-run returns `{dryRun = true, request = {…}}` and sends nothing.
                """,
                parameters: [.init("args", "bybit.AddMarginArgs")], returns: ["bybit.Position|bybit.DryRun"]),
                .closure { call in
                    let a = try ArgumentTable(call, 1, fields: ["category", "symbol", "margin", "positionIdx"])
                    let request = AddMarginRequest(
                        category: try a.category(), symbol: try a.string("symbol", required: true)!,
                        margin: try a.decimal("margin", required: true)!, positionIdx: try a.integer("positionIdx"))
                    return push(try session.addMargin(request), call)
                }),
            LuaNative("set_auto_add_margin", LuaSignature(
                """
                Turns auto-add-margin on or off for an isolated linear position (`autoAddMargin`
                takes true/false or 1/0). Returns true. With --dry-run returns `{dryRun = true, request = {…}}`.
                """,
                parameters: [.init("args", "bybit.SetAutoAddMarginArgs")], returns: ["true|bybit.DryRun"]),
                .closure { call in
                    let a = try ArgumentTable(call, 1, fields: ["category", "symbol", "autoAddMargin", "positionIdx"])
                    let request = SetAutoAddMarginRequest(
                        category: try a.category(), symbol: try a.string("symbol", required: true)!,
                        autoAddMargin: try a.flag("autoAddMargin", required: true)!, positionIdx: try a.integer("positionIdx"))
                    switch try session.setAutoAddMargin(request) {
                    case .sent:
                        call.push(true)
                        return 1
                    case .dryRun(let params):
                        pushDryRun(call, params)
                        return 1
                    }
                }),
        ]
    }

    private static func push(_ result: BybitSession.MutationResult, _ call: LuaCall) -> Int32 {
        switch result {
        case .sent(let raw): JSONToLua.push(call.L, raw)
        case .dryRun(let params): pushDryRun(call, params)
        }
        return 1
    }

    private static func pushDryRun(_ call: LuaCall, _ params: [(String, String)]) {
        call.newTable(record: 2)
        call.push(true)
        call.setField(-2, "dryRun")
        pushParams(call, params)
        call.setField(-2, "request")
    }
}
