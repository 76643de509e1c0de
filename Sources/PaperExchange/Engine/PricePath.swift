import BybitAPI
import NIOConcurrencyHelpers

/// A scripted sequence of mark prices from a scenario file.
public struct PricePath: Sendable, Equatable {
    /// Time between steps when the path plays by itself.
    public var intervalMs: Int
    /// Each step sets the listed symbols' marks at once.
    public var steps: [[String: ExactDecimal]]
    /// Start again from the first step after the last.
    public var loop: Bool

    /// A path of `steps`, one every `intervalMs` when played by itself.
    public init(intervalMs: Int = 1000, steps: [[String: ExactDecimal]], loop: Bool = false) {
        self.intervalMs = intervalMs
        self.steps = steps
        self.loop = loop
    }
}

final class PricePathPlayer: Sendable {
    let path: PricePath
    private let position = NIOLockedValueBox(0)

    init(_ path: PricePath) { self.path = path }

    /// Applies the next step; nil when the path is finished.
    func step(_ core: ExchangeCore) throws(PaperAPIError) -> [LedgerEntry]? {
        let index: Int? = position.withLockedValue { i in
            if i >= path.steps.count {
                guard path.loop, !path.steps.isEmpty else { return nil }
                i = 0
            }
            defer { i += 1 }
            return i
        }
        guard let index else { return nil }
        return try core.setMarkPrices(path.steps[index].sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Steps applied so far (modulo the path length when looping).
    var stepsApplied: Int { position.withLockedValue { $0 } }
}
