import Foundation
import Testing

@testable import PaperExchange

/// The blocking start variant, used as the Lua runner would: from a plain thread, not a
/// task on the cooperative pool (blocking one of those could starve the server it waits for).
@Suite struct BlockingStartTests {
    @Test func startBlockingServesFromAPlainThread() async throws {
        let result: Result<String, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    let ex = try PaperExchange.startBlocking(manualConfig())
                    let events = try ex.setMarkPrice(symbol: "BTCUSDT", "54300")
                    let url = ex.baseURL
                    ex.shutdownBlocking()
                    continuation.resume(returning: .success("\(url) \(events.map(\.action.rawValue))"))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        let text = try result.get()
        #expect(text.hasPrefix("http://127.0.0.1:"))
        #expect(text.hasSuffix("[\"liquidation\"]"))
    }

    @Test func aTakenPortIsAStartError() async throws {
        try await withExchange(manualConfig()) { ex in
            var config = manualConfig()
            config.port = ex.port
            await #expect(throws: (any Error).self) { try await PaperExchange.start(config) }
        }
    }
}
