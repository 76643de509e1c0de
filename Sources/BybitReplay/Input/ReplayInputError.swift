/// Why a price input cannot be replayed, in the user's terms and with where:
/// `prices.csv:12: duplicate timestamp 1722816000000 for BTCUSDT (also line 11)`.
public struct ReplayInputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The whole message, location first.
    public let description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }

    /// An error at `file:line`.
    init(_ file: String, _ line: Int, _ why: String) { self.description = "\(file):\(line): \(why)" }
}
