import NIOHTTP1

/// Writes an HTTP/1.1 request into one buffer: request line, `Host`, the given headers,
/// `Content-Length` when there is a body, the blank line, and the body bytes as signed.
enum RequestSerializer {
    /// The request's bytes, or nil when the target or a header holds a control character
    /// (CR/LF there would let a value smuggle a header or a second request).
    static func serialize(
        method: HTTPMethod, target: String, host: String, headers: HTTPHeaders, body: [UInt8]?
    ) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(384 + (body?.count ?? 0))
        guard append(method.rawValue, to: &out, allowSpace: false) else { return nil }
        out.append(32)
        guard append(target, to: &out, allowSpace: false) else { return nil }
        out.append(contentsOf: " HTTP/1.1\r\nHost: ".utf8)
        guard append(host, to: &out, allowSpace: false) else { return nil }
        out.append(contentsOf: "\r\n".utf8)
        for (name, value) in headers {
            guard append(name, to: &out, allowSpace: false) else { return nil }
            out.append(contentsOf: ": ".utf8)
            guard append(value, to: &out, allowSpace: true) else { return nil }
            out.append(contentsOf: "\r\n".utf8)
        }
        if let body {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(body.count).utf8)
            out.append(contentsOf: "\r\n\r\n".utf8)
            out.append(contentsOf: body)
        } else {
            out.append(contentsOf: "\r\n".utf8)
        }
        return out
    }

    /// Appends `text`, refusing control characters (and spaces where the grammar has none).
    private static func append(_ text: String, to out: inout [UInt8], allowSpace: Bool) -> Bool {
        // Native Swift strings are contiguous UTF-8: check and copy the buffer in one go.
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.allSatisfy({ allowed($0, allowSpace) }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if let fast { return fast }
        for byte in text.utf8 {
            guard allowed(byte, allowSpace) else { return false }
            out.append(byte)
        }
        return true
    }

    @inline(__always)
    private static func allowed(_ byte: UInt8, _ allowSpace: Bool) -> Bool {
        byte > 32 && byte != 127 || allowSpace && (byte == 32 || byte == 9)
    }
}
