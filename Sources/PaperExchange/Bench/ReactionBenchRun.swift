import BybitWire
import NIOConcurrencyHelpers

/// What `POST /paper/bench/breaches` asks for: `count` breaches of `symbol`, each a mark
/// at `calmMark` held `everyMs`, then `breachMark` held `everyMs`.
struct ReactionBenchPlan: Sendable {
    var symbol: String
    var count: Int
    var everyMs: Int
    var calmMark: ExactDecimal
    var breachMark: ExactDecimal

    /// The plan in `body`; the calm mark defaults to the symbol's mark now.
    init(json body: JSONNode, currentMark: (String) -> ExactDecimal?) throws(PaperAPIError) {
        guard let symbol = body["symbol"]?.stringValue else { throw .params("symbol must be a string") }
        guard let calm = body["calmMark"].map({ $0.stringValue }) ?? currentMark(symbol)?.description else {
            throw .params("symbol \(symbol) is not listed")
        }
        func decimal(_ text: String?, _ name: String) throws(PaperAPIError) -> ExactDecimal {
            guard let text, let value = try? ExactDecimal(parsing: text), value > ExactDecimal.zero else {
                throw .params("\(name) must be a positive decimal string such as \"59000\"")
            }
            return value
        }
        func integer(_ name: String, default value: Int, _ range: ClosedRange<Int>) throws(PaperAPIError) -> Int {
            guard let node = body[name] else { return value }
            guard case .int(let n) = node, range.contains(Int(n)) else {
                throw .params("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(n)
        }
        self.symbol = symbol
        self.calmMark = try decimal(calm, "calmMark")
        self.breachMark = try decimal(body["breachMark"]?.stringValue, "breachMark")
        guard calmMark != breachMark else { throw .params("breachMark must differ from calmMark") }
        // 100 ms: a ticker is pushed at most every 100 ms per symbol, so a shorter hold
        // would merge a calm and a breach into one push (or lose the breach).
        self.count = try integer("count", default: 1000, 1...1_000_000)
        self.everyMs = try integer("everyMs", default: 100, 100...60_000)
    }
}

/// Runs one plan at a time on its own task, arming ``ReactionProbe`` before each breach.
final class ReactionBenchRunner: Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// Starts `plan`; refused while another run is going.
    func start(_ plan: ReactionBenchPlan, core: ExchangeCore) throws(PaperAPIError) {
        let started = task.withLockedValue { running -> Bool in
            if let running, !running.isCancelled, core.reactionProbe.result.finished == false { return false }
            core.reactionProbe.reset(breaches: plan.count)
            running = Task { await Self.run(plan, core: core) }
            return true
        }
        guard started else { throw .params("a reaction run is still going: GET /paper/bench/reaction until finished") }
    }

    /// Returns when the current run (if any) has ended.
    func waitForRun() async {
        let running = task.withLockedValue { $0 }
        await running?.value
    }

    private static func run(_ plan: ReactionBenchPlan, core: ExchangeCore) async {
        let probe = core.reactionProbe
        do {
            for _ in 0..<plan.count {
                _ = try core.setMarkPrice(symbol: plan.symbol, plan.calmMark)
                try await Task.sleep(for: .milliseconds(plan.everyMs))
                probe.arm(symbol: plan.symbol, mark: plan.breachMark)
                _ = try core.setMarkPrice(symbol: plan.symbol, plan.breachMark)
                try await Task.sleep(for: .milliseconds(plan.everyMs))
            }
            _ = try core.setMarkPrice(symbol: plan.symbol, plan.calmMark)
        } catch {}
        _ = probe.finish()
    }
}
