import BybitAPI
import LuaKit

/// `bybit.request{method = "GET"|"POST", path = "/v5/…", params = {…}}`: any v5 endpoint
/// the allow-list (``EndpointPolicy``) names, for what the typed calls do not cover yet.
enum RequestBindings {
    static func native(_ session: BybitSession, symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "request",
            LuaSignature(
                """
                Calls a Bybit v5 endpoint and returns its `result` (numeric strings as Decimals, "" as nil;
                by the catalog's kinds when it declares the path). Reads (GET) under /v5/market/,
                /v5/position/, /v5/order/, /v5/execution/, /v5/account/; writes (POST) only to the margin and
                de-risking endpoints (position add-margin, set-auto-add-margin, set-leverage, trading-stop,
                switch-mode; order create, amend, cancel, cancel-all; account set-margin-mode). Any other path
                — withdrawals, transfers, sub-accounts, API keys — or a path not written canonically is a
                `guard` error and nothing is sent. A POST is a mutation: checked by the catalog, audited,
                --dry-run honoured, never re-sent on an uncertain outcome. add-margin meets --max-margin as
                add_margin does; order/create is bybit.order (reduce-only unless --allow-open-orders, exactly
                once); amend touches only a reduce-only order unless --allow-open-orders.
                """,
                parameters: [
                    .init(
                        "args",
                        "{method: \"GET\"|\"POST\", path: string, params?: table<string, string|integer|number|boolean|Decimal|string[]>}"
                    )
                ],
                returns: ["table|bybit.DryRun"]),
            .closure { call in
                let r = try read(call)
                let outcome = try session.request(r) { symbol, given in
                    try symbols.resolve(symbol, given: given, argument: 1, field: "params.symbol")
                }
                switch outcome {
                case .result(let result, let shape):
                    JSONToLua.push(call.L, result, shape: shape)
                case .typed(.sent(let result), let shape):
                    JSONToLua.push(call.L, result, shape: shape)
                case .typed(.dryRun(let dry), _):
                    dry.push(call)
                case .dryRun(let request):
                    call.newTable(record: 2)
                    call.push(true)
                    call.setField(-2, "dryRun")
                    RequestArguments.push(call, request)
                    call.setField(-2, "request")
                }
                return 1
            })
    }

    /// The argument table as a request; anything a request cannot carry is a bad argument
    /// and nothing is sent.
    static func read(_ call: LuaCall) throws -> GenericRequest {
        let a = try ArgumentTable(call, 1, fields: ["method", "path", "params"])
        let methodText = try a.string("method", required: true)!
        guard let method = EndpointSpec.Method(rawValue: methodText) else {
            throw LuaArgumentError(
                1, "field 'method': \"GET\" or \"POST\" expected, got \(EndpointPolicy.quoted(methodText))")
        }
        let pathType = call.rawField(1, "path")
        let pathBytes = call.bytes(-1)
        let pathTypeName = call.typeName(-1)
        call.pop()
        guard pathType == LuaType.string, let pathBytes else {
            throw LuaArgumentError(1, "field 'path': string expected, got \(pathTypeName)")
        }
        // Bytes that are not UTF-8 become U+FFFD, which no allowed path contains.
        let path = String(decoding: pathBytes, as: UTF8.self)
        var request = GenericRequest(method: method, path: path)
        call.rawField(1, "params")
        defer { call.pop() }
        let params = call.top
        if call.isNoneOrNil(params) { return request }
        guard call.type(params) == LuaType.table else {
            throw LuaArgumentError(1, "field 'params': table expected, got \(call.typeName(params))")
        }
        let names = call.keys(params)
        guard names.count <= 64 else { throw LuaArgumentError(1, "field 'params': more than 64 parameters") }
        for name in names.sorted() {
            guard EndpointPolicy.isParameterName(name) else {
                throw LuaArgumentError(
                    1,
                    "field 'params': key \(EndpointPolicy.quoted(name)) is not a parameter name (letters, digits and "
                        + "'_', starting with a letter)")
            }
            call.rawField(params, name)
            defer { call.pop() }
            request.parameters.append((name, try value(call, call.top, name)))
        }
        return request
    }

    /// One parameter's value: a string, an integer, a finite number or Decimal (its exact
    /// text), a boolean, or a list of strings.
    private static func value(_ call: LuaCall, _ i: Int32, _ name: String) throws -> RequestParameter {
        func fail(_ message: String) -> LuaArgumentError { LuaArgumentError(1, "field 'params.\(name)': \(message)") }
        switch call.type(i) {
        case LuaType.string:
            guard let bytes = call.bytes(i), let s = String(validating: bytes, as: UTF8.self) else {
                throw fail("the string is not valid UTF-8")
            }
            return .text(s)
        case LuaType.boolean:
            return .flag(call.boolean(i))
        case LuaType.number where call.isInteger(i):
            return .integer(call.integer(i)!)
        case LuaType.number, LuaType.userdata:
            switch DecimalOperand.coerce(call.L, i, bound: false) {
            case .success(let d): return .decimal(d)
            case .failure(let e): throw fail(e.message)
            }
        case LuaType.table:
            let n = call.rawLength(i)
            guard call.keys(i).count == n else { throw fail("a table must be a list of strings") }
            var items: [String] = []
            for k in 0..<n {
                defer { call.pop() }
                guard call.pushRawIndex(i, Int64(k + 1)) == LuaType.string, let bytes = call.bytes(-1),
                    let s = String(validating: bytes, as: UTF8.self)
                else { throw fail("a table must be a list of strings (item \(k + 1) is \(call.typeName(-1)))") }
                items.append(s)
            }
            return .texts(items)
        default:
            throw fail("string, integer, number, Decimal, boolean or list of strings expected, got \(call.typeName(i))")
        }
    }
}
