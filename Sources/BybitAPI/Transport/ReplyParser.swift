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
        case malformed(String)
    }

    /// A head larger than this is refused (Bybit's are about 1 KiB).
    static let maxHeadBytes = 64 * 1024

    fileprivate enum Framing {
        case length(Int)
        case chunked(ChunkedBody)
        case untilClose
    }

    private var start = 0          // where the current head begins (after any 1xx reply)
    private var scanned = 0        // head bytes already searched for the blank line
    private var head: (status: Int, headers: HTTPHeaders, bodyStart: Int, keepAlive: Bool)?
    private var framing: Framing = .untilClose

    /// Parses `buffer` (everything received so far for this reply).
    /// - Parameter atEOF: the peer closed the connection after these bytes.
    mutating func parse(_ buffer: [UInt8], atEOF: Bool) -> Progress {
        while head == nil {
            guard let end = headEnd(buffer) else {
                if buffer.count - start > Self.maxHeadBytes { return .malformed("reply head too large") }
                return atEOF ? .malformed("connection closed before the reply head") : .needMore
            }
            switch ReplyHead.parse(buffer[start..<end - 4]) {
            case .failure(let why):
                return .malformed(why.text)
            case .success(let parsed) where parsed.status < 200:
                start = end; scanned = end  // an interim 1xx reply: the real one follows
            case .success(let parsed):
                head = (parsed.status, parsed.headers, end, parsed.keepAlive)
                framing = parsed.framing
                if parsed.status == 204 || parsed.status == 304 { framing = .length(0) }
                if case .length(let n) = framing, n > ResponseCollector.maxBodyBytes {
                    return .malformed("the reply body exceeds \(ResponseCollector.maxBodyBytes) bytes")
                }
            }
        }
        let (status, headers, bodyStart, keepAlive) = head!
        switch framing {
        case .length(let n):
            guard buffer.count >= bodyStart + n else {
                return atEOF ? .malformed("connection closed inside the reply body") : .needMore
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
                return atEOF ? .malformed("connection closed inside a chunked body") : .needMore
            case .malformed(let why):
                return .malformed(why)
            case .done(let end):
                return .complete(
                    RawResponse(status: status, headers: headers, body: ByteBuffer(bytes: chunks.body)),
                    reusable: keepAlive && !atEOF && buffer.count == end)
            }
        case .untilClose:
            if buffer.count - bodyStart > ResponseCollector.maxBodyBytes {
                return .malformed("the reply body exceeds \(ResponseCollector.maxBodyBytes) bytes")
            }
            guard atEOF else { return .needMore }
            let body = ByteBuffer(bytes: buffer[bodyStart...])
            return .complete(RawResponse(status: status, headers: headers, body: body), reusable: false)
        }
    }

    /// The index after the head's blank line, if it has arrived.
    private mutating func headEnd(_ buffer: [UInt8]) -> Int? {
        var i = max(start, scanned - 3)
        while i + 3 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i + 4 }
            i += 1
        }
        scanned = buffer.count
        return nil
    }
}

extension ReplyParser {
    /// What a head says about the body that follows it.
    fileprivate static func framing(headers: HTTPHeaders) -> Result<Framing, ReplyHead.Invalid> {
        let codings = headers[canonicalForm: "transfer-encoding"]
        if let last = codings.last {
            // Chunked must be the final coding; anything else runs until the close.
            return .success(last.lowercased() == "chunked" ? .chunked(ChunkedBody()) : .untilClose)
        }
        let lengths = Set(headers[canonicalForm: "content-length"].map { String($0) })
        guard let text = lengths.first else { return .success(.untilClose) }
        guard lengths.count == 1, !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let n = Int(text)
        else { return .failure(.init(text: "invalid Content-Length '\(lengths.sorted().joined(separator: ","))'")) }
        return .success(.length(n))
    }
}

/// A parsed reply head.
private struct ReplyHead {
    struct Invalid: Error { var text: String }

    var status: Int
    var headers: HTTPHeaders
    var keepAlive: Bool
    var framing: ReplyParser.Framing

    /// Parses the status line and header lines (without the final blank line).
    static func parse(_ bytes: ArraySlice<UInt8>) -> Result<ReplyHead, Invalid> {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let statusLine = lines.popFirst() else { return .failure(.init(text: "empty reply head")) }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
            parts[1].utf8.count == 3, let status = Int(parts[1]), status >= 100
        else { return .failure(.init(text: "invalid status line '\(statusLine.prefix(80))'")) }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line.hasPrefix(" "), !line.hasPrefix("\t")
            else { return .failure(.init(text: "invalid header line '\(line.prefix(80))'")) }
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingSpaces
            headers.add(name: String(name), value: String(value))
        }
        let connection = headers[canonicalForm: "connection"].map { $0.lowercased() }
        let keepAlive = parts[0] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        switch ReplyParser.framing(headers: headers) {
        case .failure(let e): return .failure(e)
        case .success(let framing):
            return .success(ReplyHead(status: status, headers: headers, keepAlive: keepAlive, framing: framing))
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
