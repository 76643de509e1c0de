/// The checks made before anything is sent (README, "Errors": nothing invalid is sent).
/// Each returns the reason as a sentence naming the parameter and what is allowed, so
/// the Lua layer can put it inside `bad argument #1 to 'add_margin' (...)` unchanged.
enum Validation {
    /// A symbol: non-empty, upper-case ASCII letters and digits, `-` allowed (options such
    /// as `BTC-29JUL22-25000-C`).
    static func symbol(_ symbol: String, name: String = "symbol", endpoint: String) throws(BybitError) {
        guard !symbol.isEmpty else { throw .validation("\(name) must not be empty", endpoint: endpoint) }
        guard symbol.utf8.count <= 64 else {
            throw .validation("\(name) is too long (\(symbol.utf8.count) bytes, at most 64)", endpoint: endpoint)
        }
        for byte in symbol.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                throw .validation(
                    "\(name) must be upper-case: '\(symbol)' (did you mean '\(symbol.uppercased())'?)",
                    endpoint: endpoint)
            default:
                throw .validation(
                    "\(name) may contain only A-Z, 0-9 and '-': \(String(reflecting: symbol))", endpoint: endpoint)
            }
        }
    }

    /// A coin name (`settleCoin`, `baseCoin`, `coin`): same alphabet as a symbol.
    static func coin(_ coin: String, name: String, endpoint: String) throws(BybitError) {
        try symbol(coin, name: name, endpoint: endpoint)
    }

    /// `category` must be one of `allowed` for this endpoint.
    static func category(_ category: Category, allowed: [Category], endpoint: String) throws(BybitError) {
        guard allowed.contains(category) else {
            let list = allowed.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw .validation(
                "category '\(category.rawValue)' is not allowed for \(endpoint); expected \(list)", endpoint: endpoint)
        }
    }

    /// `positionIdx`: 0 one-way, 1 hedge Buy, 2 hedge Sell.
    static func positionIdx(_ idx: Int?, endpoint: String) throws(BybitError) {
        guard let idx else { return }
        guard (0...2).contains(idx) else {
            throw .validation(
                "positionIdx must be 0 (one-way), 1 (hedge buy) or 2 (hedge sell), got \(idx)", endpoint: endpoint)
        }
    }

    /// `margin`: checked by ``MarginAmount``, the rule the paper exchange applies to the
    /// same text (non-zero, at most 4 decimals that matter).
    /// - Returns: the value as it goes on the wire: unchanged, or with trailing zeros
    ///   beyond the 4th decimal dropped (`1.50000` → `1.5000`, the same number).
    static func margin(_ margin: ExactDecimal, endpoint: String) throws(BybitError) -> ExactDecimal {
        do {
            return try MarginAmount.check(margin)
        } catch {
            throw .validation(error.description, endpoint: endpoint)
        }
    }

    /// A page size within `range`.
    static func limit(_ limit: Int?, range: ClosedRange<Int>, endpoint: String) throws(BybitError) {
        guard let limit else { return }
        guard range.contains(limit) else {
            throw .validation(
                "limit must be within \(range.lowerBound)...\(range.upperBound), got \(limit)", endpoint: endpoint)
        }
    }
}
