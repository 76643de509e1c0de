extension EndpointSpec {
    /// Reads a received request's fields by their declared kinds (the paper exchange's
    /// side), then makes ``check(_:)``. Fields the endpoint does not declare are ignored,
    /// as Bybit ignores them.
    ///
    /// Decimals must be JSON strings in a body (Bybit declares them strings; accepting
    /// `10.5` would hide the float bug in client code) in plain notation; flags are the
    /// integers 0 or 1. ``EndpointSpec/exchangeOnly`` fields are read too.
    /// - Throws: a ``RequestError`` naming the field.
    public func read(_ fields: FieldReader) throws(RequestError) -> RequestValues {
        var values = RequestValues()
        for f in accepted {
            if let v = try Self.read(f, from: fields) { values[f.name] = v }
        }
        return try check(values)
    }

    private static func read(_ f: Field, from fields: FieldReader) throws(RequestError) -> WireValue? {
        var found: WireValue?
        var foundAs = f.name
        for name in [f.name] + f.aliases {
            guard let v = try readOne(f, name: name, from: fields) else { continue }
            if let earlier = found, earlier != v {
                throw RequestError(f.name, "\(foundAs) and \(name) disagree")
            }
            found = v
            foundAs = name
        }
        return found
    }

    private static func readOne(_ f: Field, name: String, from fields: FieldReader) throws(RequestError) -> WireValue? {
        do {
            switch f.kind {
            case .decimal:
                guard let raw = fields.value(name) else { return nil }
                let text: String
                switch raw {
                case .string(let s): text = s
                default:
                    throw RequestError(
                        f.name, "\(name) must be a string such as \"10.5\", got \(raw.typeName) \(raw.serialized)")
                }
                if fields.convention.emptyStringIsAbsent && text.isEmpty { return nil }
                if f.checks.contains(where: { if case .marginAmount = $0 { true } else { false } }) {
                    do { return .decimal(try MarginAmount.parse(text)) } catch {
                        throw RequestError(f.name, error.description)
                    }
                }
                // Plain notation only, as Bybit writes decimals (and the client sends them):
                // no exponent, sign or bare point, whatever the value.
                guard MarginAmount.isPlainDecimal(text.utf8), let d = try? ExactDecimal(parsing: text) else {
                    throw RequestError(
                        f.name,
                        "\(name) \(String(reflecting: text)) is not a decimal number as Bybit writes one: a "
                            + "decimal string such as \"10.5\" (digits with an optional leading '-' and '.')")
                }
                return .decimal(d)
            case .integer, .timestamp:
                return try fields.integer(name).map(WireValue.integer)
            case .flag:
                if f.checks.contains(where: { if case .boolean = $0 { true } else { false } }) {
                    return try fields.bool(name).map(WireValue.flag)
                }
                guard let i = try fields.integer(name) else { return nil }
                guard i == 0 || i == 1 else { throw RequestError(f.name, "\(name) must be 0 or 1, got \(i)") }
                return .flag(i == 1)
            case .text, .symbol, .coin, .choice:
                return try fields.string(name).map(WireValue.text)
            case .list, .object:
                return nil
            }
        } catch let error as FieldError {
            throw refusal(error, query: fields.convention.emptyStringIsAbsent)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError(f.name, "\(name): \(error)")
        }
    }

    /// A field that could not be read, in the words Bybit's gateway uses (`expected` is
    /// "a string" or "an integer", the gateway's own phrases).
    public static func refusal(_ error: FieldError, query: Bool) -> RequestError {
        let key = error.key
        guard error.problem != .missing, let v = error.found else {
            return RequestError(key, "missing required parameter '\(key)'")
        }
        switch v {
        case .string(let s) where query: return RequestError(key, "'\(key)' must be \(error.expected), got '\(s)'")
        case .double(_, let text): return RequestError(key, "'\(key)' must be \(error.expected), got \(text)")
        default: return RequestError(key, "'\(key)' must be \(error.expected), got \(v.typeName) \(v.serialized)")
        }
    }
}
