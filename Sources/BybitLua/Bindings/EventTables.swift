import BybitAPI
import BybitStreams
import LuaKit

/// The tables `bybit.events` yields, one per ``StreamEvent``: `type`, and the object under
/// the type's name, converted by the catalog's shapes as the REST reads are (a position
/// the same as `bybit.position()` returns it).
enum EventTables {
    /// `[-0, +1, m]` Pushes the event's table.
    /// `tickers`: the state's ticker templates (a ticker converts only what changed).
    static func push(_ call: LuaCall, _ event: StreamEvent, tickers: TickerTables) {
        call.newTable(record: 5)
        switch event {
        case .ticker(let symbol, let ticker, let skipped):
            set(call, "type", "ticker")
            set(call, "symbol", symbol)
            tickers.push(call, symbol: symbol, ticker)
            // the ticker's own Decimal (Decimals cannot be changed: sharing one is safe)
            if call.rawField(-1, "markPrice") == LuaType.userdata {
                call.setField(-3, "markPrice")
            } else {
                call.pop()
            }
            call.setField(-2, "ticker")
            call.push(Int64(skipped))
            call.setField(-2, "skipped")
        case .position(let p):
            object(call, "position", p, shape: Catalog.position)
            // The stream names the entry price `entryPrice`, REST `avgPrice`: both are there.
            call.rawField(-1, "position")
            if call.rawField(-1, "avgPrice") == LuaType.nil {
                call.pop()
                call.rawField(-1, "entryPrice")
                call.setField(-2, "avgPrice")
            } else {
                call.pop()
            }
            call.pop()
        case .wallet(let w):
            object(call, "wallet", w, shape: Catalog.walletAccount)
        case .order(let o):
            object(call, "order", o, shape: Catalog.order)
        case .execution(let e):
            object(call, "execution", e, shape: Catalog.execution)
        case .reconnected(let feed):
            set(call, "type", "reconnected")
            set(call, "feed", feed)
        case .stale(let feed, let silentMs):
            set(call, "type", "stale")
            set(call, "feed", feed)
            call.push(silentMs)
            call.setField(-2, "silent_ms")
        }
    }

    /// `type = name`, `name = the object`, and `symbol` when it has one (for `bybit.on`'s filter).
    private static func object(_ call: LuaCall, _ name: String, _ value: JSONValue, shape: Shape) {
        set(call, "type", name)
        if let symbol = value["symbol"]?.stringValue, !symbol.isEmpty { set(call, "symbol", symbol) }
        JSONToLua.push(call.L, value, shape: shape)
        call.setField(-2, name)
    }

    private static func set(_ call: LuaCall, _ key: String, _ text: String) {
        call.push(text)
        call.setField(-2, key)
    }
}
