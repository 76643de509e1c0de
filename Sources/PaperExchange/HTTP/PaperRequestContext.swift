import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection's channel, which
/// the dropped-connection fault closes and the per-IP limit of public endpoints reads.
struct PaperRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The peer's IP address, or a placeholder for non-IP transports.
    var remoteIP: String { channel.remoteAddress?.ipAddress ?? "local" }
}
