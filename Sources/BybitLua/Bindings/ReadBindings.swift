import BybitAPI
import LuaKit

/// The reads margin decisions need: positions, one position, a ticker, the wallet,
/// the server time. Results are plain tables with Bybit's field names.
enum ReadBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories, streams: OpenStreams) -> [LuaNative] {
        [
            LuaNative(
                "positions",
                LuaSignature(
                    "All open positions (pages followed). Linear with neither symbol nor settleCoin lists USDT-settled ones.",
                    parameters: [
                        .init("args?", "{category?: string, symbol?: string, settleCoin?: string, baseCoin?: string}")
                    ],
                    returns: ["bybit.Position[]"]),
                .closure { call in
                    var request = PositionListRequest(category: .linear)
                    if !call.isNoneOrNil(1) {
                        let a = try ArgumentTable(call, 1, endpoint: Catalog.positionList, except: ["limit", "cursor"])
                        let symbol = try a.string("symbol")
                        let given = try a.optionalCategory()
                        request = PositionListRequest(
                            category: try symbol.map { s in
                                try symbols.resolve(s, given: given, argument: 1, field: "symbol")
                            }
                                ?? given ?? .linear,
                            symbol: symbol,
                            baseCoin: try a.string("baseCoin"), settleCoin: try a.string("settleCoin"))
                    }
                    if request.category == .linear, request.symbol == nil, request.settleCoin == nil,
                        request.baseCoin == nil
                    {
                        request.settleCoin = "USDT"
                    }
                    let list = try reading(request) { (r) in try session.client().positions(r) }
                    JSONToLua.push(call.L, .array(PositionSelection.open(list)), shape: Catalog.position)
                    return 1
                }),
            LuaNative(
                "position",
                LuaSignature(
                    """
                    One open position, or nil when flat. Without `category`, the instrument list's. In hedge mode
                    pass positionIdx (1 buy side, 2 sell side); a positionIdx that does not match the symbol's
                    position mode, or an unlisted symbol, is an error.
                    """,
                    parameters: [.init("symbol", "string|{symbol: string, category?: string, positionIdx?: integer}")],
                    returns: ["bybit.Position?"]),
                .closure { call in
                    var category: BybitAPI.Category?
                    var symbol: String
                    var idx: Int?
                    if let s = call.string(1) {
                        symbol = s
                    } else if call.type(1) == LuaType.table {
                        let a = try ArgumentTable(call, 1, fields: ["symbol", "category", "positionIdx"])
                        symbol = try a.string("symbol", required: true)!
                        category = try a.optionalCategory()
                        idx = try a.integer("positionIdx")
                    } else {
                        throw call.typeError(1, expected: "string or table")
                    }
                    let request = PositionListRequest(
                        category: try symbols.resolve(symbol, given: category, argument: 1), symbol: symbol)
                    let list = try symbols.explaining(symbol, in: request.category, argument: 1) {
                        try reading(request) { (r) in try session.client().positions(r) }
                    }
                    if let p = try PositionSelection.one(list, symbol: symbol, positionIdx: idx) {
                        JSONToLua.push(call.L, p, shape: Catalog.position)
                    } else {
                        call.pushNil()
                    }
                    return 1
                }),
            LuaNative(
                "ticker",
                LuaSignature(
                    """
                    The ticker (markPrice, lastPrice, indexPrice, …) of one symbol. Without `category`, the
                    instrument list's. An unlisted symbol is an error naming it. While a bybit.events loop
                    subscribes to the symbol, the stream's latest merged ticker (no REST call).
                    """,
                    parameters: [.init("symbol", "string"), .init("category?", "string")], returns: ["bybit.Ticker"]),
                .closure { call in
                    let symbol = try call.checkString(1)
                    let given = call.isNoneOrNil(2) ? nil : BybitAPI.Category(rawValue: try call.checkString(2))
                    if let streamed = streams.ticker(symbol) {  // subscribed: the stream's state, no REST call
                        JSONToLua.push(call.L, streamed, shape: Catalog.ticker)
                        return 1
                    }
                    let category = try symbols.resolve(symbol, given: given, argument: 1)
                    let list = try symbols.explaining(symbol, in: category, argument: 1) {
                        try reading(TickersRequest(category: category, symbol: symbol)) { (r) in
                            try session.client().tickers(r)
                        }
                    }
                    guard let t = list.tickers.first(where: { $0.symbol == symbol }) else {
                        if let explained = symbols.diagnose(symbol, in: category, argument: 1) { throw explained }
                        throw ScriptError(
                            kind: "api", message: "no ticker for '\(symbol)' in \(category)",
                            endpoint: "/v5/market/tickers")
                    }
                    JSONToLua.push(call.L, t.raw, shape: Catalog.ticker)
                    return 1
                }),
            LuaNative(
                "wallet",
                LuaSignature(
                    "The unified account's wallet: totals, and `coin`, an array of per-coin balances (only `coin` when given).",
                    parameters: [.init("args?", "{coin?: string, accountType?: string}")], returns: ["bybit.Wallet?"]),
                .closure { call in
                    var request = WalletBalanceRequest()
                    if !call.isNoneOrNil(1) {
                        let a = try ArgumentTable(call, 1, endpoint: Catalog.walletBalance)
                        request = WalletBalanceRequest(
                            accountType: try a.string("accountType") ?? "UNIFIED",
                            coins: (try a.string("coin")).map { [$0] } ?? [])
                    }
                    let w = try reading(request) { (r) in try session.client().walletBalance(r) }
                    if let account = w.raw["list"]?.arrayValue?.first {
                        JSONToLua.push(call.L, account, shape: Catalog.walletAccount)
                    } else {
                        call.pushNil()
                    }
                    return 1
                }),
            LuaNative(
                "server_time", LuaSignature("The exchange's clock, in milliseconds.", returns: ["integer"]),
                .closure { call in
                    let t = try reading(()) { (_: ()) in try session.client().serverTime() }
                    call.push(t.milliseconds)
                    return 1
                }),
        ]
    }

    /// `bybit.account()`: the account's settings, `marginMode` among them.
    static func account(_ session: BybitSession) -> LuaNative {
        LuaNative(
            "account",
            LuaSignature(
                """
                The account's settings (GET /v5/account/info): `marginMode` is "ISOLATED_MARGIN",
                "REGULAR_MARGIN" (cross) or "PORTFOLIO_MARGIN" — the margin mode, which a position's
                deprecated `tradeMode` does not tell.
                """,
                returns: ["bybit.AccountInfo"]),
            .closure { call in
                let info = try reading(()) { (_: ()) in try session.client().accountInfo() }
                JSONToLua.push(call.L, info.raw, shape: Catalog.accountInfoShape)
                return 1
            })
    }

    /// A position with a non-zero size (Bybit lists flat one-way positions too).
    static func isOpen(_ p: JSONValue) -> Bool {
        guard let size = p["size"]?.stringValue, let d = try? ExactDecimal(parsing: size) else { return false }
        return !d.isZero
    }

    /// Runs a read; validation problems become argument errors, the rest script errors.
    static func reading<R, T>(_ request: R, _ body: (R) throws -> T) throws -> T {
        do {
            return try body(request)
        } catch let error as BybitError {
            if error.kind == "validation" { throw LuaArgumentError(1, error.message) }
            throw ScriptError(error)
        }
    }
}
