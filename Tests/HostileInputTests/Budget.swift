import Foundation

/// How many random inputs each property tries.
///
/// The default keeps every property to a few seconds so `swift test` stays fast;
/// `BYBIT_LUA_LONG=1` multiplies the counts by 20 for a long soak. Each property prints
/// the number of inputs it actually tried, so a run records what it covered.
enum Budget {
    /// Whether the long soak was asked for.
    static let long = ProcessInfo.processInfo.environment["BYBIT_LUA_LONG"] == "1"

    /// `base` inputs by default, 20 × `base` with `BYBIT_LUA_LONG=1`.
    static func count(_ base: Int) -> Int { long ? base * 20 : base }

    /// Prints one line per property: `hostile-input: NAME tried N inputs in S s`.
    static func report(_ name: String, _ tried: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("hostile-input: \(name) tried \(tried) inputs in \(String(format: "%.2f", seconds)) s")
    }
}
