import NIOCore
import Testing

@testable import BybitAPI

/// Reply framing, fed the way a socket delivers it: whole, split at every byte, or cut.
@Suite struct ReplyParserTests {
    /// Feeds `bytes` in pieces of `step` and returns the final progress.
    static func feed(_ text: String, step: Int, eof: Bool = false) -> ReplyParser.Progress {
        var parser = ReplyParser()
        var buffer: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            buffer.append(contentsOf: bytes[i..<min(i + step, bytes.count)])
            i += step
            let p = parser.parse(buffer, atEOF: eof && i >= bytes.count)
            if case .needMore = p { continue }
            return p
        }
        return eof ? parser.parse(buffer, atEOF: true) : .needMore
    }

    static func body(_ p: ReplyParser.Progress) -> (Int, String, Bool)? {
        guard case .complete(let r, let reusable) = p else { return nil }
        return (r.status, String(buffer: r.body), reusable)
    }

    static let lengthReply =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Bapi-Limit-Status: 9\r\nContent-Length: 11\r\n\r\n{\"retCode\"}"
    static let chunkedReply =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"re\r\n9\r\ntCode\":0}\r\n0\r\nX-Trailer: t\r\n\r\n"

    @Test(arguments: [1, 2, 7, 1000])
    func contentLengthAndChunkedRepliesArriveWholeWhateverTheSplit(step: Int) throws {
        let a = try #require(Self.body(Self.feed(Self.lengthReply, step: step)))
        #expect(a.0 == 200 && a.1 == "{\"retCode\"}" && a.2)
        let b = try #require(Self.body(Self.feed(Self.chunkedReply, step: step)))
        #expect(b.0 == 200 && b.1 == "{\"retCode\":0}" && b.2)
    }

    @Test func headersAreKeptForTheRateLimitLogic() throws {
        guard case .complete(let r, _) = Self.feed(Self.lengthReply, step: 5) else {
            Issue.record("incomplete")
            return
        }
        #expect(r.headers.first(name: "x-bapi-limit-status") == "9")
    }

    @Test func interimRepliesAreSkippedAndCloseDelimitedBodiesEndAtEOF() throws {
        let interim = "HTTP/1.1 100 Continue\r\n\r\n" + Self.lengthReply
        #expect(Self.body(Self.feed(interim, step: 3))?.1 == "{\"retCode\"}")
        let untilClose = "HTTP/1.0 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html>bad gateway</html>"
        #expect(Self.feed(untilClose, step: 4).isNeedMore)  // no length: only the close ends it
        let closed = try #require(Self.body(Self.feed(untilClose, step: 4, eof: true)))
        #expect(closed.0 == 502 && closed.1 == "<html>bad gateway</html>" && !closed.2)
    }

    @Test func connectionCloseOrExtraBytesMakeTheConnectionSingleUse() {
        let close = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
        #expect(Self.body(Self.feed(close, step: 100))?.2 == false)
        let extra = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1"
        #expect(Self.body(Self.feed(extra, step: 100))?.2 == false)
        let empty = "HTTP/1.1 204 No Content\r\n\r\n"
        #expect(Self.body(Self.feed(empty, step: 100))?.1 == "")
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
        "garbage\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 16777217\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded: header\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
    ])
    func malformedRepliesAreRefusedNotGuessed(reply: String) {
        guard case .malformed = Self.feed(reply, step: 1) else {
            Issue.record("accepted: \(reply.debugDescription)")
            return
        }
    }

    @Test func aReplyCutShortIsCutShortAtEOF() {
        for cut in [10, 40, Self.lengthReply.utf8.count - 1] {
            let text = String(decoding: Self.lengthReply.utf8.prefix(cut), as: UTF8.self)  // bytes: "\r\n" is one Character
            guard case .cutShort = Self.feed(text, step: 3, eof: true) else {
                Issue.record("cut at \(cut) accepted: \(Self.feed(text, step: 3, eof: true))")
                continue
            }
        }
    }

    @Test func anEndlessHeadIsRefused() {
        let head = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: b\r\n", count: 10_000)
        guard case .malformed(let why) = Self.feed(head, step: 4096) else {
            Issue.record("accepted")
            return
        }
        #expect(why.contains("head exceeds"))
    }

    // MARK: every part of a reply is capped (ReplyLimits)

    /// Feeds `head`, then `piece` until the parser stops asking for more (at most `limit`
    /// bytes), the way an endless stream arrives; returns why it stopped.
    static func endless(_ head: String, _ piece: String, limit: Int = 64 << 20) -> String? {
        var parser = ReplyParser()
        var buffer = Array(head.utf8)
        let bytes = Array(piece.utf8)
        while buffer.count < limit {
            switch parser.parse(buffer, atEOF: false) {
            case .needMore: buffer.append(contentsOf: bytes)
            case .malformed(let why): return why
            case .complete, .cutShort: return nil
            }
        }
        return nil
    }

    @Test func endlessInterimRepliesAreRefused() throws {
        let why = try #require(Self.endless("", "HTTP/1.1 100 Continue\r\n\r\n"))
        #expect(why == "more than \(ReplyLimits.maxInterimReplies) interim (1xx) replies")
        // The few a real server may send are skipped.
        let few =
            String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: ReplyLimits.maxInterimReplies) + Self.lengthReply
        #expect(Self.body(Self.feed(few, step: 17))?.1 == "{\"retCode\"}")
    }

    @Test func endlessTrailersAreRefused() throws {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n"
        let why = try #require(Self.endless(head, "X-T: " + String(repeating: "t", count: 100) + "\r\n"))
        #expect(why == "the reply's trailer lines exceed \(ReplyLimits.maxTrailerBytes) bytes")
        let endlessLine = try #require(Self.endless(head + "X-T: ", String(repeating: "t", count: 1000)))
        #expect(endlessLine.contains("chunk line of the reply exceeds"))
    }

    @Test func endlessChunkExtensionsAreRefused() throws {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        // One extension that never ends, and many short ones on one-byte chunks.
        let one = try #require(Self.endless(head + "2;x=", String(repeating: "e", count: 1000)))
        #expect(one == "a chunk line of the reply exceeds \(ReplyLimits.maxLineBytes) bytes")
        let many = try #require(Self.endless(head, "1;name=" + String(repeating: "v", count: 500) + "\r\n{\r\n"))
        #expect(many == "the reply's chunk extensions exceed \(ReplyLimits.maxChunkExtensionBytes) bytes")
    }

    @Test func endlessOrOverlongHeaderLinesAreRefused() throws {
        let endless = try #require(Self.endless("HTTP/1.1 200 OK\r\nX-A: ", String(repeating: "h", count: 1000)))
        #expect(endless == "a line of the reply head exceeds \(ReplyLimits.maxLineBytes) bytes")
        // A whole long line, arriving at once.
        let long = "HTTP/1.1 200 OK\r\nX-A: " + String(repeating: "h", count: ReplyLimits.maxLineBytes) + "\r\n\r\n"
        guard case .malformed(let why) = Self.feed(long, step: 1 << 20) else {
            Issue.record("accepted")
            return
        }
        #expect(why == endless)
    }

    @Test func aReplyPastTheTotalLimitIsRefusedWhateverItsParts() throws {
        // Tiny chunks: each part within its limit, the body far below its own, the framing
        // what makes it big.
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        let why = try #require(Self.endless(head, String(repeating: "1\r\na\r\n", count: 100_000)))
        #expect(why == "the reply exceeds \(ReplyLimits.maxReplyBytes) bytes")
    }

    @Test func repliesWithinEveryLimitAreRead() throws {
        // A 1 MiB body in 1 KiB chunks with short extensions and a trailer, after one 100.
        let chunk = String(repeating: "x", count: 1024)
        var text =
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "h", count: 8000)
            + "\r\nTransfer-Encoding: chunked\r\n\r\n"
        for i in 0..<1024 { text += (i < 100 ? "400;i=\(i)" : "400") + "\r\n" + chunk + "\r\n" }
        text += "0\r\nX-Trailer: t\r\n\r\n"
        let reply = try #require(Self.body(Self.feed(text, step: 16 * 1024)))
        #expect(reply.0 == 200 && reply.1.utf8.count == 1 << 20)
    }
}

extension ReplyParser.Progress {
    var isNeedMore: Bool { if case .needMore = self { return true } else { return false } }
}
