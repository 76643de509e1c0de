import NIOCore
import NIOHTTP1

/// Instantiates, once and on the calling thread, the NIOHTTP1 client types that both the
/// REST client's connections and the streams' WebSocket upgrades build on their own event
/// loops.
///
/// Why: the Swift 6.3 runtime on Linux was seen to hand a null type metadata to one of two
/// threads instantiating the same generic NIOHTTP1 type for the first time at once (a
/// SIGSEGV while a stream's pipeline was set up). The streams' set-ups no longer overlap
/// each other (they share one thread); this closes the other overlaps: a first REST
/// connection, or an alert's webhook connection, set up while a stream's is. Each user of
/// these types calls it before its first connection: `HTTPTransport.init` (the REST
/// client over async-http-client), the alerts' `Notifier` and `StreamHub.init` (whose
/// client may use `LoopbackTransport`, a blocking socket that never calls it). Called
/// after another thread has begun a set-up, it would be one more racing thread.
public enum HTTP1ClientMetadata {
    /// Idempotent and cheap after the first call (a `static let`).
    public static func instantiate() { _ = once }

    /// Taking each metatype's identity makes its accessor return complete metadata.
    private static let once: [ObjectIdentifier] = [
        ObjectIdentifier(HTTPClientRequestPart.self),
        ObjectIdentifier(HTTPClientResponsePart.self),
        ObjectIdentifier(HTTPRequestEncoder.self),
        ObjectIdentifier(HTTPResponseDecoder.self),
        ObjectIdentifier(ByteToMessageHandler<HTTPResponseDecoder>.self),
    ]
}
