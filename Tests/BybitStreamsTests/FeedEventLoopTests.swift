import NIOCore
import NIOPosix
import Testing

@testable import BybitStreams

/// Every feed's connection is set up on one thread, so two feeds opened at once cannot
/// instantiate the same NIOHTTP1 type metadata on two threads at the same moment (the
/// Swift runtime on Linux handed one of them a null metadata: a SIGSEGV about one run in
/// 2,000 of a script opening a ticker and the private feed together).
@Suite struct FeedEventLoopTests {
    @Test func theFeedsShareOneEventLoopThatIsNotNIOsSharedGroup() {
        var loops = FeedEventLoop.group.makeIterator()
        let only = loops.next()
        #expect(only != nil && loops.next() == nil, "more than one event loop for the feeds")
        // Nor one of the shared group's loops, which the REST client's connections use.
        #expect(!MultiThreadedEventLoopGroup.singleton.makeIterator().contains { $0 === only })
    }
}
