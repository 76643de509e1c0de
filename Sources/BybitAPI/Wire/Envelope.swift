import NIOCore

extension Envelope {
    /// Reads a reply body as it arrived, without copying it.
    /// - Throws: a reason when the body is not JSON or has no integer `retCode`.
    static func parse(_ body: ByteBuffer) throws(EnvelopeFailure) -> Envelope {
        try body.withUnsafeReadableBytes { raw throws(EnvelopeFailure) in try Envelope.parse(raw) }
    }
}
