import LuaKit

/// Copies a Lua value into a ``StateValue`` (refusing what cannot be kept, with the path
/// to it) and pushes one back. Raw access only: no metamethod of the script's runs.
enum StateLuaBridge {
    /// A value that cannot be stored, said with where it is (`value.orders[2].fn`).
    struct Refusal: Error {
        let message: String
    }

    static let kept = "bybit.state keeps strings, integers, floats, booleans, decimals and tables of them"

    /// `[-0, +0, m]` The value at `index` (not nil) as it would be stored.
    static func read(_ call: LuaCall, _ index: Int32) throws(Refusal) -> StateValue {
        var reader = Reader(call: call)
        let top = call.top
        do { return try reader.read(index < 0 ? top + index + 1 : index, path: "value", depth: 0) } catch {
            call.setTop(top)  // a refusal mid-table leaves keys and values pushed
            throw error
        }
    }

    /// `[-0, +1, m]` Pushes `value` (tables as new tables; decimals as decimal userdata).
    static func push(_ call: LuaCall, _ value: StateValue) {
        switch value {
        case .boolean(let b): call.push(b)
        case .integer(let i): call.push(i)
        case .number(let d): call.push(d)
        case .string(let s): call.push(bytes: s)
        case .decimal(let d): DecimalBridge.push(call.L, d)
        case .table(let pairs):
            _ = call.ensureStack(4)
            let sequence = pairs.prefix { if case .integer = $0.0 { return true } else { return false } }.count
            call.newTable(array: Int32(min(sequence, 1 << 20)), record: Int32(min(pairs.count - sequence, 1 << 20)))
            for (key, item) in pairs {
                switch key {
                case .integer(let i): call.push(i)
                case .string(let s): call.push(bytes: s)
                }
                push(call, item)
                call.rawSet(-3)
            }
        }
    }

    private struct Reader {
        let call: LuaCall
        /// The tables being read, outer to inner: meeting one again is a cycle.
        var onPath: Set<UnsafeRawPointer> = []
        /// About the stored size so far (``StateCodec``), to stop early on a huge value.
        var size = 0

        mutating func read(_ i: Int32, path: String, depth: Int) throws(Refusal) -> StateValue {
            let value: StateValue
            switch call.type(i) {
            case LuaType.boolean: value = .boolean(call.boolean(i))
            case LuaType.number:
                if call.isInteger(i), let n = call.integer(i) {
                    value = .integer(n)
                } else {
                    value = .number(call.number(i) ?? 0)
                }
            case LuaType.string: value = .string(call.bytes(i) ?? [])
            case LuaType.userdata:
                guard let d = DecimalBridge.value(call.L, i) else {
                    throw Refusal(message: "\(path) is a \(call.typeName(i)) userdata: \(StateLuaBridge.kept)")
                }
                value = .decimal(d)
            case LuaType.table: return try table(i, path: path, depth: depth)
            default:
                throw Refusal(message: "\(path) is a \(call.typeName(i)): \(StateLuaBridge.kept)")
            }
            try count(value, path: path)
            return value
        }

        private mutating func count(_ value: StateValue, path: String) throws(Refusal) {
            switch value {
            case .string(let b): size += b.count + 12
            case .boolean: size += 1
            default: size += 48
            }
            guard size <= StateLimits.maxValueBytes else {
                throw Refusal(message: "\(path): the value is more than \(StateLimits.maxValueBytes) bytes stored")
            }
        }

        private mutating func table(_ i: Int32, path: String, depth: Int) throws(Refusal) -> StateValue {
            guard depth < StateLimits.maxDepth else {
                throw Refusal(message: "\(path): tables nested more than \(StateLimits.maxDepth) deep")
            }
            guard let id = call.identity(i), !onPath.contains(id) else {
                throw Refusal(message: "\(path) is a table that contains itself (a cycle): it cannot be stored")
            }
            guard call.ensureStack(4) else { throw Refusal(message: "\(path): out of Lua stack") }
            onPath.insert(id)
            defer { onPath.remove(id) }
            size += 12
            var pairs: [(StateKey, StateValue)] = []
            call.pushNil()
            while call.next(i) {
                let key: StateKey
                switch call.type(-2) {
                case LuaType.string: key = .string(call.bytes(-2) ?? [])
                case LuaType.number where call.isInteger(-2): key = .integer(call.integer(-2) ?? 0)
                case LuaType.number:
                    let n = call.number(-2) ?? 0
                    throw Refusal(
                        message: "\(path) has the float key \(n): keys in a stored table are strings or integers")
                default:
                    throw Refusal(
                        message:
                            "\(path) has a \(call.typeName(-2)) key: keys in a stored table are strings or integers")
                }
                if case .string(let b) = key { size += b.count + 12 } else { size += 24 }
                pairs.append((key, try read(call.top, path: path + key.pathComponent, depth: depth + 1)))
                call.pop()
            }
            pairs.sort { $0.0 < $1.0 }
            return .table(pairs)
        }
    }
}
