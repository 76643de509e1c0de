import BybitAPI

/// What the routes check against the book once the catalog has read a request's fields
/// (10001 with a message that names the field).
enum ParamValidation {
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
}
