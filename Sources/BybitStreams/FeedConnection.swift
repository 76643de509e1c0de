/// One WebSocket connection (a public category or the private stream) and its lifetime.
final class FeedConnection: Sendable {
    func stop() {}
}
