import BybitAPI
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// Pushes a response as plain Lua tables: numeric strings become decimals, `""`
/// becomes nil (absent), JSON integers stay integers, millisecond timestamps
/// (`…Time` fields, `time`) become integers, arrays become sequences.
enum JSONToLua {
    /// Fields whose numeric strings are integers (ids, times), not amounts.
    static func isIntegerField(_ key: String) -> Bool {
        key == "time" || hasASCIISuffix(key, "Time") || key == "timeSecond" || key == "timeNano"
            || key == "positionIdx" || key == "riskId" || key == "tradeMode" || key == "seq"
    }

    /// Fields that look numeric but are identifiers or text.
    static func isTextField(_ key: String) -> Bool {
        key == "nextPageCursor" || hasASCIISuffix(key, "Id") || key == "symbol" || key == "coin"
    }

    /// `String.hasSuffix` compares grapheme clusters; field names are ASCII, and this
    /// runs for every field of every reply.
    @inline(__always)
    static func hasASCIISuffix(_ key: String, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        return key.utf8.withContiguousStorageIfAvailable { k in
            k.count >= n && memcmp(k.baseAddress! + (k.count - n), suffix.utf8Start, n) == 0
        } ?? key.utf8.suffix(n).elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: n))
    }

    static func push(_ L: OpaquePointer, _ value: JSONValue, key: String? = nil) {
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
        case .string(let s): pushString(L, s, key: key)
        case .array(let items):
            call.newTable(array: Int32(clamping: items.count))
            for (n, item) in items.enumerated() {
                if pastMemoryLimit(L) { break }
                push(L, item)
                call.setIndex(-2, Int64(n + 1))
            }
        case .object(let members):
            call.newTable(record: Int32(clamping: members.count))
            for (k, v) in members {
                if case .string(let s) = v, s.isEmpty { continue }  // "" means "not set"
                LuaCall(L).push(k)
                push(L, v, key: k)
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

    private static func pushString(_ L: OpaquePointer, _ s: String, key: String?) {
        if let key, !isTextField(key), looksNumeric(s) {
            if isIntegerField(key), let i = Int64(s) {
                LuaCall(L).push(i)
                return
            }
            if let d = try? ExactDecimal(parsing: s) {
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
