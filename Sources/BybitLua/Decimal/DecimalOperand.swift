import BybitAPI
import LuaKit

/// Turning Lua values into exact decimals, in functions whose upvalue 1 is the
/// Decimal metatable (see `LuaValueType.pushBound`).
///
/// Accepted: a Decimal, an integer, a numeric string parsed strictly (`"1,5"`,
/// `" 1"`, `"0.1x"` are errors), and a float through its shortest round-trip text
/// (`0.1` is `0.1`, never `%.14g`). NaN and infinities are errors.
enum DecimalOperand {
    static let tag = userdataTag("Decimal")

    /// The Decimal at `index`, if it is one (no conversion).
    @inline(__always)
    static func decimal(_ L: OpaquePointer, _ index: Int32) -> ExactDecimal? {
        LuaValueType<ExactDecimal>.value(L, at: index, tag: tag)
    }

    @inline(__always)
    static func push(_ L: OpaquePointer, _ value: ExactDecimal) {
        LuaValueType<ExactDecimal>.push(L, value, tag: tag)
    }

    /// Converts the value at `index`, or says why it cannot be a decimal.
    /// - Parameter bound: true inside functions whose upvalue 1 is the Decimal
    ///   metatable (the fast path); false anywhere else.
    static func coerce(_ L: OpaquePointer, _ index: Int32, bound: Bool = true) -> Result<
        ExactDecimal, DecimalOperandError
    > {
        if let d = bound ? decimal(L, index) : DecimalBridge.value(L, index) { return .success(d) }
        let call = LuaCall(L)
        switch call.type(index) {
        case LuaType.number:
            if call.isInteger(index), let i = call.integer(index) { return .success(ExactDecimal(Int(i))) }
            let f = call.number(index) ?? .nan
            do { return .success(try ExactDecimal(exactly: f)) } catch {
                return .failure(DecimalOperandError(message: error.message))
            }
        case LuaType.string:
            let parsed = call.withStringBytes(index) { bytes -> Result<ExactDecimal, DecimalOperandError> in
                do throws(DecimalError) { return .success(try ExactDecimal(parsingUTF8: bytes)) } catch {
                    return .failure(DecimalOperandError(message: error.message))
                }
            }
            if let parsed { return parsed }
        default:
            break
        }
        let got = call.typeName(index)
        return .failure(DecimalOperandError(message: "decimal expected, got \(got)", isTypeMismatch: true))
    }
}

/// Decimals from functions that do not carry the metatable as an upvalue (the
/// bindings, response conversion): the metatable is found in the registry.
enum DecimalBridge {
    static let name = "Decimal"

    static func value(_ L: OpaquePointer, _ index: Int32) -> ExactDecimal? {
        LuaValueType<ExactDecimal>.value(L, at: index, tag: DecimalOperand.tag, name: name)
    }

    static func push(_ L: OpaquePointer, _ value: ExactDecimal) {
        LuaValueType<ExactDecimal>.push(L, value, tag: DecimalOperand.tag, name: name)
    }

    /// Pushes the Decimal metatable; its absolute stack index, for ``push(_:_:metatableAt:)``.
    static func pushMetatable(_ L: OpaquePointer) -> Int32 {
        LuaValueType<ExactDecimal>.pushMetatable(L, name: name)
    }

    /// Pushes `value` with the metatable at `metatable` (many decimals, one registry lookup).
    static func push(_ L: OpaquePointer, _ value: ExactDecimal, metatableAt metatable: Int32) {
        LuaValueType<ExactDecimal>.push(L, value, tag: DecimalOperand.tag, metatableAt: metatable)
    }
}

/// Why a value could not be used as a decimal.
struct DecimalOperandError: Error {
    let message: String
    var isTypeMismatch = false
}

extension DecimalError {
    /// The message without the type name, for Lua errors.
    var message: String { description }
}

/// Raising from direct functions: push the message, return the status the
/// trampoline acts on.
enum DecimalRaise {
    /// `file:line: message` (luaL_error's form).
    static func error(_ L: OpaquePointer, _ message: String) -> Int32 {
        LuaCall(L).push(message)
        return LuaStatus.error
    }

    /// `bad argument #n to 'f' (message)`.
    static func argument(_ L: OpaquePointer, _ n: Int32, _ message: String) -> Int32 {
        LuaCall(L).push(Int64(n))
        LuaCall(L).push(message)
        return LuaStatus.argumentError
    }
}
