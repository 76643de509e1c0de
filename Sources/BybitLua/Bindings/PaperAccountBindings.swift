import BybitAPI
import LuaKit

/// `bybit.paper.open_position`, `set_wallet`, `set_margin_mode`, `set_position_mode`:
/// put the run's paper account in a chosen state (tests, the REPL). Arguments are checked
/// here first (Lua's `bad argument` form); what only the exchange can judge — an unlisted
/// symbol, a size off the lot grid, a wallet that cannot hold the margin — comes back as
/// a `bad argument` too, in the exchange's words. Nothing is changed when refused.
enum PaperAccountBindings {
    static let amount = "Decimal|string|integer|number"

    static func natives(_ session: BybitSession) -> [LuaNative] {
        [
            LuaNative(
                "open_position",
                LuaSignature(
                    "Paper exchange only: opens (or replaces) a position in the run's account, with no order and no fee; entry at the mark and the slot's leverage unless given, positionIdx from the side in hedge mode. Read it back with `bybit.position`.",
                    parameters: [
                        .init(
                            "args",
                            "{symbol: string, side: \"Buy\"|\"Sell\", size: \(amount), entryPrice?: \(amount), leverage?: \(amount), positionIdx?: integer}"
                        )
                    ]),
                .closure { call in
                    let a = try ArgumentTable(
                        call, 1, fields: ["symbol", "side", "size", "entryPrice", "leverage", "positionIdx"])
                    let symbol = try a.string("symbol", required: true) ?? ""
                    let side = try a.string("side", required: true) ?? ""
                    guard side == "Buy" || side == "Sell" else {
                        throw LuaArgumentError(1, "field 'side': \"Buy\" or \"Sell\" expected, got '\(side)'")
                    }
                    let size = try positive(a, "size", required: true) ?? .zero
                    let request = PaperPositionRequest(
                        symbol: symbol, side: side, size: size, entryPrice: try positive(a, "entryPrice"),
                        leverage: try positive(a, "leverage"), positionIdx: try a.integer("positionIdx"))
                    try control(session, "/paper/position") { (c) throws(PaperControlRefusal) in
                        try c.openPosition(request)
                    }
                    return 0
                }),
            LuaNative(
                "set_wallet",
                LuaSignature(
                    "Paper exchange only: sets the wallet balance of `coin` (USDT, USDC, BTC, …) in the run's account; not below the margin its open positions hold.",
                    parameters: [.init("args", "{coin: string, amount: \(amount)}")]),
                .closure { call in
                    let a = try ArgumentTable(call, 1, fields: ["coin", "amount"])
                    let coin = try a.string("coin", required: true) ?? ""
                    let value = try a.decimal("amount", required: true) ?? .zero
                    guard value.sign >= 0 else {
                        throw LuaArgumentError(1, "field 'amount': must not be negative, got \(value)")
                    }
                    try control(session, "/paper/wallet") { (c) throws(PaperControlRefusal) in
                        try c.setWallet(coin: coin, amount: value)
                    }
                    return 0
                }),
            LuaNative(
                "set_margin_mode",
                LuaSignature(
                    "Paper exchange only: sets the run's account margin mode, without Bybit's checks; the engine then reacts (a position isolated margin no longer keeps alive is liquidated).",
                    parameters: [.init("mode", "\"ISOLATED_MARGIN\"|\"REGULAR_MARGIN\"|\"PORTFOLIO_MARGIN\"")]),
                .closure { call in
                    let mode = try call.checkString(1)
                    try control(session, "/paper/margin-mode") { (c) throws(PaperControlRefusal) in
                        try c.setMarginMode(mode)
                    }
                    return 0
                }),
            LuaNative(
                "set_position_mode",
                LuaSignature(
                    "Paper exchange only: puts a flat linear USDT symbol in hedge mode or back in one-way mode.",
                    parameters: [.init("symbol", "string"), .init("mode", "\"hedge\"|\"one-way\"")]),
                .closure { call in
                    let symbol = try call.checkString(1)
                    let mode = try call.checkString(2)
                    guard mode == "hedge" || mode == "one-way" else {
                        throw LuaArgumentError(2, "\"hedge\" or \"one-way\" expected, got '\(mode)'")
                    }
                    try control(session, "/paper/position-mode") { (c) throws(PaperControlRefusal) in
                        try c.setPositionMode(symbol: symbol, hedge: mode == "hedge")
                    }
                    return 0
                }),
        ]
    }

    /// A decimal field that must be positive when present.
    private static func positive(_ a: ArgumentTable, _ name: String, required: Bool = false) throws(LuaArgumentError)
        -> ExactDecimal?
    {
        guard let value = try a.decimal(name, required: required) else { return nil }
        guard value.sign > 0 else { throw LuaArgumentError(1, "field '\(name)': must be positive, got \(value)") }
        return value
    }

    /// Runs a control on the run's paper exchange. The exchange's 10001 (input it cannot
    /// take) is a bad argument #1; any other refusal an `api` error naming the control.
    private static func control(
        _ session: BybitSession, _ endpoint: String,
        _ body: (PaperAccountControl) throws(PaperControlRefusal) -> Void
    ) throws {
        guard let control = try session.paper() as? PaperAccountControl else {
            throw ScriptError(kind: "api", message: "no paper exchange in this run", endpoint: endpoint)
        }
        do {
            try body(control)
        } catch {
            if error.code == 10001 { throw LuaArgumentError(1, error.message) }
            throw ScriptError(kind: "api", code: error.code, message: error.message, endpoint: endpoint)
        }
    }
}
