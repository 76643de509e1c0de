import BybitAPI
import LuaKit

/// Reads a Bybit-style argument table (`add_margin{symbol = …, margin = …}`) with
/// Bybit's field names. Every field must be known: a typo (`margn`) is an error that
/// names the field, never a silently dropped parameter. Errors use Lua's own
/// `bad argument #n to 'f' (…)` form.
struct ArgumentTable {
    let call: LuaCall
    let index: Int32
    let fields: [String]

    /// Checks that argument `index` is a table whose keys are all in `fields`.
    init(_ call: LuaCall, _ index: Int32, fields: [String]) throws(LuaArgumentError) {
        self.call = call
        self.index = index
        self.fields = fields
        guard call.type(index) == LuaType.table else {
            throw call.typeError(index, expected: "table")
        }
        for key in call.keys(index) where !fields.contains(key) {
            throw LuaArgumentError(index, "unknown field '\(key)' (fields: \(fields.joined(separator: ", ")))")
        }
    }

    /// Checks that argument `index` is a table whose keys are request fields of
    /// `endpoint` (as the catalog declares them), leaving out `except` (fields a binding
    /// fills in itself, such as a page cursor).
    init(_ call: LuaCall, _ index: Int32, endpoint: EndpointSpec, except: [String] = []) throws(LuaArgumentError) {
        try self.init(call, index, fields: endpoint.request.map(\.name).filter { !except.contains($0) })
    }

    /// Every field of the table read by the kind `endpoint` declares for it (a decimal
    /// from a Decimal, numeric string or number; a flag from true/false or 1/0), ready
    /// for the catalog's checks. `required` is left to those checks, so the message for
    /// a missing field is the one the client and the paper exchange give.
    func values(for endpoint: EndpointSpec) throws(LuaArgumentError) -> RequestValues {
        var values = RequestValues()
        for field in endpoint.request where fields.contains(field.name) {
            switch field.kind {
            case .decimal: values[field.name] = try decimal(field.name, required: false).map(WireValue.decimal)
            case .integer, .timestamp: values[field.name] = try integer(field.name).map { .integer(Int64($0)) }
            case .flag: values[field.name] = try flag(field.name, required: false).map(WireValue.flag)
            case .text, .symbol, .coin, .choice: values[field.name] = try string(field.name).map(WireValue.text)
            case .list, .object: continue
            }
        }
        return values
    }

    /// Runs `body` with the field pushed, popping it afterwards.
    private func with<T>(_ name: String, _ body: (Int32) throws(LuaArgumentError) -> T) throws(LuaArgumentError) -> T {
        call.rawField(index, name)
        defer { call.pop() }
        return try body(call.top)
    }

    private func fail(_ name: String, _ message: String) -> LuaArgumentError {
        LuaArgumentError(index, "field '\(name)': \(message)")
    }

    /// A string field; `nil` when absent and not `required`.
    func string(_ name: String, required: Bool = false) throws(LuaArgumentError) -> String? {
        try with(name) { (i) throws(LuaArgumentError) in
            if call.isNoneOrNil(i) {
                if required { throw fail(name, "missing (string expected)") }
                return nil
            }
            guard let s = call.string(i) else { throw fail(name, "string expected, got \(call.typeName(i))") }
            return s
        }
    }

    /// An integer field.
    func integer(_ name: String) throws(LuaArgumentError) -> Int? {
        try with(name) { (i) throws(LuaArgumentError) in
            if call.isNoneOrNil(i) { return nil }
            guard let v = call.integer(i), let n = Int(exactly: v) else {
                throw fail(
                    name,
                    "integer expected, got \(call.type(i) == LuaType.number ? "a non-integer number" : call.typeName(i))"
                )
            }
            return n
        }
    }

    /// A boolean field that also takes 1 and 0 (as Bybit's `autoAddMargin` does).
    func flag(_ name: String, required: Bool) throws(LuaArgumentError) -> Bool? {
        try with(name) { (i) throws(LuaArgumentError) in
            if call.isNoneOrNil(i) {
                if required { throw fail(name, "missing (true, false, 1 or 0 expected)") }
                return nil
            }
            if call.type(i) == LuaType.boolean { return call.boolean(i) }
            if let n = call.integer(i), n == 0 || n == 1 { return n == 1 }
            throw fail(
                name,
                "true, false, 1 or 0 expected, got \(call.type(i) == LuaType.number ? "\(call.value(i))" : call.typeName(i))"
            )
        }
    }

    /// An exact amount: a decimal, a numeric string, an integer, or a float through
    /// its shortest round-trip text. NaN and infinities are refused.
    func decimal(_ name: String, required: Bool) throws(LuaArgumentError) -> ExactDecimal? {
        try with(name) { (i) throws(LuaArgumentError) in
            if call.isNoneOrNil(i) {
                if required { throw fail(name, "missing (decimal, numeric string or number expected)") }
                return nil
            }
            switch DecimalOperand.coerce(call.L, i, bound: false) {
            case .success(let d): return d
            case .failure(let e): throw fail(name, e.message)
            }
        }
    }

    /// The category field, or nil when the script left it out (the bindings then ask
    /// the instrument list, ``SymbolCategories``).
    func optionalCategory() throws(LuaArgumentError) -> BybitAPI.Category? {
        try string("category").map { BybitAPI.Category(rawValue: $0) }
    }

    /// The category field (default `linear`), one of Bybit's names.
    func category(default value: BybitAPI.Category = .linear) throws(LuaArgumentError) -> BybitAPI.Category {
        guard let text = try string("category") else { return value }
        return BybitAPI.Category(rawValue: text)  // which categories an endpoint takes is checked with the request
    }
}
