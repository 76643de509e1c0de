import BybitAPI
import LuaKit

/// What `bybit.positions` and `bybit.position` hand to Lua from a position list: the
/// open positions, each with the `category` it was listed under (Bybit puts that on
/// the page, not on the row), so `bybit.margin` and a later `add_margin` know it
/// without guessing from the symbol.
enum PositionSelection {
    /// The open positions of `list`, each carrying `category`.
    static func open(_ list: PositionList) -> [JSONValue] {
        list.positions.map { withCategory($0.raw, list.category) }.filter(ReadBindings.isOpen)
    }

    /// The one open position `bybit.position` returns, or nil when flat.
    ///
    /// A `positionIdx` that is not one of the symbol's slots is an error, not "flat":
    /// a symbol in hedge mode has slots 1 and 2, one in one-way mode slot 0, and Bybit
    /// lists every slot of a symbol asked for by name, open or not.
    /// - Throws: `LuaArgumentError` for a `positionIdx` that does not match the
    ///   symbol's position mode, or for two open positions and no `positionIdx`.
    static func one(_ list: PositionList, symbol: String, positionIdx: Int?) throws(LuaArgumentError) -> JSONValue? {
        let rows = list.positions.filter { $0.symbol == symbol }
        let slots = Set(rows.compactMap(\.positionIdx))
        if let idx = positionIdx, !slots.isEmpty, !slots.contains(idx) {
            throw LuaArgumentError(
                1,
                "positionIdx \(idx) does not match \(symbol)'s position mode: "
                    + (slots.contains(0)
                        ? "it is in one-way mode (positionIdx 0)"
                        : "it is in hedge mode (positionIdx 1 buy side, 2 sell side)"))
        }
        var open = open(list).filter { $0["symbol"]?.stringValue == symbol }
        if let idx = positionIdx { open = open.filter { $0["positionIdx"]?.intValue == Int64(idx) } }
        if open.count > 1 {
            throw LuaArgumentError(
                1, "\(symbol) has \(open.count) open positions (hedge mode); pass positionIdx (1 buy side, 2 sell side)"
            )
        }
        return open.first
    }

    private static func withCategory(_ row: JSONValue, _ category: BybitAPI.Category) -> JSONValue {
        guard case .object(var members) = row, members["category"] == nil else { return row }
        members["category"] = .string(category.rawValue)
        return .object(members)
    }
}
