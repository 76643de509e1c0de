import BybitAPI
import NIOConcurrencyHelpers

/// A seeded random walk of every mark price (`--walk SEED`).
///
/// Each step moves each instrument's mark by a whole number of basis points drawn
/// uniformly from `-maxStepBps...maxStepBps`, then rounds to the tick size and stays within
/// the instrument's price filter (`minPrice...maxPrice`): exact decimal
/// arithmetic and a fixed PRNG, so one seed gives the same path on every machine.
public struct RandomWalkSettings: Sendable, Equatable {
    /// The PRNG seed: one seed, one path.
    public var seed: UInt64
    /// Time between steps when the walk runs by itself.
    public var intervalMs: Int
    /// The largest move per step, in basis points (10 = 0.1 %).
    public var maxStepBps: Int

    /// A walk from `seed`, stepping every `intervalMs` by at most `maxStepBps`.
    public init(seed: UInt64, intervalMs: Int = 1000, maxStepBps: Int = 10) {
        self.seed = seed
        self.intervalMs = intervalMs
        self.maxStepBps = maxStepBps
    }
}

final class RandomWalk: Sendable {
    let settings: RandomWalkSettings
    private let generator: NIOLockedValueBox<SplitMix64>

    init(_ settings: RandomWalkSettings) {
        self.settings = settings
        self.generator = NIOLockedValueBox(SplitMix64(seed: settings.seed))
    }

    /// Moves every mark one step; returns the auto-add and liquidation events caused.
    func step(_ core: ExchangeCore) throws(PaperAPIError) -> [LedgerEntry] {
        let instruments = try core.read { (book: Book) throws(PaperAPIError) in
            book.instruments.map { ($0, book.mark($0.symbol)) }
        }
        let span = UInt64(2 * max(0, settings.maxStepBps) + 1)
        let draws: [Int] = generator.withLockedValue { rng in
            instruments.map { _ in Int(rng.next() % span) - settings.maxStepBps }
        }
        var prices: [(String, ExactDecimal)] = []
        for ((instrument, mark), bps) in zip(instruments, draws) {
            let next = try arithmetic { () throws(DecimalError) -> ExactDecimal in
                let factor = try ExactDecimal(10_000 + bps).divided(by: 10_000, scale: 4)
                let moved = try mark.multiplied(by: factor).quantized(step: instrument.tickSize, mode: .halfEven)
                return instrument.clampedToPriceFilter(moved)  // the walk stops at the filter's edges
            }
            prices.append((instrument.symbol, next))
        }
        return try core.setMarkPrices(prices)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully determined by its seed.
/// Public for the replay, whose generated `orderLinkId`s follow `--seed` too.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// The sequence `seed` determines.
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
