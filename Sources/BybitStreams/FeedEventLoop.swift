import NIOPosix

/// The one event loop every feed's WebSocket connection runs on.
///
/// Why one thread and not NIO's shared group: two feeds opened at once (a ticker feed and
/// the private feed, as `bybit.events{ tickers = …, positions = true }` does) each set up an
/// HTTP/1 upgrade pipeline. On the shared group the two set-ups ran on two threads at the
/// same moment, both instantiating the same generic NIOHTTP1 type metadata for the first
/// time, and the Swift 6.3 runtime on Linux handed one of them a null metadata: a SIGSEGV in
/// `configureUpgradableHTTPClientPipeline`, 3 runs in 6,000 of a script opening both
/// feeds, under load (ARCHITECTURE.md, BybitStreams). On one thread the set-ups run one after the
/// other. A few feeds carrying ticker and position pushes need no more than one thread.
enum FeedEventLoop {
    /// Created on first use, never shut down: it lives as long as the process, like NIO's own singleton.
    static let group: MultiThreadedEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
}
