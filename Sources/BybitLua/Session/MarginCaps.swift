import BybitAPI

/// The `--max-margin` caps: how much margin a run (or, with `--max-margin-window`, all runs
/// of one key within a sliding window) may add, per settle coin.
///
/// A margin add in a coin without a cap is refused once any cap is set: a cap in USDT says
/// nothing about BTC, and one number for every coin let 0.9 BTC through a cap of 1.
public struct MarginCaps: Equatable, Sendable {
    /// A cap given in words the user can act on.
    public struct SyntaxError: Error, Equatable {
        public let message: String
    }

    /// The cap per settle coin (`USDT`, `BTC`).
    public private(set) var perCoin: [String: ExactDecimal] = [:]
    /// The sliding window, in seconds; nil: each run counts only its own adds.
    public private(set) var windowSeconds: Int64?
    /// The window as given (`24h`), for messages and `bybit.guard()`.
    public private(set) var windowText: String?

    /// The shortest and longest windows: shorter than a minute is no cap on a loop, and
    /// longer than 90 days makes every run read a long stretch of the log.
    public static let windowBounds: ClosedRange<Int64> = 60...(90 * 86_400)

    public init() {}

    /// No cap at all: every margin add passes (the other guards still apply).
    public var isEmpty: Bool { perCoin.isEmpty }

    /// The cap for `coin`, nil when it has none.
    public func cap(for coin: String) -> ExactDecimal? { perCoin[coin] }

    /// The capped coins, sorted (USDT/USDC first, as they are the common ones).
    public var coins: [String] {
        perCoin.keys.sorted { a, b in
            let (ra, rb) = (Self.rank(a), Self.rank(b))
            return ra != rb ? ra < rb : a < b
        }
    }

    private static func rank(_ coin: String) -> Int { coin == "USDT" ? 0 : coin == "USDC" ? 1 : 2 }

    /// Adds one `--max-margin` value: `COIN=AMOUNT`, or a bare amount for USDT and USDC
    /// (each separately). A coin given twice is an error, so two values never silently
    /// disagree.
    public mutating func add(_ text: String) throws(SyntaxError) {
        let coins: [String]
        let amountText: Substring
        if let eq = text.firstIndex(of: "=") {
            let coin = String(text[..<eq])
            amountText = text[text.index(after: eq)...]
            guard !coin.isEmpty else {
                throw SyntaxError(message: "--max-margin needs a coin before '=', like USDT=500 (got '\(text)')")
            }
            guard coin.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }) else {
                throw SyntaxError(
                    message: "--max-margin: a coin is upper-case letters and digits, like USDT or BTC (got '\(text)')")
            }
            coins = [coin]
        } else {
            amountText = Substring(text)
            coins = ["USDT", "USDC"]
        }
        let amount = try Self.amount(amountText, whole: text)
        for coin in coins where perCoin[coin] != nil {
            throw SyntaxError(message: "--max-margin: \(coin) is capped twice; give each coin one cap")
        }
        for coin in coins { perCoin[coin] = amount }
    }

    /// A positive plain decimal (`500`, `0.01`): no sign, no exponent, no spaces.
    private static func amount(_ text: Substring, whole: String) throws(SyntaxError) -> ExactDecimal {
        let plain =
            !text.isEmpty && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
            && text.utf8.filter { $0 == 0x2E }.count <= 1 && text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
        guard plain, let value = try? ExactDecimal(parsing: text), value.sign > 0 else {
            throw SyntaxError(
                message: "--max-margin needs a positive amount like 500, 0.25 or USDT=500, BTC=0.01 (got '\(whole)')")
        }
        return value
    }

    /// Sets `--max-margin-window`: a whole number and a unit, `s`, `m`, `h` or `d` (`24h`,
    /// `90m`, `7d`), between a minute and 90 days.
    public mutating func setWindow(_ text: String) throws(SyntaxError) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let scale = units[unit], let n = Int64(text.dropLast()), n > 0,
            text.utf8.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            case (let seconds, let overflow) = n.multipliedReportingOverflow(by: scale), !overflow,
            Self.windowBounds.contains(seconds)
        else {
            throw SyntaxError(
                message: "--max-margin-window needs a duration from 1m to 90d, like 24h, 90m or 7d (got '\(text)')")
        }
        windowSeconds = seconds
        windowText = text
    }

    /// One line for the start-up banner: `max margin USDT 500, BTC 0.01 per 24h`.
    public var summary: String {
        let caps = coins.map { "\($0) \(perCoin[$0]!)" }.joined(separator: ", ")
        return "max margin \(caps) " + (windowText.map { "per \($0) (all runs of this key)" } ?? "per run")
    }
}
