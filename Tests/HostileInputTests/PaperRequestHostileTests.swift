import Foundation
import HTTPTypes
import PropertyBased
import Testing

@testable import BybitAPI
@testable import PaperExchange

/// The paper exchange's request parsing against hostile input: query strings, JSON
/// bodies, auth headers and the route handlers behind them. A broken request is refused
/// with Bybit's parameter or auth codes (10001–10004); nothing crashes or hangs.
@Suite struct PaperRequestHostileTests {
    static let mutatedRequest = Generator<(Int, [UInt8]), Shrink.None<(Int, [UInt8])>> { rng in
        let seed = Int.random(in: 0..<PaperRequests.seeds.count, using: &rng)
        return (seed, Mutator.mutate(Array(PaperRequests.seeds[seed].1.utf8), using: &rng))
    }

    @Test func mutatedRequestsReachTheHandlersAndAreRefusedCleanly() async throws {
        let ex = try await PaperExchange.start(.init(autoplay: false, enforceRateLimits: false))
        let start = ContinuousClock.now
        var tried = 0
        var accepted = 0
        await propertyCheck(count: Budget.count(20_000), input: Self.mutatedRequest) { seed, bytes in
            tried += 1
            let code = PaperRequests.handle(PaperRequests.seeds[seed].0, bytes, core: ex.core, apiKey: ex.apiKey)
            if code == 0 { accepted += 1 }
            #expect(
                code == 0 || PaperRequests.refusalCodes.contains(code),
                "\(String(decoding: bytes, as: UTF8.self)) -> \(code)")
        }
        Budget.report("paper.handlers(mutated requests, \(accepted) accepted)", tried, since: start)
        await ex.shutdown()
    }

    @Test func randomQueryStringsAndBodiesAreParsedOrRefusedWith10001() async {
        let start = ContinuousClock.now
        var tried = 0
        let alphabet = Array("ab=&%+2F0x.-_\u{0}é".utf8)
        let bytes = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
            (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                rng.oneIn(5) ? rng.byte() : alphabet.randomElement(using: &rng)!
            }
        }
        await propertyCheck(count: Budget.count(20_000), input: bytes) { bytes in
            tried += 1
            do throws(PaperAPIError) { _ = try RequestParams.query(Substring(decoding: bytes, as: UTF8.self)) } catch {
                #expect(error.retCode == RetCode.paramsError, "\(error)")
            }
            do throws(PaperAPIError) { _ = try RequestParams.body(bytes) } catch {
                #expect(error.retCode == RetCode.paramsError, "\(error)")
            }
            // A query that parses has unique, non-empty keys and valid UTF-8 throughout.
            if let params = try? QueryString.parse(Substring(decoding: bytes, as: UTF8.self)) {
                #expect(!params.keys.contains(""))
            }
        }
        Budget.report("paper.parse(random query strings and bodies)", tried, since: start)
    }

    /// Random header values: refused with 10001 (syntax), 10002 (window), 10003 (key) or
    /// 10004 (signature), in Bybit's order; never accepted, never a crash.
    @Test func randomAuthHeadersAreRefused() async {
        let start = ContinuousClock.now
        var tried = 0
        let credential = APICredential(apiKey: "FUZZKEY", hmacSecret: "fuzz-secret")
        let now: Int64 = 1_700_000_000_000
        let value = Generator<String, Shrink.None<String>> { rng in
            let choices = [
                "", "FUZZKEY", String(now), String(now - 4_000), "5000", "-1", "9223372036854775808", "0x10", " 1",
                "deadbeef",
                String(repeating: "a", count: 64),
                String(decoding: rng.bytes(Int.random(in: 0...12, using: &rng)), as: UTF8.self),
            ]
            return choices.randomElement(using: &rng)!
        }
        await propertyCheck(
            count: Budget.count(10_000), input: value, value, value, value, Gen.uint8().array(of: 0...32)
        ) { key, ts, sign, window, payload in
            tried += 1
            var headers = HTTPFields()
            for (name, text) in [
                ("X-BAPI-API-KEY", key), ("X-BAPI-TIMESTAMP", ts), ("X-BAPI-SIGN", sign),
                ("X-BAPI-RECV-WINDOW", window),
            ]
            where !text.isEmpty {
                // HTTPFields refuses values a client could not send (e.g. CR/LF): skip those.
                if let name = HTTPField.Name(name), HTTPField.isValidValue(text) { headers[name] = text }
            }
            do throws(PaperAPIError) {
                let accepted = try RequestAuthenticator.authenticate(
                    headers: headers, payload: payload, serverNowMs: now,
                    lookup: { $0 == credential.apiKey ? credential : nil })
                Issue.record("accepted a random signature for \(accepted)")
            } catch {
                #expect((10001...10004).contains(error.retCode), "\(error)")
            }
        }
        Budget.report("paper.authenticate(random headers)", tried, since: start)
    }
}
