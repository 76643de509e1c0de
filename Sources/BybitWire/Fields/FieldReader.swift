/// Reads typed fields out of a JSON object — a reply's model, a request's parameters —
/// with one error type, ``FieldError``, that each side words in its own terms.
///
/// Absent and `null` read as `nil` everywhere. The ``Convention`` says what differs
/// between Bybit's replies (numbers often sent as text, `""` meaning "no value"), a GET's
/// query (every value is text), a POST's body (a number must be a JSON number) and the
/// paper exchange's own files (decimals as text or numbers, integers as numbers).
public struct FieldReader: Sendable {
    /// How values are written in the object being read.
    public struct Convention: Sendable {
        /// `""` reads as absent for ``FieldReader/string(_:)``.
        public var emptyStringIsAbsent: Bool
        /// Numbers may be sent as text (`"42"`, `"0.10"`).
        public var numbersFromText: Bool
        /// Integers may be sent as text (`"42"`); by default, as ``numbersFromText`` says.
        public var integersFromText: Bool
        /// `""` reads as absent for numbers (else it is a number that does not parse);
        /// by default, as ``numbersFromText`` says.
        public var emptyTextIsNoNumber: Bool

        init(
            emptyStringIsAbsent: Bool, numbersFromText: Bool, integersFromText: Bool? = nil,
            emptyTextIsNoNumber: Bool? = nil
        ) {
            self.emptyStringIsAbsent = emptyStringIsAbsent
            self.numbersFromText = numbersFromText
            self.integersFromText = integersFromText ?? numbersFromText
            self.emptyTextIsNoNumber = emptyTextIsNoNumber ?? numbersFromText
        }

        /// Bybit's replies: numbers as text or JSON numbers, `""` for "no value" in numbers.
        public static let replies = Convention(emptyStringIsAbsent: false, numbersFromText: true)
        /// A GET's query: everything is text, and an empty value is no value.
        public static let query = Convention(emptyStringIsAbsent: true, numbersFromText: true)
        /// A POST's JSON body: types are what the JSON says.
        public static let body = Convention(emptyStringIsAbsent: false, numbersFromText: false)
        /// Files a person writes or the paper exchange stores (scenarios, its state file):
        /// decimals as JSON numbers or numeric strings (read from their text, never through
        /// a float), integers as JSON integers, and `""` is not a number.
        public static let files = Convention(
            emptyStringIsAbsent: false, numbersFromText: true, integersFromText: false, emptyTextIsNoNumber: false)
    }

    /// The object's members.
    public let members: JSONObject
    /// How its values are written.
    public let convention: Convention

    /// A reader over `members`.
    public init(_ members: JSONObject, convention: Convention) {
        self.members = members
        self.convention = convention
    }

    /// A reader over `value`, which must be an object (else `nil`).
    public init?(_ value: JSONValue, convention: Convention) {
        guard case .object(let members) = value else { return nil }
        self.init(members, convention: convention)
    }

    /// The field's value; `nil` when absent or `null`.
    public func value(_ key: String) -> JSONValue? {
        guard let v = members[key], v != .null else { return nil }
        return v
    }

    private func wrong(_ key: String, _ expected: String) -> FieldError {
        FieldError(key: key, problem: .wrongType, expected: expected, found: members[key])
    }

    /// A string field.
    public func string(_ key: String) throws(FieldError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrong(key, "a string") }
        return s.isEmpty && convention.emptyStringIsAbsent ? nil : s
    }

    /// A string field that must be present and non-empty.
    public func nonEmptyString(_ key: String) throws(FieldError) -> String {
        guard let s = try string(key), !s.isEmpty else {
            throw FieldError(key: key, problem: .missing, expected: "a non-empty string", found: members[key])
        }
        return s
    }

    /// An integer: a JSON integer, or (``Convention/numbersFromText``) a string of digits.
    public func integer(_ key: String) throws(FieldError) -> Int64? {
        switch value(key) {
        case nil: return nil
        case .int(let i): return i
        case .string(let s) where convention.integersFromText:
            if s.isEmpty && convention.emptyTextIsNoNumber { return nil }
            guard let i = Int64(s) else { throw wrong(key, "an integer") }
            return i
        default: throw wrong(key, "an integer")
        }
    }

    /// The text of a number (a JSON number's own text, or a numeric string under
    /// ``Convention/numbersFromText``), for an exact decimal to parse.
    public func numberText(_ key: String) throws(FieldError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let s) where convention.numbersFromText:
            return s.isEmpty && convention.emptyTextIsNoNumber ? nil : s
        case let v? where v.numberText != nil: return v.numberText
        default: throw wrong(key, "a decimal")
        }
    }

    /// A boolean, also accepting 0/1 (Bybit mixes both).
    public func bool(_ key: String) throws(FieldError) -> Bool? {
        switch value(key) {
        case nil: return nil
        case .bool(let b): return b
        case .int(0): return false
        case .int(1): return true
        default: throw wrong(key, "a boolean")
        }
    }

    /// An array field; absent or `null` reads as empty.
    public func array(_ key: String) throws(FieldError) -> [JSONValue] {
        switch value(key) {
        case nil: return []
        case .array(let a): return a
        default: throw wrong(key, "an array")
        }
    }
}

/// Why a field could not be read: which field, what was expected, and what was there.
public struct FieldError: Error, Sendable, Equatable {
    /// What was wrong with the field.
    public enum Problem: Sendable, Equatable {
        /// Required but absent, `null` or empty.
        case missing
        /// Present with the wrong JSON type, or text that is not what it should be.
        case wrongType
    }

    /// The field's name.
    public let key: String
    /// What was wrong.
    public let problem: Problem
    /// What the field should have been, as a noun phrase ("an integer").
    public let expected: String
    /// The value found (`nil` when absent).
    public let found: JSONValue?
    /// Why text of the right type was refused (e.g. a decimal's parse error); `nil` when
    /// the type or presence was the problem.
    public let detail: String?

    init(key: String, problem: Problem, expected: String, found: JSONValue?, detail: String? = nil) {
        self.key = key
        self.problem = problem
        self.expected = expected
        self.found = found
        self.detail = detail
    }
}

extension FieldError: CustomStringConvertible {
    /// The plain wording, for a caller to put after its own path: `size must be a decimal`,
    /// or `size: <detail>` when text of the right type was refused.
    public var description: String {
        detail.map { "\(key): \($0)" } ?? "\(key) must be \(expected)"
    }
}
