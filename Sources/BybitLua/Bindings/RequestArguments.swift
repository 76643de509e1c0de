import BybitAPI
import LuaKit

/// The `params` of a `bybit.request` whose path a typed call owns (add-margin,
/// set-auto-add-margin), read as that call's fields: only its fields, each of its kind.
/// Errors are `bad argument #1 to 'request' (field 'params.margin': …)`.
struct RequestArguments {
    let request: GenericRequest

    /// Refuses any parameter not in `fields` (nil: takes any).
    init(_ request: GenericRequest, fields: [String]?) throws(LuaArgumentError) {
        self.request = request
        guard let fields else { return }
        for (name, _) in request.parameters where !fields.contains(name) {
            throw LuaArgumentError(
                1, "unknown field 'params.\(name)' for \(request.path) (fields: \(fields.joined(separator: ", ")))")
        }
    }

    private func fail(_ name: String, _ message: String) -> LuaArgumentError {
        LuaArgumentError(1, "field 'params.\(name)': \(message)")
    }

    /// A text parameter.
    func text(_ name: String, required: Bool = false) throws(LuaArgumentError) -> String? {
        switch request.parameter(name) {
        case nil where required: throw fail(name, "missing (string expected)")
        case nil: return nil
        case .text(let s)?: return s
        case let v?: throw fail(name, "string expected, got \(Self.noun(v))")
        }
    }

    /// `category`, when given.
    func category() throws(LuaArgumentError) -> BybitAPI.Category? {
        try text("category").map { BybitAPI.Category(rawValue: $0) }
    }

    /// An integer parameter.
    func integer(_ name: String) throws(LuaArgumentError) -> Int? {
        switch request.parameter(name) {
        case nil: return nil
        case .integer(let i)?: return Int(i)
        case let v?: throw fail(name, "integer expected, got \(Self.noun(v))")
        }
    }

    /// An exact amount: a Decimal, a numeric string or a number.
    func decimal(_ name: String, required: Bool) throws(LuaArgumentError) -> ExactDecimal? {
        switch request.parameter(name) {
        case nil where required: throw fail(name, "missing (decimal, numeric string or number expected)")
        case nil: return nil
        case .decimal(let d)?: return d
        case .integer(let i)?: return ExactDecimal(Int(i))
        case .text(let s)?:
            do { return try ExactDecimal(parsing: s) } catch { throw fail(name, error.message) }
        case let v?: throw fail(name, "decimal expected, got \(Self.noun(v))")
        }
    }

    /// true/false, or 1/0.
    func flag(_ name: String, required: Bool) throws(LuaArgumentError) -> Bool? {
        switch request.parameter(name) {
        case nil where required: throw fail(name, "missing (true, false, 1 or 0 expected)")
        case nil: return nil
        case .flag(let b)?: return b
        case .integer(let i)? where i == 0 || i == 1: return i == 1
        case let v?: throw fail(name, "true, false, 1 or 0 expected, got \(Self.noun(v))")
        }
    }

    static func noun(_ v: RequestParameter) -> String {
        switch v {
        case .text(let s): "the string \(EndpointPolicy.quoted(s))"
        case .integer(let i): "the integer \(i)"
        case .decimal(let d): "the decimal \(d)"
        case .flag(let b): "\(b)"
        case .texts: "a list"
        }
    }

    /// Pushes `{method = …, path = …, params = {…}}`: the call as the script made it (what a
    /// dry run and a refusal report as `request`).
    static func push(_ call: LuaCall, _ r: GenericRequest) {
        var params: [(String, JSONValue)] = []
        for (name, value) in r.parameters {
            switch value {
            case .text(let s): params.append((name, .string(s)))
            case .integer(let i): params.append((name, .int(i)))
            case .decimal(let d): params.append((name, .string(d.description)))
            case .flag(let b): params.append((name, .bool(b)))
            case .texts(let items): params.append((name, .array(items.map(JSONValue.string))))
            }
        }
        call.newTable(record: 3)
        call.push(r.method.rawValue)
        call.setField(-2, "method")
        call.push(r.path)
        call.setField(-2, "path")
        // Converted as replies are: a decimal (or numeric text) comes back as a Decimal.
        JSONToLua.push(call.L, .object(JSONObject(params)))
        call.setField(-2, "params")
    }
}
