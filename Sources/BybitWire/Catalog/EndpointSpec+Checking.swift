extension EndpointSpec {
    /// The values as they go on the wire, after every check the endpoint declares: each
    /// field's kind and checks, required fields, and the rules over several fields.
    /// Values come back in declaration order, normalised (a margin `1.50000` → `1.5000`).
    ///
    /// The one check both sides make: the client before sending, the paper exchange on
    /// receipt (after ``read(_:)``), so the two refuse the same values in the same words.
    /// - Throws: a ``RequestError`` naming the first field that is wrong; a value for a
    ///   field the endpoint does not have is refused too.
    public func check(_ values: RequestValues) throws(RequestError) -> RequestValues {
        for (name, _) in values.entries where acceptedField(name) == nil {
            let known = accepted.map(\.name).joined(separator: ", ")
            throw RequestError(name, "unknown parameter '\(name)' for \(path) (parameters: \(known))")
        }
        var out = RequestValues()
        for f in accepted {
            guard let value = values[f.name] else {
                if f.required { throw RequestError(f.name, "missing required parameter '\(f.name)'") }
                continue
            }
            out[f.name] = try check(value, of: f)
        }
        for rule in rules { try check(rule, out) }
        return out
    }

    private func check(_ value: WireValue, of f: Field) throws(RequestError) -> WireValue {
        let name = f.name
        switch (f.kind, value) {
        case (.decimal, .decimal(var d)):
            for c in f.checks {
                switch c {
                case .marginAmount:
                    do { d = try MarginAmount.check(d) } catch { throw RequestError(name, error.description) }
                case .positive where d.isZero || d.isNegative:
                    throw RequestError(name, "\(name) must be greater than zero, got \(d)")
                case .notNegative where d.isNegative:
                    throw RequestError(name, "\(name) must not be negative, got \(d)")
                case .maxDecimals(let n) where d.normalized.scale > n:
                    throw RequestError(
                        name, "\(name) '\(d)' has \(d.normalized.scale) decimals; at most \(n) are allowed")
                default: continue
                }
            }
            return .decimal(d)
        case (.integer, .integer(let i)), (.timestamp, .integer(let i)):
            for case .range(let range, let described) in f.checks where !range.contains(i) {
                let allowed = described ?? "between \(range.lowerBound) and \(range.upperBound)"
                throw RequestError(name, "\(name) must be \(allowed), got \(i)")
            }
            for case .oneOf(let allowed, let described) in f.checks where !allowed.contains(i) {
                throw RequestError(name, "\(name) must be \(described), got \(i)")
            }
            return value
        case (.flag, .flag): return value
        case (.text, .text(let s)), (.symbol, .text(let s)), (.coin, .text(let s)), (.choice, .text(let s)):
            switch f.kind {
            case .symbol, .coin: try Self.checkSymbol(s, name: name)
            case .choice(let allowed) where !allowed.contains(s):
                let list = allowed.map { "'\($0)'" }.joined(separator: " or ")
                var reason = ""
                for case .because(let why) in f.checks { reason = " (\(why))" }
                throw RequestError(
                    name, "\(name) '\(s)' is not supported (not allowed for \(path)); expected \(list)\(reason)")
            default:
                if f.required && s.isEmpty { throw RequestError(name, "missing required parameter '\(name)'") }
            }
            for c in f.checks {
                switch c {
                case .maxLength(let n) where s.utf8.count > n:
                    throw RequestError(name, "\(name) is too long (\(s.utf8.count) bytes, at most \(n))")
                case .identifier:
                    try Self.checkIdentifier(s, name: name)
                case .coinList:
                    for coin in s.split(separator: ",", omittingEmptySubsequences: false) {
                        if coin.isEmpty {
                            throw RequestError(
                                name, "\(name) '\(s)' has an empty entry: each must be a non-empty coin name")
                        }
                        try Self.checkSymbol(String(coin), name: name)
                    }
                default: continue
                }
            }
            return value
        default:
            throw RequestError(name, "\(name) must be \(Self.noun(f.kind)), got \(Self.noun(value))")
        }
    }

    private func check(_ rule: Rule, _ values: RequestValues) throws(RequestError) {
        switch rule {
        case .needsOneOf(let names, let field, let equals):
            if let equals, values.text(field) != equals { return }
            guard names.allSatisfy({ values[$0] == nil }) else { return }
            let list = names.joined(separator: " or ")
            // "a, b or c is required" when there is no condition to name.
            let any = names.count > 2 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : list
            let when = equals.map { "\(field) '\($0)' needs \(list)" } ?? "\(any) is required"
            throw RequestError(names.first, "Missing some parameters that must be filled in, \(list) (\(when))")
        case .positiveOrZeroWith(let name, let flags):
            guard let d = values.decimal(name), d.isZero || d.isNegative else { return }
            if d.isNegative { throw RequestError(name, "\(name) must be greater than zero, got \(d)") }
            guard flags.allSatisfy({ values.flag($0) == true }) else {
                // Bybit's 10001 for a zero qty without the close-all flags.
                let needed = flags.joined(separator: " and ")
                throw RequestError(
                    name,
                    "The number of contracts exceeds minimum limit allowed: \(name) 0 (Bybit takes a zero \(name) "
                        + "only as a close-all, with \(needed))")
            }
        case .atMostOneOf(let names):
            let given = names.filter { values[$0] != nil }
            guard given.count > 1 else { return }
            throw RequestError(
                given[1], "give only one of \(names.joined(separator: ", ")), not \(given.joined(separator: " and "))")
        }
    }

    /// Bybit's identifier characters (`orderLinkId`): non-empty, `[0-9A-Za-z_-]` only.
    static func checkIdentifier(_ s: String, name: String) throws(RequestError) {
        guard !s.isEmpty else { throw RequestError(name, "\(name) must not be empty") }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                throw RequestError(
                    name, "\(name) \(String(reflecting: s)) may contain only letters, digits, '_' and '-'")
            }
        }
    }

    /// A symbol or coin: non-empty, upper-case ASCII letters and digits, `-` allowed
    /// (options such as `BTC-29JUL22-25000-C`), at most 64 bytes.
    public static func checkSymbol(_ symbol: String, name: String) throws(RequestError) {
        guard !symbol.isEmpty else { throw RequestError(name, "\(name) must not be empty") }
        guard symbol.utf8.count <= 64 else {
            throw RequestError(name, "\(name) is too long (\(symbol.utf8.count) bytes, at most 64)")
        }
        for byte in symbol.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                throw RequestError(
                    name, "\(name) must be upper-case: '\(symbol)' (did you mean '\(symbol.uppercased())'?)")
            default:
                throw RequestError(name, "\(name) may contain only A-Z, 0-9 and '-': \(String(reflecting: symbol))")
            }
        }
    }

    static func noun(_ kind: FieldKind) -> String {
        switch kind {
        case .decimal: "a decimal"
        case .integer, .timestamp: "an integer"
        case .flag: "true, false, 1 or 0"
        case .text, .symbol, .coin, .choice: "a string"
        case .list: "a list"
        case .object: "an object"
        }
    }

    static func noun(_ value: WireValue) -> String {
        switch value {
        case .decimal(let d): "the decimal \(d)"
        case .integer(let i): "the integer \(i)"
        case .text(let s): "the string \(String(reflecting: s))"
        case .flag(let b): "\(b)"
        }
    }
}
