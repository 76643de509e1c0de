import BybitWire
import Foundation
import Testing

@testable import BybitLua

/// `--max-margin COIN=AMOUNT` and `--max-margin-window`: what is accepted, what is refused
/// in the user's words, and how the window is counted from the audit log.
@Suite struct MarginCapsTests {
    private func caps(_ values: [String]) throws -> MarginCaps {
        var c = MarginCaps()
        for v in values { try c.add(v) }
        return c
    }

    @Test func aCapPerCoinAndABareNumberCapsOnlyTheDollarCoins() throws {
        let c = try caps(["USDT=500", "BTC=0.01", "ETH2=3"])
        #expect(c.cap(for: "USDT") == ExactDecimal(500))
        #expect(c.cap(for: "BTC") == (try ExactDecimal(parsing: "0.01")))
        #expect(c.cap(for: "ETH2") == ExactDecimal(3) && c.cap(for: "USDC") == nil)
        #expect(c.coins == ["USDT", "BTC", "ETH2"])
        let bare = try caps(["1"])
        #expect(bare.coins == ["USDT", "USDC"] && bare.cap(for: "BTC") == nil)
        #expect(bare.summary == "max margin USDT 1, USDC 1 per run")
        #expect(MarginCaps().isEmpty && !bare.isEmpty)
    }

    @Test(arguments: [
        ("USDT=", "positive amount"), ("=5", "needs a coin before '='"), ("usdt=5", "upper-case letters and digits"),
        ("USDT=-1", "positive amount"), ("USDT=abc", "positive amount"), ("USDT=1e3", "positive amount"),
        ("USDT=0", "positive amount"), ("USDT= 5", "positive amount"), ("", "positive amount"),
        ("US-DT=5", "upper-case"), ("USDT=1.2.3", "positive amount"), (".", "positive amount"),
    ])
    func badCapSyntaxIsRefusedNamingWhatWasGiven(_ text: String, _ words: String) {
        var c = MarginCaps()
        #expect {
            try c.add(text)
        } throws: { error in
            let message = (error as? MarginCaps.SyntaxError)?.message ?? ""
            return message.contains(words) && message.contains("--max-margin")
                && (text.isEmpty || message.contains(text))
        }
        #expect(c.isEmpty)
    }

    @Test func aCoinCappedTwiceIsAnErrorEvenThroughABareNumber() throws {
        var c = try caps(["USDT=5"])
        #expect(throws: MarginCaps.SyntaxError(message: "--max-margin: USDT is capped twice; give each coin one cap")) {
            try c.add("7")
        }
        #expect(c.cap(for: "USDC") == nil, "a refused value changes nothing")
        #expect(throws: MarginCaps.SyntaxError.self) { try c.add("USDT=5") }
    }

    @Test func windowsFromAMinuteToNinetyDays() throws {
        var c = MarginCaps()
        for (text, seconds) in [("24h", 86_400), ("90m", 5_400), ("7d", 604_800), ("60s", 60), ("90d", 7_776_000)] {
            try c.setWindow(text)
            #expect(c.windowSeconds == Int64(seconds) && c.windowText == text)
        }
        for bad in ["59s", "91d", "24", "h", "-1h", "+5m", "1.5h", "24H", "", "0m", "99999999999999999d", "1 h"] {
            #expect(throws: MarginCaps.SyntaxError.self, "\(bad)") { try c.setWindow(bad) }
        }
    }
}

/// The window read back from an audit log several runs share.
@Suite struct MarginWindowLogTests {
    static let now: Int64 = 1_765_000_000_000
    static let hour: Int64 = 3_600_000

    private func line(
        _ time: Int64, _ id: String, _ event: String, env: String = "testnet", key: String? = "k:aaaaaaaaaaaa",
        symbol: String = "BTCUSDT", category: String = "linear", margin: String = "10", outcome: String? = nil
    ) -> String {
        let keyPart = key.map { #","key":"\#($0)""# } ?? ""
        let outcomePart = outcome.map { #","outcome":"\#($0)""# } ?? ""
        let eventPart = event.isEmpty ? "" : #","event":"\#(event)""#
        return
            #"{"time":\#(time),"id":"\#(id)"\#(eventPart),"env":"\#(env)"\#(keyPart),"endpoint":"/v5/position/add-margin","params":{"category":"\#(category)","symbol":"\#(symbol)","margin":"\#(margin)"}\#(outcomePart)}"#
    }

    private func write(_ lines: [String], to path: String, newline: Bool = true) throws {
        try (lines.joined(separator: "\n") + (newline ? "\n" : "")).write(
            toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func countsAppliedAndUnknownAddsOfThisKeyInsideTheWindowOnly() throws {
        let path = NSTemporaryDirectory() + "window-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t = Self.now - Self.hour
        try write(
            [
                line(Self.now - 30 * Self.hour, "old-1", "intent", margin: "1000"),  // before the window
                line(t, "a-1", "intent", margin: "10"), line(t + 1, "a-1", "outcome", outcome: "ok"),
                line(t + 2, "a-2", "intent", margin: "20"), line(t + 3, "a-2", "outcome", outcome: "api"),  // refused
                line(t + 4, "a-3", "intent", margin: "30"),  // no outcome: the run stopped mid-call
                line(t + 5, "a-4", "intent", margin: "40"), line(t + 6, "a-4", "outcome", outcome: "outcome_unknown"),
                line(t + 7, "b-1", "intent", key: "k:bbbbbbbbbbbb", margin: "50"),  // another key
                line(t + 8, "c-1", "intent", env: "mainnet", margin: "60"),  // another environment
                line(t + 9, "d-1", "intent", key: nil, margin: "1"),  // before lines named their key
                line(t + 10, "mine-1", "intent", margin: "70"),  // this run's own: counted by the session
                line(t + 11, "a-5", "intent", margin: "-5"),  // a reduction
                line(t + 12, "a-6", "intent", symbol: "BTCUSD", category: "inverse", margin: "0.5"),
                line(t + 13, "e-1", "", margin: "2", outcome: "ok"),  // a line from before write-ahead
                line(t + 14, "e-2", "", margin: "4", outcome: "guard"),
            ], to: path)
        let log = MarginWindowLog(path: path, env: "testnet", key: "k:aaaaaaaaaaaa", ownRun: "mine")
        try log.load(since: Self.now - 24 * Self.hour)
        let used = log.used(since: Self.now - 24 * Self.hour)
        #expect(used["USDT"] == ExactDecimal(10 + 30 + 40 + 1 + 2))
        #expect(used["BTC"] == (try ExactDecimal(parsing: "0.5")))
        // later: a line appended by another run, its outcome, and a torn line being written
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data((line(t + 20, "f-1", "intent", margin: "100") + "\n").utf8))
        handle.write(Data(line(t + 21, "a-3", "outcome", outcome: "network").utf8))  // no newline yet
        try log.refresh(since: Self.now - 24 * Self.hour)
        #expect(log.used(since: Self.now - 24 * Self.hour)["USDT"] == ExactDecimal(183))
        handle.write(Data("\n".utf8))
        try handle.close()
        try log.refresh(since: Self.now - 24 * Self.hour)
        #expect(log.used(since: Self.now - 24 * Self.hour)["USDT"] == ExactDecimal(153), "a-3 was not applied")
        // time passes: the first adds leave the window
        try log.refresh(since: t + 5)
        #expect(log.used(since: t + 5)["USDT"] == ExactDecimal(40 + 1 + 2 + 100), "a-4, d-1, e-1 and f-1")
    }

    @Test func aMissingLogIsEmptyAndPaperMatchesByEnvironment() throws {
        let path = NSTemporaryDirectory() + "window-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let missing = MarginWindowLog(path: path, env: "paper", key: nil, ownRun: "x")
        try missing.load(since: 0)
        #expect(missing.used(since: 0).isEmpty)
        try write([line(Self.now, "p-1", "intent", env: "paper", key: "k:111111111111", margin: "3")], to: path)
        try missing.refresh(since: 0)
        #expect(missing.used(since: 0)["USDT"] == ExactDecimal(3))
    }

    /// 100,000 lines, every one inside the window (the worst case: a backwards read stops at
    /// the window's start, so an older log costs nothing more). The figure is printed.
    @Test func aHundredThousandLineLogIsReadOnce() throws {
        let path = NSTemporaryDirectory() + "window-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = ""
        text.reserveCapacity(100_000 * 230)
        for i in 0..<50_000 {
            let time = Self.now - Self.hour + Int64(i)
            text += line(time, "r-\(i)", "intent", margin: "0.01") + "\n"
            text += line(time, "r-\(i)", "outcome", outcome: i % 2 == 0 ? "ok" : "api") + "\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let log = MarginWindowLog(path: path, env: "testnet", key: "k:aaaaaaaaaaaa", ownRun: "mine")
        let clock = ContinuousClock()
        let elapsed = try clock.measure { try log.load(since: Self.now - 24 * Self.hour) }
        #expect(log.used(since: 0)["USDT"] == ExactDecimal(250))
        print("MarginWindowLog: 100,000 lines (\(text.utf8.count / 1_000_000) MB) read in \(elapsed)")
    }
}
