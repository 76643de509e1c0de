import BybitAPI
import LuaKit

/// The Decimal metamethods: `+ - * / // % unary- < <= == .. tostring`, mixed with
/// integers, numeric strings and floats on either side. Each is a direct C-callable
/// function (no boxing) because arithmetic in a Lua loop is the hot path.
enum DecimalMetamethods {
    /// Scale of `/` when the quotient does not terminate (half-even rounding).
    static let divisionScale = 18

    static var table: [(String, LuaFunction)] {
        [
            ("__add", .direct(decimalAdd)), ("__sub", .direct(decimalSub)), ("__mul", .direct(decimalMul)),
            ("__div", .direct(decimalDiv)), ("__idiv", .direct(decimalIDiv)), ("__mod", .direct(decimalMod)),
            ("__unm", .direct(decimalUnm)), ("__eq", .direct(decimalEq)), ("__lt", .direct(decimalLt)),
            ("__le", .direct(decimalLe)), ("__concat", .direct(decimalConcat)),
            ("__tostring", .direct(decimalToString)),
        ]
    }

    /// Applies `op` to both operands; errors name the operator.
    @inline(__always)
    static func binary(
        _ L: OpaquePointer?, _ symbol: String,
        _ op: (ExactDecimal, ExactDecimal) throws(DecimalError) -> ExactDecimal
    ) -> Int32 {
        guard let L else { return 0 }
        // Fast path: two decimals.
        if let a = DecimalOperand.decimal(L, 1), let b = DecimalOperand.decimal(L, 2) {
            do {
                DecimalOperand.push(L, try op(a, b))
                return 1
            } catch {
                return DecimalRaise.error(L, error.message)
            }
        }
        let a: ExactDecimal
        let b: ExactDecimal
        switch (DecimalOperand.coerce(L, 1), DecimalOperand.coerce(L, 2)) {
        case (.success(let x), .success(let y)): (a, b) = (x, y)
        case (.failure(let e), _), (_, .failure(let e)):
            return DecimalRaise.error(L, "cannot apply '\(symbol)' to a decimal: \(e.message)")
        }
        do {
            DecimalOperand.push(L, try op(a, b))
            return 1
        } catch {
            return DecimalRaise.error(L, error.message)
        }
    }

    /// `a / b`: exact when the quotient terminates within `divisionScale` places
    /// (then at the ideal scale, as Python's decimal), else rounded half-even there.
    static func divide(_ a: ExactDecimal, _ b: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        let q = try a.divided(by: b, scale: divisionScale, rounding: .halfEven)
        guard let back = try? q.multiplied(by: b), back == a else { return q }
        let ideal = max(0, a.scale - b.scale)
        var reduced = q
        while reduced.scale > ideal, let r = try? reduced.rounded(scale: reduced.scale - 1, mode: .down), r == reduced {
            reduced = r
        }
        return reduced
    }

    /// Compares operands 1 and 2; nil when one cannot be a decimal (message pushed).
    @inline(__always)
    static func compare(_ L: OpaquePointer, _ symbol: String) -> Int? {
        if let a = DecimalOperand.decimal(L, 1), let b = DecimalOperand.decimal(L, 2) { return a.compare(b) }
        switch (DecimalOperand.coerce(L, 1), DecimalOperand.coerce(L, 2)) {
        case (.success(let a), .success(let b)): return a.compare(b)
        case (.failure(let e), _), (_, .failure(let e)):
            LuaCall(L).push("cannot compare ('\(symbol)') a decimal with that: \(e.message)")
            return nil
        }
    }

    /// The text of operand `i` for `..`: a decimal's exact text, a string or number
    /// as Lua would give it; nil for other types.
    static func concatText(_ L: OpaquePointer, _ i: Int32) -> [UInt8]? {
        if let d = DecimalOperand.decimal(L, i) { return Array(d.description.utf8) }
        return LuaCall(L).textBytes(i)
    }
}

func decimalAdd(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "+") { (a, b) throws(DecimalError) in try a.adding(b) }
}
func decimalSub(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "-") { (a, b) throws(DecimalError) in try a.subtracting(b) }
}
func decimalMul(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "*") { (a, b) throws(DecimalError) in try a.multiplied(by: b) }
}
func decimalDiv(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "/") { (a, b) throws(DecimalError) in try DecimalMetamethods.divide(a, b) }
}
func decimalIDiv(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "//") { (a, b) throws(DecimalError) in try a.floorDivided(by: b) }
}
func decimalMod(_ L: OpaquePointer?) -> Int32 {
    DecimalMetamethods.binary(L, "%") { (a, b) throws(DecimalError) in try a.floorModulo(b) }
}

func decimalUnm(_ L: OpaquePointer?) -> Int32 {
    guard let L, let a = DecimalOperand.decimal(L, 1) else { return 0 }
    DecimalOperand.push(L, -a)
    return 1
}

/// `__eq` runs only between two userdata (Lua 5.4): a Decimal and another type of
/// userdata are simply not equal.
func decimalEq(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let a = DecimalOperand.decimal(L, 1), let b = DecimalOperand.decimal(L, 2) else {
        LuaCall(L).push(false)
        return 1
    }
    LuaCall(L).push(a == b)
    return 1
}

func decimalLt(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let c = DecimalMetamethods.compare(L, "<") else { return LuaStatus.error }
    LuaCall(L).push(c < 0)
    return 1
}

func decimalLe(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let c = DecimalMetamethods.compare(L, "<=") else { return LuaStatus.error }
    LuaCall(L).push(c <= 0)
    return 1
}

func decimalConcat(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    for i: Int32 in 1...2 where DecimalMetamethods.concatText(L, i) == nil {
        return DecimalRaise.error(L, "attempt to concatenate a \(LuaCall(L).typeName(i)) value")
    }
    let text = DecimalMetamethods.concatText(L, 1)! + DecimalMetamethods.concatText(L, 2)!
    LuaCall(L).push(bytes: text)
    return 1
}

func decimalToString(_ L: OpaquePointer?) -> Int32 {
    guard let L, let a = DecimalOperand.decimal(L, 1) else { return 0 }
    LuaCall(L).push(a.description)
    return 1
}
