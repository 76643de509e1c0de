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
        push(L, value, field: nil, shape: shape)
    }

    private static func push(_ L: OpaquePointer, _ value: JSONValue, field: FieldKind?, shape: Shape?) {
        let call = LuaCall(L)
        guard call.ensureStack(4) else {
            call.pushNil()
            return
        }
        switch value {
        case .null: call.pushNil()
        case .bool(let b): call.push(b)
        case .int(let i): call.push(i)
        case .double(_, let text): pushNumericText(L, text)
        case .string(let s): pushString(L, s, kind: field)
        case .array(let items):
            var itemShape = shape
            if case .list(let s)? = field { itemShape = s }
            call.newTable(array: Int32(clamping: items.count))
            for (n, item) in items.enumerated() {
                if pastMemoryLimit(L) { break }
                push(L, item, field: nil, shape: itemShape)
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
                push(L, v, field: shape?.kind(of: members, at: n), shape: nil)
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

    private static func pushString(_ L: OpaquePointer, _ s: String, kind: FieldKind?) {
        switch kind {
        case .text?, .symbol?, .coin?, .choice?:
            break
        case .integer?, .timestamp?:
            if let i = Int64(s) {
                LuaCall(L).push(i)
                return
            }
            if looksNumeric(s), let d = try? ExactDecimal(parsing: s) {
                DecimalBridge.push(L, d)
                return
            }
        case .decimal?, .flag?, .list?, .object?, nil:
            if looksNumeric(s), let d = try? ExactDecimal(parsing: s) {
                DecimalBridge.push(L, d)
                return
            }
        }
        LuaCall(L).push(s)
    }

    private static func pushNumericText(_ L: OpaquePointer, _ text: String) {
        if let d = try? ExactDecimal(parsing: text) { DecimalBridge.push(L, d) } else { LuaCall(L).push(text) }
    }

    private static func looksNumeric(_ s: String) -> Bool {
        guard let f = s.utf8.first else { return false }
        return f == UInt8(ascii: "-") || (f >= UInt8(ascii: "0") && f <= UInt8(ascii: "9"))
    }
}
