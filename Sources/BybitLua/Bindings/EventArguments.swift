import BybitAPI
import BybitStreams
import LuaKit

/// `bybit.events`'s argument table: which feeds, which tickers (their categories from the
/// instrument list, as `add_margin` finds them), the timer and the staleness limit. Every
/// mistake is a `bad argument #1` naming the field, before anything is subscribed.
enum EventArguments {
    static let fields = ["tickers", "positions", "wallet", "orders", "executions", "every", "stale_after"]

    /// Reads `bybit.events`'s argument table into a subscription and the timer period.
    static func read(_ call: LuaCall, symbols: SymbolCategories) throws -> (StreamSubscription, Int64?) {
        let a = try ArgumentTable(call, 1, fields: fields)
        var s = StreamSubscription()
        for symbol in try tickerList(call) {
            let category = try symbols.resolve(symbol, given: nil, argument: 1, field: "tickers")
            guard !s.tickers.contains(where: { $0.symbol == symbol }) else { continue }
            s.tickers.append((symbol: symbol, category: category))
        }
        s.positions = try a.flag("positions", required: false) ?? false
        s.wallet = try a.flag("wallet", required: false) ?? false
        s.orders = try a.flag("orders", required: false) ?? false
        s.executions = try a.flag("executions", required: false) ?? false
        let every = try seconds(call, "every")
        if let stale = try seconds(call, "stale_after") { s.staleAfterMs = stale }
        if s.tickers.isEmpty && !s.needsPrivate && every == nil {
            throw LuaArgumentError(
                1, "nothing to wait for: give tickers, positions, wallet, orders, executions or every")
        }
        return (s, every)
    }

    /// `tickers`: a list of symbols (a single string is taken as a list of one).
    private static func tickerList(_ call: LuaCall) throws(LuaArgumentError) -> [String] {
        call.rawField(1, "tickers")
        defer { call.pop() }
        let t = call.top
        if call.isNoneOrNil(t) { return [] }
        if call.type(t) == LuaType.string, let one = call.string(t) { return [one] }
        guard call.type(t) == LuaType.table else {
            throw LuaArgumentError(1, "field 'tickers': list of symbols expected, got \(call.typeName(t))")
        }
        let count = call.rawLength(t)
        guard call.keys(t).count == count else {
            throw LuaArgumentError(1, "field 'tickers': a list of symbols expected (not a table with keys)")
        }
        var out: [String] = []
        for i in stride(from: 1, through: count, by: 1) {
            call.pushRawIndex(t, Int64(i))
            defer { call.pop() }
            guard call.type(-1) == LuaType.string, let s = call.string(-1), !s.isEmpty else {
                throw LuaArgumentError(
                    1, "field 'tickers': item \(i) must be a symbol (string), got \(call.typeName(-1))")
            }
            out.append(s)
        }
        return out
    }

    /// A positive number of seconds (at most a day), in ms.
    private static func seconds(_ call: LuaCall, _ name: String) throws(LuaArgumentError) -> Int64? {
        call.rawField(1, name)
        defer { call.pop() }
        if call.isNoneOrNil(-1) { return nil }
        guard call.type(-1) == LuaType.number, let s = call.number(-1) else {
            throw LuaArgumentError(1, "field '\(name)': number of seconds expected, got \(call.typeName(-1))")
        }
        guard s.isFinite, s > 0, s <= 86_400 else {
            throw LuaArgumentError(1, "field '\(name)': seconds above 0 and at most 86400 expected, got \(s)")
        }
        return max(1, Int64((s * 1000).rounded()))
    }
}
