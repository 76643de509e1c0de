import BybitAPI
import CLua
import CLuaShim
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
    static func coerce(_ L: OpaquePointer, _ index: Int32, bound: Bool = true) -> Result<ExactDecimal, DecimalOperandError> {
        if let d = bound ? decimal(L, index) : DecimalBridge.value(L, index) { return .success(d) }
        switch lua_type(L, index) {
        case LUA_TNUMBER:
            var isInteger: Int32 = 0
            let i = bl_tointegerx(L, index, &isInteger)
            if isInteger != 0, lua_isinteger(L, index) != 0 { return .success(ExactDecimal(Int(i))) }
            let f = bl_tonumberx(L, index, nil)
            do { return .success(try ExactDecimal(exactly: f)) } catch {
                return .failure(DecimalOperandError(message: error.message))
            }
        case LUA_TSTRING:
            var len = 0
            guard let p = bl_tolstring(L, index, &len) else { break }
            do {
                return .success(try ExactDecimal(parsingUTF8: UnsafeRawBufferPointer(start: p, count: len)))
            } catch {
                return .failure(DecimalOperandError(message: error.message))
            }
        default:
            break
        }
        let got = LuaCall(L).typeName(index)
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
        LuaStack.push(L, string: message)
        return BL_ERROR
    }

    /// `bad argument #n to 'f' (message)`.
    static func argument(_ L: OpaquePointer, _ n: Int32, _ message: String) -> Int32 {
        lua_pushinteger(L, lua_Integer(n))
        LuaStack.push(L, string: message)
        return BL_ARGERROR
    }
}
