import BybitWire

/// The parameters of one request — a GET's query or a POST's JSON object — read with
/// BybitWire's ``FieldReader`` and its errors worded as 10001 messages naming the field.
struct RequestParams: Sendable {
    /// Whether the parameters came from a query string (every value text) or a body.
    let isQuery: Bool
    let fields: FieldReader

    /// Parameters from a raw query string (duplicated keys are refused).
    static func query(_ raw: Substring) throws(PaperAPIError) -> RequestParams {
        let params = try QueryString.parse(raw)
        return RequestParams(
            isQuery: true, fields: FieldReader(JSONObject(params.mapValues(JSONValue.string)), convention: .query))
    }

    /// Parameters from a raw POST body, which must be one JSON object.
    static func body(_ bytes: [UInt8]) throws(PaperAPIError) -> RequestParams {
        let value: JSONNode
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .params(
                bytes.isEmpty ? "request body is empty, expected a JSON object" : "body is not valid JSON: \(error)")
        }
        guard let fields = FieldReader(value, convention: .body) else {
            throw .params("body must be a JSON object, got \(value.typeName)")
        }
        return RequestParams(isQuery: false, fields: fields)
    }

    /// The raw JSON value of a body field (nil when absent); for a query, the string.
    func value(_ key: String) -> JSONNode? { fields.members[key] }

    /// Whether the field is present (a JSON `null` counts as absent, as Bybit's docs send
    /// `"positionIdx": null` in their own example).
    func has(_ key: String) -> Bool { fields.value(key) != nil }

    /// A string field; nil when absent or null. A query's empty value counts as absent.
    func string(_ key: String) throws(PaperAPIError) -> String? {
        do { return try fields.string(key) } catch { throw refusal(error) }
    }

    /// A required string field.
    func requiredString(_ key: String) throws(PaperAPIError) -> String {
        do { return try fields.nonEmptyString(key) } catch { throw refusal(error) }
    }

    /// An integer field: a JSON integer in a body, decimal digits in a query.
    func integer(_ key: String) throws(PaperAPIError) -> Int64? {
        do { return try fields.integer(key) } catch { throw refusal(error) }
    }

    /// The field names present, for messages.
    var keys: [String] { fields.members.keys }

    /// The 10001 for a field that cannot be read, in the words Bybit's gateway uses.
    private func refusal(_ error: FieldError) -> PaperAPIError {
        .params(EndpointSpec.refusal(error, query: isQuery).message)
    }
}
