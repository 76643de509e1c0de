import BybitAPI
import LuaKit

/// `ev.ticker` for each ticker event, converted from the ticker's JSON by the catalog's
/// shape — but only the members that changed since the last ticker of that symbol.
///
/// A ticker has some 26 members; from one push to the next a few change (the prices),
/// the rest (funding, sizes, the symbol) do not. Each symbol keeps a private template of
/// its last ticker's converted members beside that ticker's JSON; a new ticker converts
/// the members that differ into it, and the script gets a table built from it (its own
/// table, so what a script writes into `ev.ticker` never reaches a later event; the
/// Decimals in it are shared, and a Decimal cannot be changed). The table a script sees
/// has the keys, values and types a whole conversion gives.
///
/// A template is a sequence of key/value pairs (1, 2 / 3, 4 / …; a nil value for a
/// member left out): copying it reads by index. One per Lua state; used on the Lua
/// thread only.
final class TickerTables {
    /// `{ [symbol] = template }`, kept by this object alone (a registry slot of its own:
    /// another instance on the same state could not write templates this one's
    /// ``previous`` does not know of).
    private var templates: LuaRef?
    /// The ticker each template holds.
    private var previous: [String: JSONObject] = [:]

    /// `[-0, +1, m]` Pushes `ev.ticker` for `ticker`, the newest ticker of `symbol`.
    func push(_ call: LuaCall, symbol: String, _ ticker: JSONValue) {
        guard case .object(let object) = ticker, call.ensureStack(8) else {
            JSONToLua.push(call.L, ticker, shape: Catalog.ticker)
            return
        }
        if let templates {
            templates.push(call.L)
        } else {
            call.newTable()
            call.pushCopy(-1)
            templates = LuaRef(popping: call.state)
        }
        // templates
        let held = previous.removeValue(forKey: symbol)  // until the template holds `object`
        if call.rawField(-1, symbol) == LuaType.table, let changed = held.flatMap(object.changedPositions) {
            write(call, object, at: changed)
        } else {  // the first ticker of `symbol`, or one with other keys: converted whole
            call.pop()
            call.newTable(array: Int32(clamping: 2 * object.count))
            for n in object.indices {
                call.push(object[n].key)
                call.setIndex(-2, Int64(2 * n + 1))
            }
            write(call, object, at: object.indices)
            call.pushCopy(-1)
            call.setField(-3, symbol)
        }
        // templates template
        previous[symbol] = object
        call.pushRecord(fromPairs: -1, count: object.count)
        call.remove(-2)
        call.remove(-2)
    }

    /// Converts the members at `positions` into the template on top.
    private func write(_ call: LuaCall, _ object: JSONObject, at positions: some Collection<Int>) {
        guard !positions.isEmpty else { return }
        let template = call.top
        let decimals = DecimalBridge.pushMetatable(call.L)
        // The last decimal converted: a decimal member with the same text shares its
        // Decimal (last, index and mark price are one text on the paper exchange).
        var lastDecimal: (position: Int, value: JSONValue)?
        for n in positions {
            let value = object[n].value
            let isDecimal: Bool
            if case .decimal? = Catalog.ticker.kind(of: object, at: n) { isDecimal = true } else { isDecimal = false }
            if isDecimal, let lastDecimal, lastDecimal.value == value {
                call.pushRawIndex(template, Int64(2 * lastDecimal.position + 2))
            } else {
                JSONToLua.pushMember(call.L, object, at: n, shape: Catalog.ticker, decimals: decimals)
            }
            call.setIndex(template, Int64(2 * n + 2))
            if isDecimal { lastDecimal = (n, value) }
        }
        call.remove(decimals)
    }
}
