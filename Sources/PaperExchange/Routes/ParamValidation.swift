import BybitAPI

/// Checks of the parameters the routes share, each failing with 10001 and a message that
/// says what is wrong with which field.
enum ParamValidation {
    /// `category`, required, one of `allowed`.
    static func category(_ params: RequestParams, allowed: [String]) throws(PaperAPIError) -> String {
        let value = try params.requiredString("category")
        guard allowed.contains(value) else {
            throw .params("category '\(value)' is not supported here; expected \(allowed.joined(separator: " or "))")
        }
        return value
    }

    /// `symbol` in upper case, or nil when absent and not required.
    static func symbol(_ params: RequestParams, required: Bool) throws(PaperAPIError) -> String? {
        guard let symbol = required ? try params.requiredString("symbol") : try params.string("symbol") else {
            return nil
        }
        guard symbol == symbol.uppercased() else {
            throw .params("symbol '\(symbol)' must be upper-case, e.g. '\(symbol.uppercased())'")
        }
        return symbol
    }

    /// The listed instrument `symbol` in `category`.
    static func instrument(_ symbol: String, category: String, in book: Book) throws(PaperAPIError) -> Instrument {
        guard let instrument = book.instrument(symbol) else {
            throw .params("Not supported symbols: '\(symbol)' is not listed")
        }
        guard instrument.category.rawValue == category else {
            throw .params("Not supported symbols: '\(symbol)' is \(instrument.category.rawValue), not \(category)")
        }
        return instrument
    }

    /// `positionIdx`: optional integer in {0, 1, 2}.
    static func positionIdx(_ params: RequestParams) throws(PaperAPIError) -> Int? {
        guard let idx = try params.integer("positionIdx") else { return nil }
        guard (0...2).contains(idx) else {
            throw .params("positionIdx must be 0 (one-way), 1 (hedge buy) or 2 (hedge sell), got \(idx)")
        }
        return Int(idx)
    }
}
