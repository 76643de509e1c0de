/// Why an ``ExactDecimal`` operation failed.
///
/// Decimal operations never lose precision or wrap silently: anything that cannot be
/// represented exactly throws a `DecimalError`. `description` is one line that says what was
/// wrong and shows the offending input or operands (quoted, and shortened when huge), so it
/// can be shown to a script author as is. Branch on ``code``; compare errors with `==`.
///
/// The shape follows the project's error habit: an opaque struct whose ``Code`` values are
/// static constants, so new codes can be added without breaking callers.
public struct DecimalError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of failure, without details: stable, suitable for branching and metrics.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short machine-readable name such as `"invalid_syntax"`.
        public let name: String

        /// Text that is not `[+-]digits[.digits][(e|E)[+-]digits]`.
        public static let invalidSyntax = Code(name: "invalid_syntax")
        /// A value that needs more than ``ExactDecimal/maxDigits`` significant digits.
        public static let tooManyDigits = Code(name: "too_many_digits")
        /// A value that needs more than ``ExactDecimal/maxScale`` digits after the point.
        public static let scaleTooLarge = Code(name: "scale_too_large")
        /// An arithmetic result whose magnitude needs more than ``ExactDecimal/maxDigits`` digits.
        public static let overflow = Code(name: "overflow")
        /// Division (`/`, `//`, `%`, quantize) by zero.
        public static let divisionByZero = Code(name: "division_by_zero")
        /// A `Double` that is NaN or infinite.
        public static let notFinite = Code(name: "not_finite")
        /// An argument outside its documented range (a rounding scale, a quantize step).
        public static let invalidArgument = Code(name: "invalid_argument")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// The one-line message; also the error's ``description``.
    public let message: String

    /// A one-line description of what was wrong, e.g.
    /// `invalid decimal "1,5": expected digits with an optional fraction and exponent`.
    public var description: String { message }

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension DecimalError {
    /// The longest input text quoted verbatim in a message; longer text is shortened.
    static let maxQuotedLength = 40

    /// `text` quoted with Swift escapes (so `" 1"` and control characters are visible),
    /// shortened to ``maxQuotedLength`` characters with a count when longer.
    static func quote(_ text: some StringProtocol) -> String {
        let count = text.count
        guard count > maxQuotedLength else { return String(reflecting: String(text)) }
        let head = String(text.prefix(maxQuotedLength))
        return String(reflecting: head).dropLast() + "…\" (\(count) characters)"
    }

    static func invalidSyntax(_ input: some StringProtocol) -> DecimalError {
        DecimalError(
            .invalidSyntax,
            "invalid decimal \(quote(input)): expected "
                + "[+-]digits[.digits][e[+-]digits], e.g. 12.5, -0.001 or 1e-5")
    }

    static func tooManyDigits(_ input: some StringProtocol, digits: Int) -> DecimalError {
        DecimalError(
            .tooManyDigits,
            "decimal \(quote(input)) needs \(count(digits)) "
                + "significant digits; at most \(ExactDecimal.maxDigits) are supported")
    }

    static func scaleTooLarge(_ input: some StringProtocol, scale: Int) -> DecimalError {
        DecimalError(
            .scaleTooLarge,
            "decimal \(quote(input)) needs \(count(scale)) digits "
                + "after the point; at most \(ExactDecimal.maxScale) are supported")
    }

    /// A digit count for a message; the parser saturates huge exponents near 2^40.
    private static func count(_ digits: Int) -> String {
        digits < 1 << 39 ? String(digits) : "an enormous number of"
    }

    static func resultScaleTooLarge(_ operation: String, scale: Int) -> DecimalError {
        DecimalError(
            .scaleTooLarge,
            "decimal result of \(operation) needs \(scale) digits "
                + "after the point; at most \(ExactDecimal.maxScale) are supported "
                + "(round an operand first)")
    }

    static func overflow(_ operation: String) -> DecimalError {
        DecimalError(
            .overflow,
            "decimal overflow: \(operation) needs more than "
                + "\(ExactDecimal.maxDigits) digits")
    }

    static func divisionByZero(_ operation: String) -> DecimalError {
        DecimalError(.divisionByZero, "decimal division by zero: \(operation)")
    }

    static func notFinite(_ value: Double) -> DecimalError {
        // Swift and C print a NaN with its sign bit set (what 0/0 makes) as "-nan"; a NaN
        // has no sign worth showing.
        let text = value.isNaN ? "nan" : value > 0 ? "inf" : "-inf"
        return DecimalError(.notFinite, "cannot make a decimal from the non-finite number \(text)")
    }

    static func invalidArgument(_ message: String) -> DecimalError {
        DecimalError(.invalidArgument, message)
    }

    /// Text for an operation in a message: `operand op operand`, each operand shortened.
    static func describe(_ lhs: ExactDecimal, _ op: String, _ rhs: ExactDecimal) -> String {
        "\(shorten(lhs.description)) \(op) \(shorten(rhs.description))"
    }

    /// A decimal's text, shortened like ``quote(_:)`` but without quotes.
    static func shorten(_ text: String) -> String {
        guard text.count > maxQuotedLength else { return text }
        return text.prefix(maxQuotedLength) + "…"
    }
}
