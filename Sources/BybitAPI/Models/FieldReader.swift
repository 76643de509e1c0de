/// The typed models' view of a reply object: BybitWire's ``FieldReader`` under Bybit's
/// reply conventions (decimals and many integers arrive as strings, `""` means "no
/// value"), its ``FieldError`` worded as a `decoding` error naming the object and field.
///
/// Typed structs keep every field optional except their identity (e.g. `symbol`), so a
/// new or retired field on Bybit's side never breaks a call.
struct ModelFields {
    let fields: FieldReader
    let what: String
    let endpoint: String

    /// A reader over `value`, which must be an object.
    init(_ value: JSONValue, what: String, endpoint: String) throws(BybitError) {
        guard let fields = FieldReader(value, convention: .replies) else {
            throw .decoding("\(what) is not a JSON object: \(Self.excerpt(value))", endpoint: endpoint)
        }
        self.fields = fields
        self.what = what
        self.endpoint = endpoint
    }

    private func bad(_ key: String, _ expected: String) -> BybitError {
        .decoding(
            "\(what).\(key) is not \(expected): \(Self.excerpt(fields.members[key] ?? .null))", endpoint: endpoint)
    }

    private func bad(_ error: FieldError) -> BybitError { bad(error.key, error.expected) }

    /// A string field.
    func string(_ key: String) throws(BybitError) -> String? {
        do { return try fields.string(key) } catch { throw bad(error) }
    }

    /// A string field that must be present and non-empty.
    func requiredString(_ key: String) throws(BybitError) -> String {
        do { return try fields.nonEmptyString(key) } catch { throw bad(error) }
    }

    /// A decimal sent as a numeric string (or, leniently, as a JSON number's exact text).
    func decimal(_ key: String) throws(BybitError) -> ExactDecimal? {
        do { return try fields.decimal(key) } catch {
            throw bad(key, error.detail.map { "a decimal (\($0))" } ?? error.expected)
        }
    }

    /// An integer sent as a JSON integer or as a string of digits (ms timestamps).
    func int(_ key: String) throws(BybitError) -> Int64? {
        do { return try fields.integer(key) } catch { throw bad(error) }
    }

    /// A boolean, also accepting 0/1 (Bybit mixes both).
    func bool(_ key: String) throws(BybitError) -> Bool? {
        do { return try fields.bool(key) } catch { throw bad(error) }
    }

    /// An array field; absent or `null` reads as empty.
    func array(_ key: String) throws(BybitError) -> [JSONValue] {
        do { return try fields.array(key) } catch { throw bad(error) }
    }

    /// At most 120 characters of `value`'s JSON text, for error messages.
    static func excerpt(_ value: JSONValue) -> String {
        let text = value.description
        return text.count <= 120 ? text : String(text.prefix(120)) + "…"
    }
}
