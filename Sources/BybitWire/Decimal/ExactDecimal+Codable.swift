/// JSON coding as Bybit uses it: amounts travel as strings (`"margin": "25.5"`).
///
/// Decoding accepts a string (parsed strictly, scale kept) or an integer; a JSON number with
/// a fraction is rejected, because a decoder has already turned it into a binary `Double`.
/// Encoding always writes the ``description`` string.
extension ExactDecimal: Codable {
    /// Decodes a decimal string such as `"1812.70004844"`, or an integer.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for an invalid or out-of-range string (the
    ///   ``DecimalError`` is its underlying error), `DecodingError.typeMismatch` for a
    ///   fractional number or any other type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do {
                self = try ExactDecimal(parsing: text)
            } catch {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: decoder.codingPath, debugDescription: error.description,
                        underlyingError: error))
            }
        } else if let integer = try? container.decode(Int.self) {
            self.init(integer)
        } else {
            throw DecodingError.typeMismatch(
                ExactDecimal.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a decimal string such as \"25.5\" or an integer"))
        }
    }

    /// Encodes the value as its ``description`` string, scale kept (`"10.50"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
