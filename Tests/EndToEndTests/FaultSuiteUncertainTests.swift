import Foundation
import Testing

/// Faults after which a mutation may or may not have happened: the client must never
/// re-send, must say `outcome_unknown` for exactly the faulted calls, and the exchange's
/// ledger decides which of them landed. Each fault hits every 20th (or 40th) call, so
/// faults interleave with successes on the same connection pool.
///
/// Serialized: each scenario already runs two processes, and the read-timeout scenario
/// must not see a loaded machine's pause as a fault.
@Suite(.serialized, .processBudget) struct FaultSuiteUncertainTests {
    static let n = SuiteSettings.callsPerFault
    static let path = #""paths": ["/v5/position/add-margin"]"#

    /// Checks the scenario-specific part: which calls were uncertain, whether they landed,
    /// and how many times the fault fired.
    private func expectUncertain(
        _ run: FaultRun, at expected: Set<Int>, applied: Bool, fired: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        run.checkMoneySafety(sourceLocation: sourceLocation)
        // A short run is reported by checkMoneySafety; indexing past it would crash the suite.
        guard run.calls.count == Self.n else { return }
        #expect(run.indices("outcome_unknown") == expected, sourceLocation: sourceLocation)
        #expect(run.indices("ok").count == Self.n - expected.count, sourceLocation: sourceLocation)
        #expect(run.ledger.fired[fired] == expected.count, "\(run.ledger.fired)", sourceLocation: sourceLocation)
        for i in expected {
            let margin = run.calls[i - 1].margin
            #expect(run.ledger.applied(margin) == (applied ? 1 : 0), "call \(i)", sourceLocation: sourceLocation)
        }
        #expect(run.ledger.margins.count == Self.n - (applied ? 0 : expected.count), sourceLocation: sourceLocation)
    }

    @Test func connectionDroppedAfterTheMutationWasApplied() async throws {
        let run = try await FaultRun.run(
            plan: #"{"dropConnection": {"count": -1, "every": 20, "afterApply": true}, \#(Self.path)}"#)
        expectUncertain(run, at: scheduled(Self.n, every: 20), applied: true, fired: "dropConnection")
        #expect(run.calls.filter { $0.kind == "outcome_unknown" }.allSatisfy { $0.message.contains("connection") })
    }

    @Test func connectionDroppedBeforeTheMutationWasApplied() async throws {
        let run = try await FaultRun.run(
            plan: #"{"dropConnection": {"count": -1, "every": 20, "afterApply": false}, \#(Self.path)}"#)
        expectUncertain(run, at: scheduled(Self.n, every: 20), applied: false, fired: "dropConnection")
    }

    @Test func replyDelayedPastTheReadTimeout() async throws {
        // Applied, then the answer is held 2 s; the client gives up after 1 s of silence.
        // 1 s (not less) so a busy machine's pause is not mistaken for the fault.
        let every = SuiteSettings.isLong ? 100 : 40
        let run = try await FaultRun.run(
            plan: #"{"slowReply": {"count": -1, "every": \#(every)}, "slowReplyMs": 2000, \#(Self.path)}"#,
            options: ["--read-timeout", "1"])
        expectUncertain(run, at: scheduled(Self.n, every: every), applied: true, fired: "slowReply")
        #expect(run.calls.filter { $0.kind == "outcome_unknown" }.allSatisfy { $0.message.contains("timed out") })
    }

    @Test func retCode10016AfterApplying() async throws {
        let run = try await FaultRun.run(
            plan: #"{"serverError": {"count": -1, "every": 20, "afterApply": true}, \#(Self.path)}"#)
        expectUncertain(run, at: scheduled(Self.n, every: 20), applied: true, fired: "serverError")
        #expect(run.calls.filter { $0.kind == "outcome_unknown" }.allSatisfy { $0.code == 10016 })
    }

    @Test func http502BeforeApplying() async throws {
        let run = try await FaultRun.run(
            plan: #"{"badGateway": {"count": -1, "every": 20, "afterApply": false}, \#(Self.path)}"#)
        expectUncertain(run, at: scheduled(Self.n, every: 20), applied: false, fired: "badGateway")
        #expect(
            run.calls.filter { $0.kind == "outcome_unknown" }.allSatisfy {
                $0.message.contains("HTTP 502") && $0.code == nil
            })
    }
}
