import LuaKit

/// `bybit.state.get/set/add/keys`: what a script remembers between runs (``ScriptStateStore``).
///
/// A key is a non-empty string of at most 256 bytes. A bad key or value is Lua's own
/// `bad argument` error and nothing is written; a file that cannot be used raises a
/// `state` error naming it.
enum StateBindings {
    static let valueType = "string|integer|number|boolean|Decimal|table"

    static func natives(_ session: BybitSession) -> [LuaNative] {
        [
            LuaNative(
                "get",
                LuaSignature(
                    "The value stored under `key` by this script in this environment (kept across runs), or nil.",
                    parameters: [.init("key", "string")], returns: ["\(valueType)|nil"]),
                .closure { call in
                    let key = try checkKey(call, 1)
                    let value = try withStore(session) { s throws(ScriptStateStore.Failure) in try s.get(key) }
                    if let value { StateLuaBridge.push(call, value) } else { call.pushNil() }
                    return 1
                }),
            LuaNative(
                "set",
                LuaSignature(
                    """
                    Stores `value` under `key` (nil deletes it), on disk before it returns. Strings (any bytes), \
                    integers, floats, booleans, decimals (exactly) and tables of them (string or integer keys, \
                    32 levels, 1 MiB stored); a function, other userdata or a cycle is an error.
                    """,
                    parameters: [.init("key", "string"), .init("value", "\(valueType)|nil")]),
                .closure { call in
                    let key = try checkKey(call, 1)
                    var value: StateValue?
                    if call.isNoneOrNil(2) {
                        guard call.count >= 2 else { throw LuaArgumentError(2, "value expected (nil deletes the key)") }
                    } else {
                        do throws(StateLuaBridge.Refusal) { value = try StateLuaBridge.read(call, 2) } catch {
                            throw LuaArgumentError(2, error.message)
                        }
                    }
                    try withStore(session) { s throws(ScriptStateStore.Failure) in try s.set(key, value) }
                    return 0
                }),
            LuaNative(
                "add",
                LuaSignature(
                    """
                    Adds `amount` to the number under `key` (0 when missing) in one transaction, so runs adding at \
                    once all count, and returns the stored sum. Integers stay integers; a decimal makes an exact decimal.
                    """,
                    parameters: [.init("key", "string"), .init("amount", "integer|Decimal|string")],
                    returns: ["integer|Decimal"]),
                .closure { call in
                    let key = try checkKey(call, 1)
                    let amount = try checkAmount(call, 2)
                    let sum = try withStore(session) { s throws(ScriptStateStore.Failure) in try s.add(key, amount) }
                    StateLuaBridge.push(call, sum)
                    return 1
                }),
            LuaNative(
                "keys",
                LuaSignature(
                    "The keys this script has stored in this environment, sorted.", returns: ["string[]"]),
                .closure { call in
                    let keys = try withStore(session) { s throws(ScriptStateStore.Failure) in try s.keys() }
                    call.newTable(array: Int32(min(keys.count, 1 << 20)))
                    for (i, key) in keys.enumerated() {
                        call.push(bytes: key)
                        call.setIndex(-2, Int64(i + 1))
                    }
                    return 1
                }),
        ]
    }

    /// An integer, a decimal or a numeric string; a float is refused (it would not add exactly).
    private static func checkAmount(_ call: LuaCall, _ i: Int32) throws(LuaArgumentError) -> StateValue {
        if call.isInteger(i), let n = call.integer(i) { return .integer(n) }
        if call.type(i) == LuaType.number {
            throw LuaArgumentError(i, "a float does not add exactly: use an integer or a decimal")
        }
        switch DecimalOperand.coerce(call.L, i, bound: false) {
        case .success(let d): return .decimal(d)
        case .failure(let e): throw LuaArgumentError(i, e.message)
        }
    }

    private static func checkKey(_ call: LuaCall, _ i: Int32) throws(LuaArgumentError) -> [UInt8] {
        guard call.type(i) == LuaType.string, let key = call.bytes(i) else {
            throw call.typeError(i, expected: "string key")
        }
        guard !key.isEmpty, key.count <= StateLimits.maxKeyBytes else {
            throw LuaArgumentError(i, "a key is 1 to \(StateLimits.maxKeyBytes) bytes, got \(key.count)")
        }
        return key
    }

    /// Runs `body` on the run's store; its failure (or there being no store) is a `state`
    /// error: `bybit: state error: <message>`.
    private static func withStore<T>(
        _ session: BybitSession, _ body: (ScriptStateStore) throws(ScriptStateStore.Failure) -> T
    ) throws(ScriptError) -> T {
        guard let store = session.options.state else {
            throw ScriptError(kind: "state", message: "this run has no state store", endpoint: "")
        }
        do { return try body(store) } catch { throw ScriptError(kind: "state", message: error.message, endpoint: "") }
    }
}
