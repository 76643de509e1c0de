/// The most of each part of one HTTP reply the client will read.
///
/// Why every part and not only the body: a server (hostile, broken, or a proxy gone
/// wrong) can keep a reply open forever with bytes that are not body — interim `1xx`
/// replies, a header or chunk line with no end, chunk extensions, trailer lines — and a
/// reader that keeps them grows until the process is killed, mid-call, before the audit
/// line of a margin call is written. Each limit is far above anything Bybit sends (its
/// heads are about 1 KiB, with no interim replies, extensions or trailers), so only a
/// misbehaving server reaches one. A reply that passes a limit is unreadable: a
/// mutation's outcome is unknown (it is never re-sent), a read fails.
///
/// ``LoopbackTransport`` enforces all of them in ``ReplyParser``. async-http-client's
/// HTTP/1 decoder (NIO's llhttp) enforces its own head limits (80 KiB per header field
/// and per head, trailers included), drops interim replies and skips chunk extensions
/// without keeping them; ``ResponseCollector`` caps the body and the request deadline
/// ends whatever else a server streams.
enum ReplyLimits {
    /// Decoded body bytes (``RawResponse/maxBodyBytes``): no v5 reply this client asks
    /// for comes near it.
    static var maxBodyBytes: Int { RawResponse.maxBodyBytes }

    /// One reply head: the status line and every header line with its CRLF (AHC's
    /// decoder refuses 80 KiB).
    static let maxHeadBytes = 64 * 1024

    /// One line: a status or header line, a chunk-size line with its extensions, a
    /// trailer line. Web servers refuse request lines and header fields past 8 KiB.
    static let maxLineBytes = 8 * 1024

    /// Interim (`1xx`) replies before the final one. This client never sends
    /// `Expect: 100-continue`, so one unsolicited `100` is already generous.
    static let maxInterimReplies = 4

    /// Every chunk extension (the `;name=value` text after a chunk size) in one body:
    /// they carry nothing the client uses and are skipped, so they are only allowed a
    /// little room.
    static let maxChunkExtensionBytes = 16 * 1024

    /// Every trailer line after the last chunk (Bybit sends none; the client ignores them).
    static let maxTrailerBytes = 16 * 1024

    /// Everything on the wire for one reply: interim replies, head, chunk framing,
    /// body and trailers. Twice the body limit leaves room for the framing of any sane
    /// chunk size, and bounds what one reply can make the client hold: at most this in
    /// the receive buffer plus the decoded body.
    static let maxReplyBytes = 2 * RawResponse.maxBodyBytes
}
