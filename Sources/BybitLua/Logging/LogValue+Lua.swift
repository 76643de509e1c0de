import LuaKit

extension LogValue {
    /// How deep tables are followed, and how many values one line shows at most: a table
    /// that contains itself is cut at the depth, a huge one at the count (`…` marks either).
    static let maxDepth = 6
    static let maxValues = 256

    /// Copies the value at `index` with raw access only (no metamethod runs, nothing raises).
    static func read(_ call: LuaCall, _ index: Int32) -> LogValue {
        var budget = maxValues
        return read(call, index, depth: maxDepth, budget: &budget)
    }

    /// The string-keyed fields of the table at `index`, sorted; the list part as `"1"`, `"2"`….
    static func fields(_ call: LuaCall, _ index: Int32) -> [(String, LogValue)] {
        var budget = maxValues
        if case .record(let r) = readTable(call, index, depth: maxDepth, budget: &budget, keyed: true) { return r }
        return []
    }

    private static func read(_ call: LuaCall, _ index: Int32, depth: Int, budget: inout Int) -> LogValue {
        budget -= 1
        if let d = DecimalBridge.value(call.L, index) { return .decimal(d.description) }
        switch call.type(index) {
        case LuaType.nil, LuaType.none: return .opaque("nil")
        case LuaType.boolean: return .boolean(call.boolean(index))
        case LuaType.number:
            if call.isInteger(index), let i = call.integer(index) { return .integer(i) }
            return .number(call.number(index) ?? .nan)
        case LuaType.string: return .text(String(decoding: call.bytes(index) ?? [], as: UTF8.self))
        case LuaType.table:
            guard depth > 0, budget > 0, call.ensureStack(4) else { return .opaque("…") }
            return readTable(call, index, depth: depth, budget: &budget, keyed: false)
        default: return .opaque(call.typeName(index))
        }
    }

    /// A list when the table has only a list part (or is empty), else a record.
    private static func readTable(_ call: LuaCall, _ index: Int32, depth: Int, budget: inout Int, keyed: Bool)
        -> LogValue
    {
        let t = index < 0 ? call.top + index + 1 : index  // absolute: the loops push above it
        let n = call.rawLength(t)
        var list: [LogValue] = []
        var cut = false
        for i in 0..<n {
            guard budget > 0 else {
                cut = true
                break
            }
            call.pushRawIndex(t, Int64(i + 1))
            list.append(read(call, -1, depth: depth - 1, budget: &budget))
            call.pop()
        }
        var record: [(String, LogValue)] = []
        for key in call.keys(t).sorted() {
            // keys() names a non-string key "[number]" etc.: no such string key, so it is skipped
            guard call.rawField(t, key) != LuaType.nil else {
                call.pop()
                continue
            }
            guard budget > 0 else {
                call.pop()
                cut = true
                break
            }
            record.append((key, read(call, -1, depth: depth - 1, budget: &budget)))
            call.pop()
        }
        if cut { record.append(("…", .opaque("…"))) }
        if record.isEmpty && !keyed { return .list(list) }
        return .record(list.enumerated().map { (String($0.offset + 1), $0.element) } + record)
    }
}
