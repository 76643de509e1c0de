/// The `orderLinkId`s a replay generates for orders the script named none: the shape of a
/// live one (`bl-<ms in base 36>-<12 characters>`), but made from the virtual clock and a
/// sequence seeded by `--seed` instead of the wall clock and the system's randomness, so
/// two runs of the same replay log and audit the same ids.
///
/// Not thread-safe: the script's thread asks for them.
public final class ReplayOrderLinkIds {
    private let nowMs: () -> Int64
    private var state: UInt64

    /// Ids at `nowMs` (the virtual clock), the sequence seeded by `seed`.
    public init(seed: UInt64, nowMs: @escaping () -> Int64) {
        self.nowMs = nowMs
        self.state = seed ^ 0x6272_2D6C_7561_2D69  // any fixed start; "br-lua-i"
    }

    /// The next id.
    public func next() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var tail = ""
        var bits = splitMix()  // 36^12 < 2^64: one draw gives all 12 digits
        for _ in 0..<12 {
            tail.append(Character(UnicodeScalar(alphabet[Int(bits % 36)])))
            bits /= 36
        }
        return "bl-" + String(nowMs(), radix: 36) + "-" + tail
    }

    /// SplitMix64: a small, well-mixed sequence from one seed.
    private func splitMix() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
