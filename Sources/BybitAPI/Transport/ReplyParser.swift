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

    /// How the body after a head is delimited.
    enum Framing {
        case length(Int)
        case chunked(ChunkedBody)
        case untilClose
    }

    private var start = 0  // where the current head begins (after any 1xx reply)
    private var scanned = 0  // head bytes already searched for the blank line
    private var lineStart = 0  // where the head line being scanned begins
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
                start = end
                scanned = end
                lineStart = end
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
