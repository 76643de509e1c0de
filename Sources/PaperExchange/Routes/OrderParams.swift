import BybitAPI

/// Reading the order, execution and trading-stop parameters (10001 naming the field).
enum OrderParams {
    /// A decimal sent as a JSON string in plain notation (`"0.015"`, `"60000"`): Bybit
    /// rejects numbers for its string fields ("Quantity and price should be sent as
    /// strings"), and a float would hide a precision bug in the client.
    static func decimal(_ p: RequestParams, _ key: String, required: Bool = false) throws(PaperAPIError)
        -> ExactDecimal?
    {
        guard let raw = p.value(key), raw != .null else {
            if required { throw .params("missing required parameter '\(key)'") }
            return nil
        }
        guard case .string(let text) = raw else {
            throw .params("\(key) must be a string such as \"0.01\", got \(raw.typeName) \(raw.serialized)")
        }
        guard isPlainDecimal(text), let value = try? ExactDecimal(parsing: text) else {
            throw .params("\(key) \(String(reflecting: text)) is not a decimal number (digits with an optional '.')")
        }
        return value
    }

    static func isPlainDecimal(_ text: String) -> Bool {
        var digits = 0
        var point = false
        var afterPoint = 0
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if point { afterPoint += 1 } else { digits += 1 }
            case UInt8(ascii: "."):
                guard !point else { return false }
                point = true
            case UInt8(ascii: "-") where i == 0:
                continue
            default:
                return false
            }
        }
        return digits > 0 && (!point || afterPoint > 0)
    }

    /// A boolean (`true`/`false`; 0/1 as Bybit also accepts).
    static func bool(_ p: RequestParams, _ key: String) throws(PaperAPIError) -> Bool? {
        do {
            return try p.fields.bool(key)
        } catch {
            let got = p.value(key).map { "\($0.typeName) \($0.serialized)" } ?? "nothing"
            throw .params("\(key) must be a boolean (true or false), got \(got)")
        }
    }

    /// One of `allowed`, or nil when absent.
    static func oneOf(_ p: RequestParams, _ key: String, _ allowed: [String], required: Bool = false)
        throws(PaperAPIError) -> String?
    {
        guard let value = required ? try p.requiredString(key) : try p.string(key) else { return nil }
        guard allowed.contains(value) else {
            throw .params("\(key) '\(value)' is not supported; expected \(allowed.joined(separator: ", "))")
        }
        return value
    }

    /// `orderLinkId`: at most 36 characters of `[0-9A-Za-z_-]` (reference part 2, §2.2).
    static func orderLinkId(_ p: RequestParams) throws(PaperAPIError) -> String? {
        guard let id = try p.string("orderLinkId"), !id.isEmpty else { return nil }
        guard id.utf8.count <= 36 else {
            throw .params("orderLinkId is \(id.utf8.count) characters long; at most 36 are allowed")
        }
        let allowed = id.utf8.allSatisfy { c in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "-")
        }
        guard allowed else { throw .params("orderLinkId '\(id)' may only hold letters, digits, '_' and '-'") }
        return id
    }

    /// Fields the paper exchange does not implement, refused rather than ignored, so a
    /// script never believes a conditional order or an attached TP/SL was placed.
    static func refuseUnsupported(_ p: RequestParams, _ keys: [String], what: String) throws(PaperAPIError) {
        for key in keys where p.has(key) {
            guard let v = p.value(key), v != .string(""), v != .string("0") else { continue }
            throw .params("\(key) is not supported by the paper exchange \(what)")
        }
    }
}
