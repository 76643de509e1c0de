import BybitAPI
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// Installs the `Decimal` userdata type, the `decimal` table (callable:
/// `decimal("1.5")`) and the short form `D"1.5"`.
public enum DecimalModule {
    /// Functions of the `decimal` table, with their editor signatures.
    static var functions: [LuaNative] {
        [
            LuaNative(
                "new",
                LuaSignature(
                    "An exact decimal from a numeric string (strict), an integer, a float (shortest round-trip text) or a decimal.",
                    parameters: [.init("value", "Decimal|string|integer|number")], returns: ["Decimal"]),
                .direct(decimalNew)),
            LuaNative(
                "is",
                LuaSignature(
                    "Whether `value` is a Decimal.", parameters: [.init("value", "any")], returns: ["boolean"]),
                .direct(decimalIs)),
            LuaNative(
                "eq",
                LuaSignature(
                    "Equality by value; either side may be a decimal, integer, numeric string or number.",
                    parameters: [
                        .init("a", "Decimal|string|integer|number"), .init("b", "Decimal|string|integer|number"),
                    ], returns: ["boolean"]), .direct(decimalEqFunction)),
            LuaNative(
                "max",
                LuaSignature(
                    "The largest argument, as a Decimal.", parameters: [.init("...", "Decimal|string|integer|number")],
                    returns: ["Decimal"]), .direct(decimalMax)),
            LuaNative(
                "min",
                LuaSignature(
                    "The smallest argument, as a Decimal.", parameters: [.init("...", "Decimal|string|integer|number")],
                    returns: ["Decimal"]), .direct(decimalMin)),
            LuaNative(
                "sum",
                LuaSignature(
                    "The exact sum of the arguments, or of one array of values.",
                    parameters: [.init("...", "Decimal|string|integer|number|(Decimal|string|integer|number)[]")],
                    returns: ["Decimal"]), .direct(decimalSum)),
        ]
    }

    /// Registers everything in `state` and returns the `decimal` table as a value
    /// the bybit module can also expose. Leaves the stack as it was.
    public static func install(in state: LuaState) {
        install(in: state, fastPaths: FastPaths(environment: getenv("BYBIT_LUA_DECIMAL_FAST")))
    }

    /// Which of the speed-ups for decimal arithmetic a state gets. All of them unless
    /// `BYBIT_LUA_DECIMAL_FAST` says otherwise: `none` (the Swift metamethods and the
    /// plain allocator, as before them), `c` (only the C metamethods), `cache` (only
    /// the allocator's block cache). For benchmarks and for telling the paths apart.
    struct FastPaths: Equatable {
        var cMetamethods = true
        var blockCache = true

        static let all = FastPaths()
        static let none = FastPaths(cMetamethods: false, blockCache: false)

        init(cMetamethods: Bool = true, blockCache: Bool = true) {
            self.cMetamethods = cMetamethods
            self.blockCache = blockCache
        }

        init(environment value: UnsafeMutablePointer<CChar>?) {
            switch value.map({ String(cString: $0) }) {
            case "none": self = .none
            case "c": self.init(cMetamethods: true, blockCache: false)
            case "cache": self.init(cMetamethods: false, blockCache: true)
            default: self = .all
            }
        }
    }

    /// ``install(in:)`` with the fast paths chosen (tests compare both paths).
    static func install(in state: LuaState, fastPaths: FastPaths) {
        let L = state.L
        let call = LuaCall(L)
        let type = LuaValueType<ExactDecimal>(
            in: state, name: "Decimal",
            methods: DecimalMethods.methods.map { ($0.name, $0.function) },
            metamethods: DecimalMetamethods.table)
        precondition(type.tag == DecimalOperand.tag)
        let top = call.top
        if fastPaths.cMetamethods { installCMetamethods(L) }
        // Every decimal result is a block of one size, garbage soon after.
        if fastPaths.blockCache { DecimalFastPaths.cacheBlocks(L) }
        call.newTable(record: Int32(functions.count))
        for f in functions {
            guard case .direct(let fn) = f.function else { continue }
            type.pushBound(L, fn)
            LuaCall(L).setField(-2, f.name)
        }
        // decimal(x) is decimal.new(x)
        call.newTable(record: 1)
        type.pushBound(L, decimalCall)
        LuaCall(L).setField(-2, "__call")
        call.setMetatable(-2)
        call.pushCopy(-1)
        state.setGlobalFromTop("decimal")
        call.setRegistryField("bybit-lua.decimal")
        type.pushBound(L, decimalNew)
        state.setGlobalFromTop("D")
        call.setTop(top)
    }

    /// Swaps the hot metamethods for their C fast paths (CLuaShim/decimal.c), which
    /// hand every case they do not handle to the Swift function given here, so the
    /// Swift functions stay the definition of what each operator does.
    private static func installCMetamethods(_ L: OpaquePointer) {
        // The C side reads the userdata LuaValueType<ExactDecimal> writes: same size, and
        // the tag it is given here. Metatable checks through the userdata header when
        // this liblua allows it.
        precondition(DecimalFastPaths.userdataSize == 8 + MemoryLayout<ExactDecimal>.size)
        LuaCall(L).pushRegistryField(DecimalBridge.name)
        DecimalFastPaths.bind(L, metatable: -1, tag: DecimalOperand.tag)
        let fallbacks: [(DecimalFastPaths.Event, LuaDirectFunction)] = [
            (.add, decimalAdd), (.sub, decimalSub), (.mul, decimalMul), (.unm, decimalUnm),
            (.eq, decimalEq), (.lt, decimalLt), (.le, decimalLe),
        ]
        for (event, swift) in fallbacks { DecimalFastPaths.setMetamethod(L, metatable: -1, event, fallback: swift) }
        LuaCall(L).pop()
    }
}

/// decimal.new(x) / D(x)
func decimalNew(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let d = DecimalMethods.operand(L, 1) else { return LuaStatus.argumentError }
    DecimalOperand.push(L, d)
    return 1
}

/// decimal(x): the callable table's __call (argument 1 is the table itself).
func decimalCall(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    LuaCall(L).remove(1)
    return decimalNew(L)
}

func decimalIs(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    LuaCall(L).push(DecimalOperand.decimal(L, 1) != nil)
    return 1
}

func decimalEqFunction(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let a = DecimalMethods.operand(L, 1), let b = DecimalMethods.operand(L, 2) else {
        return LuaStatus.argumentError
    }
    LuaCall(L).push(a == b)
    return 1
}

/// The arguments as decimals (or the elements of a single array argument).
private func decimalArguments(_ L: OpaquePointer) -> [ExactDecimal]? {
    var values: [ExactDecimal] = []
    let call = LuaCall(L)
    if call.top == 1, call.type(1) == LuaType.table {
        let n = call.rawLength(1)
        guard n > 0 else { return values }
        for i in 1...n {
            call.pushRawIndex(1, Int64(i))
            let element = DecimalOperand.coerce(L, -1)
            call.pop()
            guard case .success(let d) = element else {
                _ = DecimalRaise.argument(L, 1, "element \(i) is not a decimal, integer, numeric string or number")
                return nil
            }
            values.append(d)
        }
        return values
    }
    let n = call.top
    guard n > 0 else { return values }
    for i in 1...n {
        guard let d = DecimalMethods.operand(L, i) else { return nil }
        values.append(d)
    }
    return values
}

func decimalMax(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let values = decimalArguments(L) else { return LuaStatus.argumentError }
    guard var best = values.first else { return DecimalRaise.argument(L, 1, "decimal expected, got no value") }
    for v in values.dropFirst() where v > best { best = v }
    DecimalOperand.push(L, best)
    return 1
}

func decimalMin(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let values = decimalArguments(L) else { return LuaStatus.argumentError }
    guard var best = values.first else { return DecimalRaise.argument(L, 1, "decimal expected, got no value") }
    for v in values.dropFirst() where v < best { best = v }
    DecimalOperand.push(L, best)
    return 1
}

func decimalSum(_ L: OpaquePointer?) -> Int32 {
    guard let L else { return 0 }
    guard let values = decimalArguments(L) else { return LuaStatus.argumentError }
    return DecimalMethods.result(L) { () throws(DecimalError) in try ExactDecimal.sum(values) }
}
