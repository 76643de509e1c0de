import PaperExchange

/// The `orderLinkId`s a replay generates for orders the script named none: the shape of a
/// live one (`bl-<ms in base 36>-<12 characters>`), but made from the virtual clock and a
/// sequence seeded by `--seed` instead of the wall clock and the system's randomness, so
/// two runs of the same replay log and audit the same ids.
///
/// Not thread-safe: the script's thread asks for them.
public final class ReplayOrderLinkIds {
    private let nowMs: () -> Int64
    private var random: SplitMix64

    /// Ids at `nowMs` (the virtual clock), the sequence seeded by `seed`.
    public init(seed: UInt64, nowMs: @escaping () -> Int64) {
        self.nowMs = nowMs
        self.random = SplitMix64(seed: seed ^ 0x6272_2D6C_7561_2D69)  // not the walk's sequence
    }

    /// The next id.
    public func next() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var tail = ""
        var bits = random.next()  // 36^12 < 2^64: one draw gives all 12 digits
        for _ in 0..<12 {
            tail.append(Character(UnicodeScalar(alphabet[Int(bits % 36)])))
            bits /= 36
        }
        return "bl-" + String(nowMs(), radix: 36) + "-" + tail
    }
}
