import BybitAPI

/// The bytes a ``StateValue`` is stored as: short, exact and readable with `sqlite3`.
///
///     T | F                  true, false
///     i<digits>;             integer            i-42;
///     f<shortest text>;      float              f0.1;  (Swift's round-trip text)
///     d<text>;               decimal            d0.30;
///     s<count>:<bytes>       string             s5:hello
///     t<pairs>:<pairs>       table              t2:i1;s1:as1:ks1:v…
///
/// Decoding is strict: anything else (a truncated or altered row) is an error, never a
/// guess.
enum StateCodec {
    static func encode(_ value: StateValue) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    private static func encode(_ value: StateValue, into out: inout [UInt8]) {
        switch value {
        case .boolean(let b): out.append(b ? UInt8(ascii: "T") : UInt8(ascii: "F"))
        case .integer(let i): out += Array("i\(i);".utf8)
        case .number(let d): out += Array("f\(d.description);".utf8)
        case .decimal(let d): out += Array("d\(d.description);".utf8)
        case .string(let b):
            out += Array("s\(b.count):".utf8)
            out += b
        case .table(let pairs):
            out += Array("t\(pairs.count):".utf8)
            for (key, item) in pairs {
                switch key {
                case .integer(let i): encode(.integer(i), into: &out)
                case .string(let s): encode(.string(s), into: &out)
                }
                encode(item, into: &out)
            }
        }
    }

    struct Corrupt: Error {
        let reason: String
    }

    /// The value `bytes` encode; throws ``Corrupt`` unless they are exactly one value.
    static func decode(_ bytes: [UInt8]) throws(Corrupt) -> StateValue {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        guard reader.at == bytes.count else { throw Corrupt(reason: "extra bytes after the value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func value(depth: Int) throws(Corrupt) -> StateValue {
            guard depth <= StateLimits.maxDepth else { throw Corrupt(reason: "tables nested too deep") }
            guard at < bytes.count else { throw Corrupt(reason: "truncated value") }
            let tag = bytes[at]
            at += 1
            switch tag {
            case UInt8(ascii: "T"): return .boolean(true)
            case UInt8(ascii: "F"): return .boolean(false)
            case UInt8(ascii: "i"):
                let text = try field(until: ";")
                guard let i = Int64(text) else { throw Corrupt(reason: "bad integer '\(text)'") }
                return .integer(i)
            case UInt8(ascii: "f"):
                let text = try field(until: ";")
                guard let d = Double(text) else { throw Corrupt(reason: "bad float '\(text)'") }
                return .number(d)
            case UInt8(ascii: "d"):
                let text = try field(until: ";")
                guard let d = try? ExactDecimal(parsing: text) else { throw Corrupt(reason: "bad decimal '\(text)'") }
                return .decimal(d)
            case UInt8(ascii: "s"):
                let n = try count()
                guard n <= bytes.count - at else { throw Corrupt(reason: "truncated string") }
                defer { at += n }
                return .string(Array(bytes[at..<at + n]))
            case UInt8(ascii: "t"):
                let n = try count()
                var pairs: [(StateKey, StateValue)] = []
                for _ in 0..<n {
                    let key: StateKey
                    switch try value(depth: depth + 1) {
                    case .integer(let i): key = .integer(i)
                    case .string(let s): key = .string(s)
                    default: throw Corrupt(reason: "a table key that is neither a string nor an integer")
                    }
                    pairs.append((key, try value(depth: depth + 1)))
                }
                return .table(pairs)
            default:
                throw Corrupt(reason: "unknown type tag \(tag)")
            }
        }

        /// A count before `:` (string length, table pairs), bounded by what is left.
        mutating func count() throws(Corrupt) -> Int {
            let text = try field(until: ":")
            guard let n = Int(text), n >= 0, n <= bytes.count else { throw Corrupt(reason: "bad length '\(text)'") }
            return n
        }

        mutating func field(until end: Character) throws(Corrupt) -> String {
            let stop = end.asciiValue!
            guard let i = bytes[at...].firstIndex(of: stop), i - at <= 64 else {
                throw Corrupt(reason: "truncated value")
            }
            defer { at = i + 1 }
            return String(decoding: bytes[at..<i], as: UTF8.self)
        }
    }
}

/// The bounds of what `bybit.state` keeps.
public enum StateLimits {
    /// A key: a non-empty string of at most this many bytes.
    public static let maxKeyBytes = 256
    /// A value, as stored (``StateCodec``): 1 MiB.
    public static let maxValueBytes = 1 << 20
    /// Tables inside tables: at most this many levels.
    public static let maxDepth = 32
}
