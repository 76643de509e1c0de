import NIOHTTP1

extension ReplyParser {
    /// What a head says about the body that follows it.
    /// - Parameters:
    ///   - lastCoding: the final `Transfer-Encoding` coding, if there was one.
    ///   - lengths: the distinct `Content-Length` values.
    static func framing(lastCoding: String?, lengths: Set<String>) -> Result<Framing, ReplyHead.Invalid> {
        if let lastCoding {
            // Chunked must be the final coding; anything else runs until the close.
            return .success(lastCoding.lowercased() == "chunked" ? .chunked(ChunkedBody()) : .untilClose)
        }
        guard let text = lengths.first else { return .success(.untilClose) }
        guard lengths.count == 1, !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let n = Int(text)
        else { return .failure(.init(text: "invalid Content-Length '\(lengths.sorted().joined(separator: ","))'")) }
        return .success(.length(n))
    }
}

/// A parsed reply head, read from the bytes directly (splitting a `String` on "\r\n"
/// walks grapheme clusters and cost ~120,000 instructions per reply).
struct ReplyHead {
    struct Invalid: Error { var text: String }

    var status: Int
    var headers: HTTPHeaders
    var keepAlive: Bool
    var framing: ReplyParser.Framing

    /// Parses the status line and header lines (without the final blank line).
    static func parse(_ bytes: ArraySlice<UInt8>) -> Result<ReplyHead, Invalid> {
        var lines = ByteLines(bytes)
        guard let statusLine = lines.next() else { return .failure(.init(text: "empty reply head")) }
        guard let (status, isHTTP11) = statusCode(statusLine) else {
            return .failure(
                .init(text: "invalid status line '\(String(decoding: statusLine.prefix(80), as: UTF8.self))'"))
        }
        var headers = HTTPHeaders()
        var close = false
        var keepAliveAsked = false
        var lastCoding: String?
        var lengths = Set<String>()
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: 58), colon != line.startIndex,
                line.first != 32, line.first != 9
            else {
                return .failure(
                    .init(text: "invalid header line '\(String(decoding: line.prefix(80), as: UTF8.self))'"))
            }
            let name = line[..<colon]
            let value = trimmed(line[(colon + 1)...])
            if equalsIgnoringCase(name, "connection") {
                for token in value.split(separator: 44) {  // "close", "keep-alive", "Upgrade", …
                    close = close || equalsIgnoringCase(trimmed(token), "close")
                    keepAliveAsked = keepAliveAsked || equalsIgnoringCase(trimmed(token), "keep-alive")
                }
            } else if equalsIgnoringCase(name, "transfer-encoding") {
                for token in value.split(separator: 44) { lastCoding = String(decoding: trimmed(token), as: UTF8.self) }
            } else if equalsIgnoringCase(name, "content-length") {
                for token in value.split(separator: 44, omittingEmptySubsequences: false) {
                    lengths.insert(String(decoding: trimmed(token), as: UTF8.self))
                }
            }
            headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        let keepAlive = isHTTP11 ? !close : keepAliveAsked && !close
        // Framing comes from the values gathered above, not from looking the headers up again.
        switch ReplyParser.framing(lastCoding: lastCoding, lengths: lengths) {
        case .failure(let e): return .failure(e)
        case .success(let framing):
            return .success(ReplyHead(status: status, headers: headers, keepAlive: keepAlive, framing: framing))
        }
    }

    /// `HTTP/1.1 200 …` or `HTTP/1.0 200 …` → (200, is 1.1).
    private static func statusCode(_ line: ArraySlice<UInt8>) -> (Int, Bool)? {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else { return nil }
        let i = line.startIndex + prefix.count
        guard line[i] == 49 || line[i] == 48, line[i + 1] == 32 else { return nil }
        var status = 0
        for d in line[(i + 2)..<(i + 5)] {
            guard d >= 48 && d <= 57 else { return nil }
            status = status * 10 + Int(d - 48)
        }
        guard status >= 100, line.count == 12 || line[i + 5] == 32 else { return nil }
        return (status, line[i] == 49)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var b = bytes
        while let f = b.first, f == 32 || f == 9 { b = b.dropFirst() }
        while let l = b.last, l == 32 || l == 9 { b = b.dropLast() }
        return b
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { l in
            zip(bytes, l).allSatisfy { a, b in (a | 0x20) == b || a == b }
        }
    }
}

/// The CRLF-separated lines of a head.
private struct ByteLines: IteratorProtocol {
    private var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    mutating func next() -> ArraySlice<UInt8>? {
        guard !rest.isEmpty else { return nil }
        var i = rest.startIndex
        while i + 1 < rest.endIndex {
            if rest[i] == 13 && rest[i + 1] == 10 {
                defer { rest = rest[(i + 2)...] }
                return rest[..<i]
            }
            i += 1
        }
        defer { rest = rest[rest.endIndex...] }
        return rest
    }
}
