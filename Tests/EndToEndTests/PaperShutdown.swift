import Foundation
import Testing

/// The check every paper-server stop-signal test makes: `bybit-lua paper --port 0` is
/// sent `signal` the moment its banner says it is ready, and shuts down cleanly (exit 0),
/// saying which signal stopped it.
enum PaperShutdown {
    static func expectCleanShutdown(
        on signal: Int32, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let run = try RunningBinary(["paper", "--port", "0"], limit: 20)
        #expect(await run.awaitOutput("Stop with Ctrl-C."), sourceLocation: sourceLocation)
        run.signal(signal)
        let (_, stderr) = await run.finish()
        #expect(
            run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)",
            sourceLocation: sourceLocation)
        #expect(stderr.contains("\(name), shutting down"), "\(stderr)", sourceLocation: sourceLocation)
    }
}
