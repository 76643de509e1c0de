import BybitAPI
import LuaKit

/// Methods of Decimal values (`d:round(2, "down")`) and the `decimal` table's
/// functions (`decimal.max`, …). All are direct functions with the Decimal
/// metatable as upvalue 1.
enum DecimalMethods {
    /// Methods reached through `__index`, with their editor signatures.
    static var methods: [LuaNative] {
        [
            LuaNative(
                "round",
                LuaSignature(
                    "Rounds to `scale` decimal places (default mode half_even).",
                    parameters: [.init("scale", "integer"), .init("mode?", "RoundingMode")], returns: ["Decimal"]),
                .direct(decimalRound)),
            LuaNative(
                "quantize",
                LuaSignature(
                    "Rounds to a multiple of `step` (a tick or lot size), keeping the step's scale.",
                    parameters: [.init("step", "Decimal|string|integer"), .init("mode?", "RoundingMode")],
                    returns: ["Decimal"]), .direct(decimalQuantize)),
            LuaNative(
                "div",
                LuaSignature(
                    "Divides, rounding to exactly `scale` places (default mode half_even).",
                    parameters: [
                        .init("divisor", "Decimal|string|integer|number"), .init("scale", "integer"),
                        .init("mode?", "RoundingMode"),
                    ],
                    returns: ["Decimal"]), .direct(decimalDivMethod)),
            LuaNative(
                "floor", LuaSignature("The largest integer not above the value.", returns: ["Decimal"]),
                .direct(decimalFloor)),
            LuaNative(
                "ceil", LuaSignature("The smallest integer not below the value.", returns: ["Decimal"]),
                .direct(decimalCeil)),
            LuaNative("abs", LuaSignature("The absolute value.", returns: ["Decimal"]), .direct(decimalAbs)),
            LuaNative(
                "eq",
                LuaSignature(
                    "Equality by value with a decimal, integer, numeric string or number.\n`d == 1` is always false in Lua 5.4; use `d:eq(1)`.",
                    parameters: [.init("other", "Decimal|string|integer|number")], returns: ["boolean"]),
                .direct(decimalEqMethod)),
            LuaNative(
                "cmp",
                LuaSignature(
                    "-1, 0 or 1 as the value is below, equal to or above `other`.",
                    parameters: [.init("other", "Decimal|string|integer|number")], returns: ["integer"]),
                .direct(decimalCmp)),
            LuaNative("sign", LuaSignature("-1, 0 or 1.", returns: ["integer"]), .direct(decimalSign)),
            LuaNative(
                "scale",
                LuaSignature("Digits after the decimal point (`D\"10.50\":scale()` is 2).", returns: ["integer"]),
                .direct(decimalScale)),
            LuaNative(
                "tonumber",
                LuaSignature(
                    "The nearest float. Lossy: only for display or maths that tolerates it.", returns: ["number"]),
                .direct(decimalToNumber)),
            LuaNative(
                "tostring", LuaSignature("The exact text, scale kept (`10.50`).", returns: ["string"]),
                .direct(decimalToString)),
        ]
    }

    /// `self` for a method, or an error status already set up.
    @inline(__always)
    static func this(_ L: OpaquePointer) -> ExactDecimal? { DecimalOperand.decimal(L, 1) }

    static func selfError(_ L: OpaquePointer) -> Int32 {
        DecimalRaise.argument(L, 1, "Decimal expected, got \(LuaCall(L).typeName(1))")
    }

    /// Argument `n` as a decimal, or nil with an argument error prepared.
    static func operand(_ L: OpaquePointer, _ n: Int32) -> ExactDecimal? {
        switch DecimalOperand.coerce(L, n) {
        case .success(let d): return d
        case .failure(let e):
            _ = DecimalRaise.argument(L, n, e.message)
            return nil
        }
    }

    /// Argument `n` as a rounding mode (nil = half_even), or nil with an error prepared.
    static func mode(_ L: OpaquePointer, _ n: Int32) -> RoundingMode?? {
        if LuaCall(L).isNoneOrNil(n) { return .some(nil) }
        guard let name = LuaCall(L).string(n), let m = RoundingMode(rawValue: name) else {
            let names = RoundingMode.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            _ = DecimalRaise.argument(L, n, "rounding mode must be one of \(names)")
            return nil
        }
        return .some(m)
    }

    /// Argument `n` as an integer scale in -38...38, or nil with an error prepared.
    static func scale(_ L: OpaquePointer, _ n: Int32) -> Int? {
        guard let v = LuaCall(L).integer(n), (-38...38).contains(v) else {
            _ = DecimalRaise.argument(L, n, "scale must be an integer from -38 to 38")
            return nil
        }
        return Int(v)
    }

    /// Pushes the result of a throwing decimal operation.
    @inline(__always)
    static func result(_ L: OpaquePointer, _ body: () throws(DecimalError) -> ExactDecimal) -> Int32 {
        do {
            DecimalOperand.push(L, try body())
            return 1
        } catch {
            return DecimalRaise.error(L, error.message)
        }
    }
}

func decimalRound(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    guard let s = DecimalMethods.scale(L, 2), let m = DecimalMethods.mode(L, 3) else { return LuaStatus.argumentError }
    return DecimalMethods.result(L) { () throws(DecimalError) in try d.rounded(scale: s, mode: m ?? .halfEven) }
}

func decimalQuantize(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    guard let step = DecimalMethods.operand(L, 2), let m = DecimalMethods.mode(L, 3) else {
        return LuaStatus.argumentError
    }
    guard step.sign > 0 else { return DecimalRaise.argument(L, 2, "step must be positive, got \(step)") }
    return DecimalMethods.result(L) { () throws(DecimalError) in try d.quantized(step: step, mode: m ?? .halfEven) }
}

func decimalDivMethod(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    guard let divisor = DecimalMethods.operand(L, 2), let s = DecimalMethods.scale(L, 3),
        let m = DecimalMethods.mode(L, 4)
    else { return LuaStatus.argumentError }
    return DecimalMethods.result(L) { () throws(DecimalError) in
        try d.divided(by: divisor, scale: s, rounding: m ?? .halfEven)
    }
}

func decimalFloor(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    return DecimalMethods.result(L) { () throws(DecimalError) in try d.rounded(scale: 0, mode: .floor) }
}

func decimalCeil(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    return DecimalMethods.result(L) { () throws(DecimalError) in try d.rounded(scale: 0, mode: .ceiling) }
}

func decimalAbs(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    DecimalOperand.push(L, d.abs)
    return 1
}

func decimalEqMethod(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    guard let o = DecimalMethods.operand(L, 2) else { return LuaStatus.argumentError }
    LuaCall(L).push(d == o)
    return 1
}

func decimalCmp(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    guard let o = DecimalMethods.operand(L, 2) else { return LuaStatus.argumentError }
    LuaCall(L).push(Int64(d.compare(o)))
    return 1
}

func decimalSign(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    LuaCall(L).push(Int64(d.sign))
    return 1
}

func decimalScale(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    LuaCall(L).push(Int64(d.scale))
    return 1
}

func decimalToNumber(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.this(L) else { return DecimalMethods.selfError(L) }
    LuaCall(L).push(d.doubleValue)
    return 1
}
