/// Decodes a chunked body (RFC 9112 §7.1) incrementally: each call continues where the
/// last one stopped, so a reply arriving in many reads is walked once.
///
/// Everything that is not body is bounded by ``ReplyLimits``: each chunk-size line, the
/// chunk extensions together, and the trailer lines together.
struct ChunkedBody {
    enum Progress: Equatable {
        case needMore
        /// The body is complete; the index after the last trailer line.
        case done(end: Int)
        case malformed(String)
    }

    /// The decoded bytes so far.
    private(set) var body: [UInt8] = []
    private var position: Int?  // next unread byte (nil: not started)
    private var remaining = 0  // bytes of the current chunk still to copy
    private var inData = false
    private var inTrailers = false
    private var extensionBytes = 0  // chunk-extension text seen so far
    private var trailerBytes = 0  // trailer lines seen so far, with their CRLFs

    /// Continues decoding `buffer`, whose body begins at `start`.
    mutating func consume(_ buffer: [UInt8], from start: Int) -> Progress {
        var i = position ?? start
        defer { position = i }
        while true {
            if inData {
                let n = min(remaining, buffer.count - i)
                body.append(contentsOf: buffer[i..<i + n])
                i += n
                remaining -= n
                guard remaining == 0 else { return .needMore }
                guard buffer.count - i >= 2 else { return .needMore }
                guard buffer[i] == 13 && buffer[i + 1] == 10 else { return .malformed("chunk not followed by CRLF") }
                i += 2
                inData = false
                continue
            }
            guard let lineEnd = Self.lineEnd(buffer, from: i) else {
                // A CR at the end may be the first half of the CRLF still to come.
                return buffer.count - i > ReplyLimits.maxLineBytes + 1 ? .malformed(Self.lineTooLong) : .needMore
            }
            let line = buffer[i..<lineEnd]
            guard line.count <= ReplyLimits.maxLineBytes else { return .malformed(Self.lineTooLong) }
            i = lineEnd + 2
            if inTrailers {
                if line.isEmpty { return .done(end: i) }
                trailerBytes += line.count + 2
                guard trailerBytes <= ReplyLimits.maxTrailerBytes else {
                    return .malformed("the reply's trailer lines exceed \(ReplyLimits.maxTrailerBytes) bytes")
                }
                continue
            }
            guard let (size, digits) = Self.chunkSize(line) else { return .malformed("invalid chunk size line") }
            extensionBytes += line.count - digits
            guard extensionBytes <= ReplyLimits.maxChunkExtensionBytes else {
                return .malformed("the reply's chunk extensions exceed \(ReplyLimits.maxChunkExtensionBytes) bytes")
            }
            if size == 0 {
                inTrailers = true
                continue
            }
            guard body.count + size <= RawResponse.maxBodyBytes else {
                return .malformed(RawResponse.tooLargeMessage)
            }
            remaining = size
            inData = true
        }
    }

    private static let lineTooLong = "a chunk line of the reply exceeds \(ReplyLimits.maxLineBytes) bytes"

    private static func lineEnd(_ buffer: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// The hex size before any `;extension` and its digit count; nil when it is not 1–15
    /// hex digits.
    private static func chunkSize(_ line: ArraySlice<UInt8>) -> (Int, Int)? {
        var size = 0
        var digits = 0
        for byte in line {
            let v: Int
            switch byte {
            case 48...57: v = Int(byte) - 48
            case 65...70: v = Int(byte) - 55
            case 97...102: v = Int(byte) - 87
            case 59, 32, 9: return digits > 0 ? (size, digits) : nil  // ';' or whitespace before an extension
            default: return nil
            }
            digits += 1
            guard digits <= 15 else { return nil }
            size = size * 16 + v
        }
        return digits > 0 ? (size, digits) : nil
    }
}
