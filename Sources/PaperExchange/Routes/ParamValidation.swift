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

    /// `margin`: a JSON string checked by ``MarginAmount`` (BybitAPI), the rule the client
    /// applies to the text it sends, so paper and client accept the same strings.
    ///
    /// A JSON number is refused even when its value is fine: Bybit declares the field a
    /// string and rejects numbers for string fields, and accepting `10.5` would hide the
    /// precision bug that numbers cause in client code.
    static func margin(_ params: RequestParams) throws(PaperAPIError) -> ExactDecimal {
        guard let raw = params.value("margin"), raw != .null else {
            throw .params("missing required parameter 'margin'")
        }
        guard case .string(let text) = raw else {
            throw .params("margin must be a string such as \"10.5\", got \(raw.typeName) \(raw.serialized)")
        }
        do {
            return try MarginAmount.parse(text)
        } catch {
            throw .params(error.description)
        }
    }

    /// `autoAddMargin` (or the docs' own spelling `autoAddmargin`): integer 0 or 1.
    static func autoAddMargin(_ params: RequestParams) throws(PaperAPIError) -> Bool {
        let proper = try params.integer("autoAddMargin")
        let docsTypo = try params.integer("autoAddmargin")
        if let proper, let docsTypo, proper != docsTypo {
            throw .params("autoAddMargin and autoAddmargin disagree")
        }
        guard let value = proper ?? docsTypo else { throw .params("missing required parameter 'autoAddMargin'") }
        guard value == 0 || value == 1 else { throw .params("autoAddMargin must be 0 or 1, got \(value)") }
        return value == 1
    }
}
