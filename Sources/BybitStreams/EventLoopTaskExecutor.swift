import NIOCore
import NIOPosix

/// Runs a feed's tasks on the event loop its WebSocket lives on.
///
/// Without it, a frame read on a NIO thread is handed to a Swift-concurrency pool thread
/// (a futex wake) before it is parsed and put in the event log, which then wakes the Lua
/// thread: two hops between a ticker arriving and a guard seeing it. With the feed's task
/// preferring its connection's event loop, the frame is parsed where it was read and the
/// only hop left is the one to the Lua thread (BENCHMARKS.md, "Where the reaction time goes").
/// The work done here is small (parse, merge, append); anything that blocks — the REST
/// re-read, the clock sync — already runs on a thread of its own.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    /// The loop every job runs on; `@unchecked Sendable`: an EventLoop is thread-safe.
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    /// The streams' own event-loop thread, for the process's lifetime. Not NIO's shared
    /// singleton: that group also serves the HTTP client and, in-process, the paper
    /// exchange, and a loaded machine then delayed a pong behind their work until the
    /// connection was judged dead. One thread is plenty for a few feeds' small frames.
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// The loop every feed connection's socket and tasks run on.
    static func next() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(group.next())
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
