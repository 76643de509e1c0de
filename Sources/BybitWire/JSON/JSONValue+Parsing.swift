extension JSONValue {
    /// Why parsing failed and at which byte offset.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The byte offset where the problem was found.
        public let offset: Int
        /// What was wrong.
        public let reason: String
        /// The same as ``reason``.
        public var message: String { reason }
        /// `reason at byte N`.
        public var description: String { "\(reason) at byte \(offset)" }

        init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }
    }

    /// Where the two readers of JSON differ: a client reading what Bybit sends is lenient
    /// where that cannot hurt; an exchange reading what a client sends refuses anything
    /// whose meaning could be read two ways.
    public struct ParseOptions: Sendable {
        /// What a key given twice in one object does.
        public enum DuplicateKeys: Sendable {
            /// The last value wins (as `JSONSerialization` and Bybit's own gateway do).
            case lastWins
            /// The document is refused with `duplicate key "k"`.
            case reject
        }

        /// What a key given twice in one object does.
        public var duplicateKeys: DuplicateKeys
        /// Deeper nesting is refused; a bound keeps hostile input from exhausting the stack.
        public var maxDepth: Int
        /// Refuse a string that is not valid UTF-8 (otherwise bad bytes become U+FFFD).
        public var rejectInvalidUTF8: Bool

        init(duplicateKeys: DuplicateKeys, maxDepth: Int, rejectInvalidUTF8: Bool) {
            self.duplicateKeys = duplicateKeys
            self.maxDepth = maxDepth
            self.rejectInvalidUTF8 = rejectInvalidUTF8
        }

        /// For replies from Bybit: last key wins, nesting up to 256, bad UTF-8 replaced.
        public static let replies = ParseOptions(duplicateKeys: .lastWins, maxDepth: 256, rejectInvalidUTF8: false)
        /// For requests, scenarios and fault plans: duplicates and bad UTF-8 refused, and
        /// nesting up to 32 (no Bybit request nests more than twice).
        public static let requests = ParseOptions(duplicateKeys: .reject, maxDepth: 32, rejectInvalidUTF8: true)
    }

    /// Parses one JSON document from UTF-8 bytes (strict RFC 8259; see `JSONScanner`).
    /// - Throws: ``ParseError`` if `bytes` is not exactly one valid JSON value.
    public init(parsing bytes: some Collection<UInt8>, options: ParseOptions = .replies) throws(ParseError) {
        let array = Array(bytes)
        // `withUnsafeBytes` is untyped-rethrows, so carry the typed error out in a Result.
        let result = array.withUnsafeBytes { raw in
            Result { () throws(ParseError) in try JSONValue(parsing: raw, options: options) }
        }
        self = try result.get()
    }

    /// Parses one JSON document from text.
    /// - Throws: ``ParseError`` if `text` is not exactly one valid JSON value.
    public init(parsing text: String, options: ParseOptions = .replies) throws(ParseError) {
        try self.init(parsing: Array(text.utf8), options: options)
    }

    /// Parses one JSON document in place, without copying the bytes.
    /// - Throws: ``ParseError`` if `raw` is not exactly one valid JSON value.
    public init(parsing raw: UnsafeRawBufferPointer, options: ParseOptions = .replies) throws(ParseError) {
        var scanner = JSONScanner(raw.assumingMemoryBound(to: UInt8.self), options: options)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.fail("unexpected data after the JSON value") }
        self = value
    }
}
