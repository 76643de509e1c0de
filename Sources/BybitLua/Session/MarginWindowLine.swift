import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// The fields of one audit line that `--max-margin-window` needs, found by name without
/// parsing the whole line: a window's first read may go through 100,000 lines.
///
/// Sound for JSON the log writes: a quote inside a value is always escaped (`\"`), so
/// `"name":"` cannot be forged by a value; a value with an escape in it falls back to a
/// full parse. Names are found at their first occurrence, and the log writes `id`, `event`,
/// `env` and `key` before `params` and `outcome` after it.
struct MarginWindowLine {
    var time: Int64?
    var id: String?
    var event: String?
    var env: String?
    var key: String?
    var outcome: String?
    var symbol: String?
    var category: String?
    var margin: String?

    private static let endpoint = Array(#""endpoint":"/v5/position/add-margin""#.utf8)

    /// The `time` every line starts with (`{"time":1765…`).
    static func leadingTime(_ line: UnsafeRawBufferPointer) -> Int64? {
        let prefix = #"{"time":"#.utf8
        guard line.count > prefix.count, line.starts(with: prefix) else { return nil }
        var value: Int64 = 0
        var digits = 0
        var i = prefix.count
        while i < line.count, digits < 18, line[i] >= 0x30 && line[i] <= 0x39 {
            value = value * 10 + Int64(line[i] - 0x30)
            digits += 1
            i += 1
        }
        return digits > 0 ? value : nil
    }

    /// The line's fields, or nil when it is not an add-margin line (most lines are skipped
    /// after one search).
    init?(_ line: UnsafeRawBufferPointer) {
        guard Self.find(Array(Self.endpoint), in: line) != nil else { return nil }
        time = Self.leadingTime(line)
        var escaped = false
        func text(_ name: String) -> String? {
            let (value, hadEscape) = Self.string(name, in: line)
            escaped = escaped || hadEscape
            return value
        }
        id = text("id")
        event = text("event")
        env = text("env")
        key = text("key")
        outcome = text("outcome")
        symbol = text("symbol")
        category = text("category")
        margin = text("margin") ?? Self.number("margin", in: line)
        if escaped {
            guard let parsed = MarginWindowLine(parsing: line) else { return nil }
            self = parsed
        }
    }

    /// The slow, general way, for a line whose values hold escapes.
    private init?(parsing line: UnsafeRawBufferPointer) {
        guard let object = try? JSONValue(parsing: Array(line)).objectValue else { return nil }
        let params = object["params"]?.objectValue
        time = object["time"]?.intValue
        id = object["id"]?.stringValue
        event = object["event"]?.stringValue
        env = object["env"]?.stringValue
        key = object["key"]?.stringValue
        outcome = object["outcome"]?.stringValue
        symbol = params?["symbol"]?.stringValue
        category = params?["category"]?.stringValue
        margin = params?["margin"]?.stringValue ?? params?["margin"]?.numberText
    }

    /// The string value of the first `"name":"…"`, and whether it held an escape.
    private static func string(_ name: String, in line: UnsafeRawBufferPointer) -> (String?, Bool) {
        let pattern = Array("\"\(name)\":\"".utf8)
        guard let start = find(pattern, in: line) else { return (nil, false) }
        var i = start + pattern.count
        while i < line.count, line[i] != 0x22 {
            if line[i] == 0x5C { return (nil, true) }
            i += 1
        }
        guard i < line.count else { return (nil, true) }
        return (
            String(decoding: UnsafeRawBufferPointer(rebasing: line[(start + pattern.count)..<i]), as: UTF8.self), false
        )
    }

    /// A number written bare (`"margin":5`), as its text.
    private static func number(_ name: String, in line: UnsafeRawBufferPointer) -> String? {
        let pattern = Array("\"\(name)\":".utf8)
        guard let start = find(pattern, in: line) else { return nil }
        var i = start + pattern.count
        while i < line.count, line[i] == 0x2D || line[i] == 0x2E || (line[i] >= 0x30 && line[i] <= 0x39) { i += 1 }
        guard i > start + pattern.count else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: line[(start + pattern.count)..<i]), as: UTF8.self)
    }

    /// Where `needle` first occurs in `line`.
    private static func find(_ needle: [UInt8], in line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress, needle.count <= line.count else { return nil }
        return needle.withUnsafeBytes { n -> Int? in
            let first = Int32(n[0])
            var offset = 0
            while offset + n.count <= line.count {
                guard let hit = memchr(base + offset, first, line.count - offset - n.count + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(hit, n.baseAddress!, n.count) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }
}
