import Foundation
import Testing

/// One fault scenario end to end: a fresh `bybit-lua paper` with a fault plan, the fault
/// script run by the built binary against it (`--verbose`, with an audit log), and what
/// the script, the exchange's ledger and the audit log each said afterwards.
struct FaultRun: Sendable {
    let calls: [CallRecord]
    let ledger: LedgerRecord
    let audit: [AuditRecord]
    let result: BinaryRunner.Result
    let expectedCalls: Int

    /// Runs `calls` `add_margin` calls under `plan` (the `/paper/faults` JSON).
    ///
    /// The exchange runs with `--no-rate-limits` so that 200 calls are not paced at
    /// Bybit's 10/s (the 10006 scenarios inject their refusals as faults instead).
    static func run(plan: String, calls: Int = SuiteSettings.callsPerFault, options: [String] = []) async throws
        -> FaultRun
    {
        do {
            let server = try await PaperServer(arguments: ["--no-rate-limits"])
            let armed = try server.control("POST", "/paper/faults", json: plan)
            guard armed.contains("\"retCode\":0") else {
                throw SetupFailure(description: "fault plan refused: \(armed)")
            }
            let dir = try ScratchDirectory()
            let script = try dir.write("faults.lua", FaultScript.source)
            let auditPath = dir.path + "/audit.jsonl"
            let result = try await BinaryRunner.run(
                ["--base-url", server.url, "--audit-log", auditPath, "--verbose"] + options + [script, String(calls)],
                environment: server.credentials, limit: 150)
            return FaultRun(
                calls: CallRecord.parse(result.stdout), ledger: try LedgerRecord.read(server),
                audit: try AuditRecord.read(auditPath), result: result, expectedCalls: calls)
        }
    }

    /// Indices of the calls that ended in `kind`.
    func indices(_ kind: String) -> Set<Int> { Set(calls.filter { $0.kind == kind }.map(\.index)) }

    /// The figures of a run, for the test log: calls by kind, uncertain calls that landed,
    /// ledger entries, audit lines, faults fired.
    var summary: String {
        let kinds = Dictionary(grouping: calls, by: \.kind).mapValues(\.count).sorted { $0.key < $1.key }
        let landed = calls.filter { $0.kind == "outcome_unknown" && ledger.applied($0.margin) == 1 }.count
        let fired = ledger.fired.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        return "\(calls.count) calls: \(kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
            + "outcome_unknown applied \(landed); ledger \(ledger.margins.count); audit \(audit.count); "
            + "fired \(fired.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
    }

    /// How many stderr lines of the client's `--verbose` log contain `text`.
    func logLines(containing text: String) -> Int {
        result.stderr.split(separator: "\n").filter { $0.contains(text) }.count
    }

    /// The guarantees that hold under every fault:
    /// - the run finished and reported every call, in order;
    /// - the exchange applied each call **at most once**, every `ok` exactly once, and
    ///   anything that is neither `ok` nor `outcome_unknown` not at all;
    /// - the ledger holds nothing that no call asked for;
    /// - every `outcome_unknown` carries the re-read position;
    /// - the audit log has exactly one line per call, in order, with the call's margin and
    ///   the outcome the script saw.
    func checkMoneySafety(sourceLocation: SourceLocation = #_sourceLocation) {
        print("FaultSuite \(summary)")
        #expect(result.status == 0 && !result.timedOut, "\(result.stderr.suffix(2000))", sourceLocation: sourceLocation)
        #expect(
            calls.map(\.index) == Array(1...expectedCalls), "the script reported every call",
            sourceLocation: sourceLocation)
        let asked = Set(calls.map(\.margin))
        #expect(
            ledger.margins.allSatisfy(asked.contains), "the ledger holds only requested margins",
            sourceLocation: sourceLocation)
        #expect(
            Set(ledger.margins).count == ledger.margins.count, "no margin was applied twice",
            sourceLocation: sourceLocation)
        for call in calls {
            let applied = ledger.applied(call.margin)
            switch call.kind {
            case "ok":
                #expect(applied == 1, "call \(call.index) ok but applied \(applied)×", sourceLocation: sourceLocation)
            case "outcome_unknown":
                #expect(applied <= 1, "call \(call.index) applied \(applied)×", sourceLocation: sourceLocation)
                #expect(
                    call.reread, "call \(call.index): outcome_unknown without the re-read position",
                    sourceLocation: sourceLocation)
            default:
                #expect(
                    applied == 0, "call \(call.index) failed (\(call.kind)) but applied \(applied)×",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(audit.count == expectedCalls, "one audit line per attempt", sourceLocation: sourceLocation)
        for (call, line) in zip(calls, audit) {
            #expect(
                line.margin == call.margin && line.outcome == call.kind,
                "audit line \(call.index): \(line.outcome) \(String(describing: line.margin)) vs script \(call.kind) \(call.margin)",
                sourceLocation: sourceLocation)
            if call.ok { #expect(line.retCode == 0, sourceLocation: sourceLocation) }
            if let code = call.code {
                #expect(line.retCode == code, "audit retCode of call \(call.index)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The 1-based positions in `1...total` that an `every`/`burst` trigger fires on.
func scheduled(_ total: Int, every: Int, burst: Int = 1) -> Set<Int> {
    Set((1...total).filter { ($0 - 1) % every >= every - burst })
}
