import BybitAPI
import LuaKit

/// Pushes a reply as plain Lua tables, each field converted by the kind the endpoint
/// catalog declares for it (``Shape``): decimals become Decimals, integers and
/// millisecond timestamps integers, text stays text; `""` becomes nil (absent); arrays
/// become sequences. A field the catalog does not declare (or a whole reply of an
/// endpoint it does not know, from `bybit.request`) is converted the generic way:
/// numeric strings become Decimals, JSON integers stay integers.
enum JSONToLua {
    /// Pushes `value`, an object of `shape` (or a list of them) when `shape` is given.
    static func push(_ L: OpaquePointer, _ value: JSONValue, shape: Shape? = nil) {
        switch value {
        case .array, .object:
            // A reply holds many decimals: the metatable is looked up once, below the result.
            guard LuaCall(L).ensureStack(1) else {
                LuaCall(L).pushNil()
                return
            }
            let decimals = DecimalBridge.pushMetatable(L)
            push(L, value, field: nil, shape: shape, decimals: decimals)
            LuaCall(L).remove(decimals)
        default:
            push(L, value, field: nil, shape: shape, decimals: nil)
        }
    }

    /// `[-0, +1, m]` Pushes member `n` of `object` (of `shape`) as a pushed object's
    /// field holds it: nil for `""`, which a pushed object leaves out. `decimals`: the
    /// absolute stack index of the Decimal metatable.
    static func pushMember(_ L: OpaquePointer, _ object: JSONObject, at n: Int, shape: Shape?, decimals: Int32) {
        let value = object[n].value
        if case .string(let s) = value, s.isEmpty {
            LuaCall(L).pushNil()
            return
        }
        push(L, value, field: shape?.kind(of: object, at: n), shape: nil, decimals: decimals)
    }

    /// `decimals`: the absolute stack index of the Decimal metatable, when pushed.
    private static func push(
        _ L: OpaquePointer, _ value: JSONValue, field: FieldKind?, shape: Shape?, decimals: Int32?
    ) {
        let call = LuaCall(L)
        guard call.ensureStack(4) else {
            call.pushNil()
            return
        }
        switch value {
        case .null: call.pushNil()
        case .bool(let b): call.push(b)
        case .int(let i): call.push(i)
        case .double(_, let text): pushNumericText(L, text, decimals: decimals)
        case .string(let s): pushString(L, s, kind: field, decimals: decimals)
        case .array(let items):
            var itemShape = shape
            if case .list(let s)? = field { itemShape = s }
            call.newTable(array: Int32(clamping: items.count))
            for (n, item) in items.enumerated() {
                if pastMemoryLimit(L) { break }
                push(L, item, field: nil, shape: itemShape, decimals: decimals)
                call.setIndex(-2, Int64(n + 1))
            }
        case .object(let members):
            var shape = shape
            if case .object(let s)? = field { shape = s }
            call.newTable(record: Int32(clamping: members.count))
            for n in members.indices {
                let (k, v) = members[n]
                if case .string(let s) = v, s.isEmpty { continue }  // "" means "not set"
                LuaCall(L).push(k)
                push(L, v, field: shape?.kind(of: members, at: n), shape: nil, decimals: decimals)
                call.rawSet(-3)
            }
        }
    }

    /// Host code allocates past `--max-memory` (a Lua error cannot be raised inside it) and
    /// the trampoline stops the run when the call returns; past the limit there is no use
    /// in building the rest of a large reply, so the conversion stops growing the heap.
    private static func pastMemoryLimit(_ L: OpaquePointer) -> Bool {
        LuaCall(L).runMustStopGrowing
    }

    private static func pushString(_ L: OpaquePointer, _ s: String, kind: FieldKind?, decimals: Int32?) {
        switch kind {
        case .text?, .symbol?, .coin?, .choice?:
            break
        case .integer?, .timestamp?:
            if let i = Int64(s) {
                LuaCall(L).push(i)
                return
            }
            if looksNumeric(s), let d = try? ExactDecimal(parsing: s) {
                pushDecimal(L, d, decimals: decimals)
                return
            }
        case .decimal?, .flag?, .list?, .object?, nil:
            if looksNumeric(s), let d = try? ExactDecimal(parsing: s) {
                pushDecimal(L, d, decimals: decimals)
                return
            }
        }
        LuaCall(L).push(s)
    }

    private static func pushNumericText(_ L: OpaquePointer, _ text: String, decimals: Int32?) {
        if let d = try? ExactDecimal(parsing: text) {
            pushDecimal(L, d, decimals: decimals)
        } else {
            LuaCall(L).push(text)
        }
    }

    private static func pushDecimal(_ L: OpaquePointer, _ d: ExactDecimal, decimals: Int32?) {
        if let decimals { DecimalBridge.push(L, d, metatableAt: decimals) } else { DecimalBridge.push(L, d) }
    }

    private static func looksNumeric(_ s: String) -> Bool {
        guard let f = s.utf8.first else { return false }
        return f == UInt8(ascii: "-") || (f >= UInt8(ascii: "0") && f <= UInt8(ascii: "9"))
    }
}
