/// A Bybit product category (`category` parameter): `linear`, `inverse`, `spot`, `option`.
///
/// A struct over the raw string rather than an enum so that any text a script passes
/// reaches the client's validation, which then names the endpoint's allowed values in
/// its error instead of failing at a type conversion far from the call.
public struct Category: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The value sent on the wire.
    public let rawValue: String

    /// Any category text; validated when a request is sent.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A category from a literal, e.g. `"linear"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// USDT/USDC perpetuals and futures.
    public static let linear = Category(rawValue: "linear")
    /// Inverse (coin-margined) contracts.
    public static let inverse = Category(rawValue: "inverse")
    /// Spot.
    public static let spot = Category(rawValue: "spot")
    /// Options.
    public static let option = Category(rawValue: "option")

    /// The raw value.
    public var description: String { rawValue }
}
