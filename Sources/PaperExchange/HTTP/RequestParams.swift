import BybitWire

/// The parameters of one request — a GET's query or a POST's JSON object — with typed
/// accessors that refuse wrong types with 10001 and a message naming the field.
struct RequestParams: Sendable {
    enum Source: Sendable {
        case query([String: String])
        case body(JSONObject)
    }

    let source: Source

    /// Parameters from a raw query string (duplicated keys are refused).
    static func query(_ raw: Substring) throws(PaperAPIError) -> RequestParams {
        RequestParams(source: .query(try QueryString.parse(raw)))
    }

    /// Parameters from a raw POST body, which must be one JSON object.
    static func body(_ bytes: [UInt8]) throws(PaperAPIError) -> RequestParams {
        let value: JSONNode
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .params(bytes.isEmpty ? "request body is empty, expected a JSON object" : "body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw .params("body must be a JSON object, got \(value.typeName)")
        }
        return RequestParams(source: .body(members))
    }

    /// The raw JSON value of a body field (nil when absent); for a query, the string.
    func value(_ key: String) -> JSONNode? {
        switch source {
        case .query(let q): return q[key].map(JSONNode.string)
        case .body(let members): return members[key]
        }
    }

    /// Whether the field is present (a JSON `null` counts as absent, as Bybit's docs send
    /// `"positionIdx": null` in their own example).
    func has(_ key: String) -> Bool {
        guard let v = value(key) else { return false }
        return v != .null
    }

    /// A string field; nil when absent or null. A query's empty value counts as absent.
    func string(_ key: String) throws(PaperAPIError) -> String? {
        guard let v = value(key), v != .null else { return nil }
        guard case .string(let s) = v else { throw .params("'\(key)' must be a string, got \(v.typeName) \(v.serialized)") }
        if case .query = source, s.isEmpty { return nil }
        return s
    }

    /// A required string field.
    func requiredString(_ key: String) throws(PaperAPIError) -> String {
        guard let s = try string(key), !s.isEmpty else { throw .params("missing required parameter '\(key)'") }
        return s
    }

    /// An integer field: a JSON integer in a body, decimal digits in a query.
    func integer(_ key: String) throws(PaperAPIError) -> Int64? {
        guard let v = value(key), v != .null else { return nil }
        switch (source, v) {
        case (.query, .string(let s)):
            if s.isEmpty { return nil }
            guard let n = Int64(s) else { throw .params("'\(key)' must be an integer, got '\(s)'") }
            return n
        case (.body, .int(let n)):
            return n
        case (.body, .double(_, let text)):
            throw .params("'\(key)' must be an integer, got \(text)")
        default:
            throw .params("'\(key)' must be an integer, got \(v.typeName) \(v.serialized)")
        }
    }

    /// The field names present, for messages.
    var keys: [String] {
        switch source {
        case .query(let q): return q.keys.sorted()
        case .body(let members): return members.keys
        }
    }
}
