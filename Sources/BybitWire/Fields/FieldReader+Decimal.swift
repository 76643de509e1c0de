extension FieldReader {
    /// An exact decimal: a JSON number read from its own text (never through a float), or
    /// a numeric string under ``Convention/numbersFromText``.
    ///
    /// Text that is not a decimal is a ``FieldError`` whose ``FieldError/detail`` is the
    /// parse error (``DecimalError``'s one line).
    public func decimal(_ key: String) throws(FieldError) -> ExactDecimal? {
        if case .int(let i)? = value(key) { return ExactDecimal(Int(i)) }
        guard let text = try numberText(key) else { return nil }
        do {
            return try ExactDecimal(parsing: text)
        } catch {
            throw FieldError(
                key: key, problem: .wrongType, expected: "a decimal", found: members[key], detail: error.description)
        }
    }

    /// A decimal that must be present (absent or `null` is ``FieldError/Problem/missing``).
    public func requiredDecimal(_ key: String) throws(FieldError) -> ExactDecimal {
        guard let d = try decimal(key) else {
            throw FieldError(key: key, problem: .missing, expected: "a decimal", found: members[key])
        }
        return d
    }
}
