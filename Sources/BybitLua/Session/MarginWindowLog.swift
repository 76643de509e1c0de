import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// What other runs of the same key added inside `--max-margin-window`, read from the audit
/// log they share: every add-margin intent (a positive margin) whose outcome is `ok`,
/// `outcome_unknown` or missing (the process stopped, or the call is still in flight) —
/// each may have been applied. Lines of another key or environment, and this run's own
/// lines (its run token), do not count; lines written before lines named their key count
/// when their environment matches (they may be this key's).
///
/// The first read goes backwards from the end and stops at lines older than the window,
/// so a long log costs only its window; later reads take only the bytes appended since.
final class MarginWindowLog {
    /// One add-margin intent inside the window.
    struct Add {
        let time: Int64
        let coin: String
        let amount: ExactDecimal
        /// The outcome says nothing was applied (an `api` refusal, a network error before sending).
        var refused = false
    }

    let path: String
    let env: String
    /// The key's fingerprint; nil (paper, whose key is made per run) matches by environment only.
    let key: String?
    /// This run's ids start with it: its adds are counted by the session itself.
    let ownPrefix: String
    private(set) var adds: [String: Add] = [:]
    /// Bytes read so far: up to the end of the last complete line.
    private var offset: off_t = 0
    /// Lines may be written slightly out of time order by runs sharing the log.
    static let slackMilliseconds: Int64 = 60_000

    init(path: String, env: String, key: String?, ownRun: String) {
        self.path = path
        self.env = env
        self.key = key
        self.ownPrefix = ownRun + "-"
    }

    /// What was added per coin at or after `since` (milliseconds since the epoch).
    func used(since: Int64) -> [String: ExactDecimal] {
        var out: [String: ExactDecimal] = [:]
        for add in adds.values where !add.refused && add.time >= since {
            out[add.coin] = (try? (out[add.coin] ?? .zero).adding(add.amount)) ?? out[add.coin]
        }
        return out
    }

    /// Reads the log backwards from its end down to the window's start (a missing log is empty).
    func load(since: Int64) throws(BybitError) {
        adds = [:]
        guard let fd = try openLog() else { return }
        defer { close(fd) }
        var pos = try size(fd)
        var carry: [UInt8] = []  // the tail of a line whose start is in an earlier chunk
        var atEnd = true
        var refusedLater = Set<String>()  // outcome lines are met before their intents
        var stop = false
        while pos > 0 && !stop {
            let n = Int(min(off_t(1 << 16), pos))
            pos -= off_t(n)
            var buf = try read(fd, count: n, at: pos)
            buf.append(contentsOf: carry)
            let breaks = Self.newlines(buf)
            var end = buf.count
            var k = breaks.count - 1
            if atEnd {
                // A last line without its newline is being written (or torn): the next read takes it.
                guard let last = breaks.last else {
                    carry = buf
                    continue
                }
                offset = pos + off_t(last + 1)
                end = last
                k -= 1
                atEnd = false
            }
            buf.withUnsafeBytes { raw in
                while k >= 0 {
                    let line = UnsafeRawBufferPointer(rebasing: raw[(breaks[k] + 1)..<end])
                    if !take(line, since: since, refusedLater: &refusedLater) {
                        stop = true
                        return
                    }
                    end = breaks[k]
                    k -= 1
                }
            }
            carry = Array(buf[..<end])
        }
        if !stop && !atEnd { carry.withUnsafeBytes { _ = take($0, since: since, refusedLater: &refusedLater) } }
    }

    /// Reads what was appended since the last read, and forgets adds older than `since`.
    /// A log that shrank was rotated or truncated: it is read again from its end.
    func refresh(since: Int64) throws(BybitError) {
        guard let fd = try openLog() else {
            adds = [:]
            offset = 0
            return
        }
        let total: off_t
        do { total = try size(fd) } catch {
            close(fd)
            throw error
        }
        if total < offset {
            close(fd)
            try load(since: since)
            return
        }
        defer { close(fd) }
        if total > offset {
            let buf = try read(fd, count: Int(total - offset), at: offset)
            var none = Set<String>()
            var start = 0
            buf.withUnsafeBytes { raw in
                for nl in Self.newlines(buf) {
                    _ = take(UnsafeRawBufferPointer(rebasing: raw[start..<nl]), since: since, refusedLater: &none)
                    start = nl + 1
                }
            }
            offset += off_t(start)
        }
        adds = adds.filter { $0.value.time >= since }
    }

    /// Considers one line; false when it is older than the window (a backwards read stops).
    private func take(_ raw: UnsafeRawBufferPointer, since: Int64, refusedLater: inout Set<String>) -> Bool {
        if let time = MarginWindowLine.leadingTime(raw), time < since - Self.slackMilliseconds { return false }
        guard let line = MarginWindowLine(raw), let id = line.id, !id.hasPrefix(ownPrefix), line.env == env else {
            return true
        }
        if let key, let lineKey = line.key, lineKey != key { return true }
        let counts = line.outcome == "ok" || line.outcome == "outcome_unknown"
        switch line.event {
        case "intent":
            guard let time = line.time, time >= since, let add = Self.add(line, time: time) else { return true }
            adds[id] = add
            if refusedLater.contains(id) { adds[id]?.refused = true }
        case "outcome":
            if counts { return true }
            if adds[id] != nil { adds[id]?.refused = true } else { refusedLater.insert(id) }
        case nil:
            // A line from before the log was write-ahead: one line per call, its outcome on it.
            guard counts, let time = line.time, time >= since, let add = Self.add(line, time: time) else {
                return true
            }
            adds[id] = add
        default:
            break
        }
        return true
    }

    /// Where the newlines are in `buf`.
    private static func newlines(_ buf: [UInt8]) -> [Int] {
        buf.withUnsafeBytes { raw in
            var out: [Int] = []
            guard let base = raw.baseAddress else { return out }
            var i = 0
            while i < raw.count, let hit = memchr(base + i, 0x0A, raw.count - i) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                out.append(at)
                i = at + 1
            }
            return out
        }
    }

    /// The coin and a positive amount an add-margin line names.
    private static func add(_ line: MarginWindowLine, time: Int64) -> Add? {
        guard let symbol = line.symbol, let text = line.margin, let amount = try? ExactDecimal(parsing: text),
            amount.sign > 0
        else { return nil }
        let category = line.category.flatMap(BybitAPI.Category.init(rawValue:)) ?? .linear
        return Add(time: time, coin: BybitSession.settleCoin(category: category, symbol: symbol), amount: amount)
    }

    private func openLog() throws(BybitError) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { return fd }
        if errno == ENOENT { return nil }
        throw failure()
    }

    private func size(_ fd: Int32) throws(BybitError) -> off_t {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure() }
        // /dev/null or a pipe keeps no earlier runs: the window would count nothing.
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw .validation(
                "--max-margin-window needs an audit log it can read back, and \(path) is not a regular file",
                endpoint: "")
        }
        return st.st_size
    }

    private func read(_ fd: Int32, count: Int, at position: off_t) throws(BybitError) -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buf.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, count - done, position + off_t(done))
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw failure() }
            if n == 0 { break }
            done += n
        }
        return Array(buf[..<done])
    }

    private func failure() -> BybitError {
        .validation(
            "cannot read the audit log \(path) for --max-margin-window: \(String(cString: strerror(errno)))",
            endpoint: "")
    }
}
