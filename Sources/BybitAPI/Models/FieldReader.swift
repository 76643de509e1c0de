/// Reads typed fields out of a decoded JSON object, with Bybit's conventions:
/// decimals and many integers arrive as strings, and `""` means "no value".
///
/// Absent, `null` and `""` all read as `nil`; a field that is present with the wrong type
/// or unparseable text is a `decoding` error naming the object and the field. Typed
/// structs keep every field optional except their identity (e.g. `symbol`), so a new or
/// retired field on Bybit's side never breaks a call.
struct FieldReader {
    let members: JSONObject
    let what: String
    let endpoint: String

    /// A reader over `value`, which must be an object.
    init(_ value: JSONValue, what: String, endpoint: String) throws(BybitError) {
        guard case .object(let members) = value else {
            throw .decoding("\(what) is not a JSON object: \(Self.excerpt(value))", endpoint: endpoint)
        }
        self.members = members
        self.what = what
        self.endpoint = endpoint
    }

    private func bad(_ key: String, _ expected: String) -> BybitError {
        .decoding("\(what).\(key) is not \(expected): \(Self.excerpt(members[key] ?? .null))", endpoint: endpoint)
    }

    /// A string field.
    func string(_ key: String) throws(BybitError) -> String? {
        switch members[key] {
        case nil, .null: return nil
        case .string(let s): return s
        default: throw bad(key, "a string")
        }
    }

    /// A string field that must be present and non-empty.
    func requiredString(_ key: String) throws(BybitError) -> String {
        guard let s = try string(key), !s.isEmpty else { throw bad(key, "a non-empty string") }
        return s
    }

    /// A decimal sent as a numeric string (or, leniently, as a JSON number's exact text).
    func decimal(_ key: String) throws(BybitError) -> ExactDecimal? {
        let text: String
        switch members[key] {
        case nil, .null: return nil
        case .string(let s) where s.isEmpty: return nil
        case .string(let s): text = s
        case .int(let i): return ExactDecimal(Int(i))
        case .double(_, let t): text = t
        default: throw bad(key, "a decimal")
        }
        do { return try ExactDecimal(parsing: text) } catch { throw bad(key, "a decimal (\(error))") }
    }

    /// An integer sent as a JSON integer or as a string of digits (ms timestamps).
    func int(_ key: String) throws(BybitError) -> Int64? {
        switch members[key] {
        case nil, .null: return nil
        case .int(let i): return i
        case .string(let s) where s.isEmpty: return nil
        case .string(let s):
            guard let i = Int64(s) else { throw bad(key, "an integer") }
            return i
        default: throw bad(key, "an integer")
        }
    }

    /// A boolean, also accepting 0/1 (Bybit mixes both).
    func bool(_ key: String) throws(BybitError) -> Bool? {
        switch members[key] {
        case nil, .null: return nil
        case .bool(let b): return b
        case .int(0): return false
        case .int(1): return true
        default: throw bad(key, "a boolean")
        }
    }

    /// An array field; absent or `null` reads as empty.
    func array(_ key: String) throws(BybitError) -> [JSONValue] {
        switch members[key] {
        case nil, .null: return []
        case .array(let a): return a
        default: throw bad(key, "an array")
        }
    }

    /// At most 120 characters of `value`'s JSON text, for error messages.
    static func excerpt(_ value: JSONValue) -> String {
        let text = value.description
        return text.count <= 120 ? text : String(text.prefix(120)) + "…"
    }
}
