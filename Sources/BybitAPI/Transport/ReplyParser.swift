import NIOCore
import NIOHTTP1

/// Frames one HTTP/1.1 reply as its bytes arrive: status line, headers, then a body
/// delimited by `Content-Length`, chunked coding, or the end of the connection.
///
/// Strict where laxness could mislead the money-safety logic: an unreadable status line,
/// conflicting lengths or a broken chunk is `malformed` (the caller reports the request
/// as possibly executed), never a guess.
struct ReplyParser {
    /// Where parsing stands after the bytes seen so far.
    enum Progress {
        case needMore
        /// The reply, and whether the connection may carry another request.
        case complete(RawResponse, reusable: Bool)
        /// The bytes break HTTP or pass one of the ``ReplyLimits``: the reply is unreadable.
        case malformed(String)
        /// The peer closed the connection before the reply was complete.
        case cutShort(String)
    }

    fileprivate enum Framing {
        case length(Int)
        case chunked(ChunkedBody)
        case untilClose
    }

    private var start = 0          // where the current head begins (after any 1xx reply)
    private var scanned = 0        // head bytes already searched for the blank line
    private var lineStart = 0      // where the head line being scanned begins
    private var interimReplies = 0
    private var head: (status: Int, headers: HTTPHeaders, bodyStart: Int, keepAlive: Bool)?
    private var framing: Framing = .untilClose

    /// Parses `buffer` (everything received so far for this reply).
    /// - Parameter atEOF: the peer closed the connection after these bytes.
    ///
    /// Every part of the reply is bounded by ``ReplyLimits``: a reply still incomplete
    /// past ``ReplyLimits/maxReplyBytes`` is malformed, whatever the bytes are.
    mutating func parse(_ buffer: [UInt8], atEOF: Bool) -> Progress {
        let progress = parseParts(buffer, atEOF: atEOF)
        if case .needMore = progress, buffer.count > ReplyLimits.maxReplyBytes {
            return .malformed("the reply exceeds \(ReplyLimits.maxReplyBytes) bytes")
        }
        return progress
    }

    private mutating func parseParts(_ buffer: [UInt8], atEOF: Bool) -> Progress {
        while head == nil {
            let end: Int
            switch scanHead(buffer) {
            case .found(let e): end = e
            case .lineTooLong:
                return .malformed("a line of the reply head exceeds \(ReplyLimits.maxLineBytes) bytes")
            case .needMore:
                if buffer.count - start > ReplyLimits.maxHeadBytes { return .malformed(Self.headTooLarge) }
                return atEOF ? .cutShort("connection closed before the reply head") : .needMore
            }
            if end - start > ReplyLimits.maxHeadBytes { return .malformed(Self.headTooLarge) }
            switch ReplyHead.parse(buffer[start..<end - 2]) {
            case .failure(let why):
                return .malformed(why.text)
            case .success(let parsed) where parsed.status < 200:
                // An interim 1xx reply: the real one follows, but only so many of them.
                interimReplies += 1
                guard interimReplies <= ReplyLimits.maxInterimReplies else {
                    return .malformed("more than \(ReplyLimits.maxInterimReplies) interim (1xx) replies")
                }
                start = end; scanned = end; lineStart = end
            case .success(let parsed):
                head = (parsed.status, parsed.headers, end, parsed.keepAlive)
                framing = parsed.framing
                if parsed.status == 204 || parsed.status == 304 { framing = .length(0) }
                if case .length(let n) = framing, n > RawResponse.maxBodyBytes {
                    return .malformed(RawResponse.tooLargeMessage)
                }
            }
        }
        let (status, headers, bodyStart, keepAlive) = head!
        switch framing {
        case .length(let n):
            guard buffer.count >= bodyStart + n else {
                return atEOF ? .cutShort("connection closed inside the reply body") : .needMore
            }
            let body = ByteBuffer(bytes: buffer[bodyStart..<bodyStart + n])
            return .complete(
                RawResponse(status: status, headers: headers, body: body),
                reusable: keepAlive && !atEOF && buffer.count == bodyStart + n)
        case .chunked(var chunks):
            let progress = chunks.consume(buffer, from: bodyStart)
            framing = .chunked(chunks)
            switch progress {
            case .needMore:
                return atEOF ? .cutShort("connection closed inside a chunked body") : .needMore
            case .malformed(let why):
                return .malformed(why)
            case .done(let end):
                return .complete(
                    RawResponse(status: status, headers: headers, body: ByteBuffer(bytes: chunks.body)),
                    reusable: keepAlive && !atEOF && buffer.count == end)
            }
        case .untilClose:
            if buffer.count - bodyStart > RawResponse.maxBodyBytes {
                return .malformed(RawResponse.tooLargeMessage)
            }
            guard atEOF else { return .needMore }
            let body = ByteBuffer(bytes: buffer[bodyStart...])
            return .complete(RawResponse(status: status, headers: headers, body: body), reusable: false)
        }
    }

    private static let headTooLarge = "the reply head exceeds \(ReplyLimits.maxHeadBytes) bytes"

    private enum HeadScan {
        /// The index after the head's blank line.
        case found(Int)
        case needMore
        case lineTooLong
    }

    /// Walks the head's CRLF-ended lines from where the last call stopped, to the blank
    /// line that ends the head; a line longer than ``ReplyLimits/maxLineBytes`` (ended or
    /// still arriving) stops it.
    private mutating func scanHead(_ buffer: [UInt8]) -> HeadScan {
        var i = max(scanned, start)
        while i < buffer.count {
            if buffer[i] == 10 && i > lineStart && buffer[i - 1] == 13 {
                let length = i - 1 - lineStart  // without the CRLF
                if length > ReplyLimits.maxLineBytes { return .lineTooLong }
                lineStart = i + 1
                if length == 0 {
                    scanned = i + 1
                    return .found(i + 1)
                }
            }
            i += 1
        }
        scanned = i
        // A CR at the end may be the first half of the CRLF still to come.
        return buffer.count - lineStart > ReplyLimits.maxLineBytes + 1 ? .lineTooLong : .needMore
    }
}

extension ReplyParser {
    /// What a head says about the body that follows it.
    /// - Parameters:
    ///   - lastCoding: the final `Transfer-Encoding` coding, if there was one.
    ///   - lengths: the distinct `Content-Length` values.
    fileprivate static func framing(lastCoding: String?, lengths: Set<String>) -> Result<Framing, ReplyHead.Invalid> {
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
private struct ReplyHead {
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
            return .failure(.init(text: "invalid status line '\(String(decoding: statusLine.prefix(80), as: UTF8.self))'"))
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
                return .failure(.init(text: "invalid header line '\(String(decoding: line.prefix(80), as: UTF8.self))'"))
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
