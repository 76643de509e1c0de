/// Small random helpers over any generator (the property library's seeded one).
extension RandomNumberGenerator {
    /// A random byte.
    mutating func byte() -> UInt8 { UInt8.random(in: 0...255, using: &self) }

    /// `n` random bytes.
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in byte() } }

    /// True with probability 1 / `n`.
    mutating func oneIn(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &self) == 0 }
}

/// Classic mutations of a valid input (libFuzzer's basic set): truncate, flip a bit,
/// overwrite, insert, delete, duplicate a slice, splice in an "interesting" token.
enum Mutator {
    /// Tokens that tend to reach edge cases in parsers of numbers, strings and structure.
    static let tokens: [[UInt8]] =
        [
            "\"", "\\", "\\u", "\\ud800", "\\udc00", "{", "}", "[", "]", ",", ":", "-", "+", ".", "e", "E",
            "e-999999999", "1e400", "-0", "0.", "00", "99999999999999999999999999999999999999999",
            "null", "true", "nul", "\u{0}", "%", "%zz", "%ff", "&", "=", "\r\n", " ", "\t",
        ].map { Array($0.utf8) } + [
            [0xC0, 0x80], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        ]

    /// Applies 1...4 random mutations to `input`.
    static func mutate(_ input: [UInt8], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        var out = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: out = Array(out.prefix(at))
            case 1 where !out.isEmpty: out[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 2 where !out.isEmpty: out[at] = rng.byte()
            case 3: out.insert(contentsOf: rng.bytes(Int.random(in: 1...4, using: &rng)), at: at)
            case 4 where !out.isEmpty: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...8, using: &rng)))
            case 5 where !out.isEmpty:
                let slice = out[at..<min(out.count, at + Int.random(in: 1...16, using: &rng))]
                out.insert(contentsOf: slice, at: Int.random(in: 0...out.count, using: &rng))
            default: out.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            }
        }
        return out
    }
}
