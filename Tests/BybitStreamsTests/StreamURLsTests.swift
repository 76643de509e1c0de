import BybitAPI
import Testing

@testable import BybitStreams

/// The stream URLs per environment (demo: private from stream-demo, public from mainnet)
/// and the reconnect delays' bounds.
@Suite struct StreamURLsTests {
    @Test func urlsPerEnvironment() throws {
        let main = StreamURLs(environment: .mainnet)
        #expect(main.linear == "wss://stream.bybit.com/v5/public/linear")
        #expect(main.inverse == "wss://stream.bybit.com/v5/public/inverse")
        #expect(main.privateURL == "wss://stream.bybit.com/v5/private")
        #expect(StreamURLs(environment: .testnet).privateURL == "wss://stream-testnet.bybit.com/v5/private")
        let demo = StreamURLs(environment: .demo)
        #expect(demo.privateURL == "wss://stream-demo.bybit.com/v5/private")
        #expect(demo.linear == "wss://stream.bybit.com/v5/public/linear")
        let paper = StreamURLs(environment: try .custom(baseURL: "http://127.0.0.1:5123", name: "paper"))
        #expect(paper.linear == "ws://127.0.0.1:5123/v5/public/linear")
        #expect(paper.privateURL == "ws://127.0.0.1:5123/v5/private")
        let regional = StreamURLs(environment: try .custom(baseURL: "https://api.bybit.tr"))
        #expect(regional.privateURL == "wss://stream.bybit.tr/v5/private")
        let proxy = StreamURLs(environment: try .custom(baseURL: "https://proxy.example/bybit"))
        #expect(proxy.inverse == "wss://proxy.example/bybit/v5/public/inverse")
        #expect(paper.publicURL(.spot) == nil)
    }

    @Test func backoffIsJitteredExponentialAndBounded() {
        var t = StreamTimings()
        t.initialBackoffMs = 100
        t.maxBackoffMs = 5_000
        for attempt in 0..<64 {
            let full = min(5_000, Int64(100) << min(attempt, 30))
            for _ in 0..<20 {
                let d = FeedConnection.backoff(attempt: attempt, t)
                #expect(d >= full / 2 && d <= full)
            }
        }
    }
}
