import BybitAPI
import LuaKit

/// Which category (linear or inverse) a symbol is listed in, as the exchange's
/// instrument list (`GET /v5/market/instruments-info`) says — never guessed from the
/// symbol's spelling. A symbol is looked up the first time a binding meets it without
/// a category and kept for the rest of the run, so `add_margin{symbol = "BTCUSD", …}`
/// goes out as inverse after at most two small reads, and later calls cost nothing.
///
/// Every binding that takes a symbol and an optional category goes through
/// ``resolve(_:given:argument:field:)``: an unknown symbol is then an argument error
/// naming it, raised before anything is sent.
final class SymbolCategories {
    private let session: BybitSession
    /// symbol → the category it is listed in; `nil` value: listed in neither.
    private var known: [String: BybitAPI.Category?] = [:]
    /// symbol → its instruments-info entry, as listed when it was looked up.
    private var listed: [String: JSONValue] = [:]
    /// The categories asked, in order (a symbol is listed in at most one of them).
    static let searched: [BybitAPI.Category] = [.linear, .inverse]

    init(session: BybitSession) { self.session = session }

    /// The category to send: `given` when the script named one, else the one the
    /// instrument list has `symbol` in.
    /// - Parameters:
    ///   - argument, field: where the symbol came from, for the error message
    ///     (`bad argument #1 to 'add_margin' (field 'symbol': …)`).
    /// - Throws: `LuaArgumentError` when no category lists `symbol`; the read's own
    ///   error (`ScriptError`) when the list cannot be read. Nothing else is sent.
    func resolve(
        _ symbol: String, given: BybitAPI.Category?, argument: Int32, field: String? = nil
    ) throws -> BybitAPI.Category {
        if let given { return given }
        if let category = try listing(symbol, argument: argument) { return category }
        throw unknown(symbol, argument: argument, field: field)
    }

    /// Explains a refusal of `symbol` in `category` when the instrument list shows why
    /// (not listed at all, or listed in another category); nil when it is listed there
    /// (the refusal had another cause, and the caller keeps the original error).
    func diagnose(_ symbol: String, in category: BybitAPI.Category, argument: Int32, field: String? = nil)
        -> LuaArgumentError?
    {
        guard Self.searched.contains(category) else { return nil }
        let listed: BybitAPI.Category?
        do { listed = try listing(symbol, argument: argument) } catch { return nil }  // keep the original error
        guard let listed else { return unknown(symbol, argument: argument, field: field) }
        guard listed != category else { return nil }
        return LuaArgumentError(
            argument,
            prefix(field)
                + "'\(symbol)' is listed as \(listed.rawValue), not \(category.rawValue) (omit category to use the listed one)"
        )
    }

    /// Runs a read of `symbol` in `category`; when the exchange refuses it with 10001 (a
    /// bare "params error"), the instrument list's explanation replaces it if it has one.
    func explaining<T>(_ symbol: String, in category: BybitAPI.Category, argument: Int32, _ read: () throws -> T) throws
        -> T
    {
        do {
            return try read()
        } catch let e as ScriptError where e.kind == "api" && e.code == BybitError.RetCode.parameterError {
            if let explained = diagnose(symbol, in: category, argument: argument) { throw explained }
            throw e
        }
    }

    /// The category the instrument list has `symbol` in, or nil; cached per run.
    private func listing(_ symbol: String, argument: Int32) throws -> BybitAPI.Category? {
        if let cached = known[symbol] { return cached }
        var found: BybitAPI.Category?
        for category in Self.searched where found == nil {
            if try isListed(symbol, in: category) { found = category }
        }
        known[symbol] = .some(found)
        return found
    }

    private func isListed(_ symbol: String, in category: BybitAPI.Category) throws -> Bool {
        do {
            let list = try session.client().instruments(InstrumentsInfoRequest(category: category, symbol: symbol))
            guard let entry = list.instruments.first(where: { $0.symbol == symbol }) else { return false }
            listed[symbol] = entry.raw
            return true
        } catch let error as BybitError {
            // Bybit answers an unlisted symbol with an empty list, the paper exchange
            // with 10001 "Not supported symbols"; both mean "not in this category".
            if error.kind == "api" && error.code == BybitError.RetCode.parameterError { return false }
            if error.kind == "validation" { throw LuaArgumentError(1, error.message) }
            throw ScriptError(error)
        }
    }

    private func unknown(_ symbol: String, argument: Int32, field: String?) -> LuaArgumentError {
        let env = session.options.environment
        return LuaArgumentError(
            argument,
            prefix(field)
                + "unknown symbol '\(symbol)': \(env) lists it neither as linear nor as inverse")
    }

    private func prefix(_ field: String?) -> String { field.map { "field '\($0)': " } ?? "" }
}

extension SymbolCategories {
    /// `bybit.category(symbol)`: the lookup itself, for Lua code (the stdlib's
    /// `bybit.margin.category` uses it for a position table that carries no `category`).
    var native: LuaNative {
        LuaNative(
            "category",
            LuaSignature(
                """
                "linear" or "inverse": the category the exchange's instrument list has `symbol` in
                (asked once per symbol per run). An unlisted symbol is an error naming it.
                """,
                parameters: [.init("symbol", "string")], returns: ["\"linear\"|\"inverse\""]),
            .closure { [self] call in
                let symbol = try call.checkString(1)
                call.push(try resolve(symbol, given: nil, argument: 1).rawValue)
                return 1
            })
    }
}

extension SymbolCategories {
    /// `bybit.instrument(symbol, category?)`: the symbol's instruments-info entry (tick
    /// size, lot-size and leverage filters), read once per run with the category lookup.
    var instrumentNative: LuaNative {
        LuaNative(
            "instrument",
            LuaSignature(
                """
                The instrument `symbol` as the exchange lists it (priceFilter.tickSize, lotSizeFilter.qtyStep,
                minOrderQty, leverageFilter, settleCoin, …); without `category`, the instrument list's. Read once
                per symbol per run. An unlisted symbol is an error naming it.
                """,
                parameters: [.init("symbol", "string"), .init("category?", "\"linear\"|\"inverse\"")],
                returns: ["bybit.Instrument"]),
            .closure { [self] call in
                let symbol = try call.checkString(1)
                let given = call.isNoneOrNil(2) ? nil : BybitAPI.Category(rawValue: try call.checkString(2))
                let category = try resolve(symbol, given: given, argument: 1)
                if listed[symbol] == nil || (known[symbol] ?? nil) != category {
                    guard try isListed(symbol, in: category) else {
                        throw diagnose(symbol, in: category, argument: 1) ?? unknown(symbol, argument: 1, field: nil)
                    }
                }
                JSONToLua.push(call.L, listed[symbol] ?? .null, shape: Catalog.instrument)
                return 1
            })
    }
}
