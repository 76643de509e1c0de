/// A 64-bit FNV-1a hash of a key's UTF-8 bytes: cheap to compute for the short ASCII keys
/// of Bybit's replies (a few instructions a byte, no per-process seed), and equal for
/// equal keys, so ``JSONObject`` and ``Shape`` can compare hashes before strings.
///
/// Not a defence against chosen collisions: a colliding key only costs one more string
/// compare, and objects past ``JSONObject/indexedFrom`` members use a seeded dictionary.
public struct KeyHash: Hashable, Sendable {
    /// The hash.
    public let value: UInt64

    /// The hash of `key`.
    @inlinable
    public init(_ key: String) {
        var key = key
        value = key.withUTF8 { bytes in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return h
        }
    }
}
