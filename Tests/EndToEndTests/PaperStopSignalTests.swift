import Foundation
import Testing

/// `bybit-lua paper` stops cleanly (exit 0, its state saved) on every stop signal a run
/// stops on, including those swift-service-lifecycle's `UnixSignal` cannot name (SIGXCPU,
/// SIGPWR, the real-time signals): the reason TerminationSignals installs its own sources.
@Suite(.processBudget) struct PaperStopSignalTests {
    @Test(arguments: [(SIGXCPU, "SIGXCPU"), (SIGPWR, "SIGPWR"), (SIGRTMIN_PLUS_3, "SIGRTMIN+3")])
    func thePaperServerShutsDownOnSignalsUnixSignalCannotName(signal: Int32, name: String) async throws {
        try await PaperShutdown.expectCleanShutdown(on: signal, name: name)
    }
}
