import NIOCore
import NIOHTTP1
import PropertyBased
import Testing

@testable import BybitAPI

/// The client's reply path against hostile bytes: the JSON parser, the envelope, the
/// retry verdict and the typed models. Every input ends in a value or an error, never a
/// crash or a hang, and a mutation whose reply cannot be read is never called "not sent".
@Suite struct ReplyHostileTests {
    static let mutatedReply = Generator<(Int, [UInt8]), Shrink.None<(Int, [UInt8])>> { rng in
        let seed = Int.random(in: 0..<BybitReplies.seeds.count, using: &rng)
        return (seed, Mutator.mutate(Array(BybitReplies.seeds[seed].1.utf8), using: &rng))
    }

    @Test func seedsDecode() throws {
        for (endpoint, body) in BybitReplies.seeds {
            let envelope = try Envelope.parse(ByteBuffer(string: body))
            if envelope.retCode == 0 {
                try BybitReplies.decode(envelope.result, envelopeTime: envelope.time, for: endpoint)
            }
        }
    }

    @Test func mutatedBybitRepliesFailCleanly() async {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(20_000), input: Self.mutatedReply) { seed, bytes in
            tried += 1
            #expect(Oracle.reply(bytes, endpoint: BybitReplies.seeds[seed].0) == nil)
        }
        Budget.report("reply.decode(mutated Bybit replies)", tried, since: start)
    }

    @Test func randomBytesFailCleanly() async {
        let start = ContinuousClock.now
        var tried = 0
        let bytes = Gen.uint8().array(of: 0...64)
        await propertyCheck(count: Budget.count(20_000), input: bytes, Gen.int(in: 0..<BybitReplies.seeds.count)) {
            bytes, seed in
            tried += 1
            #expect(Oracle.reply(bytes, endpoint: BybitReplies.seeds[seed].0) == nil)
        }
        Budget.report("reply.decode(random bytes)", tried, since: start)
    }

    /// Deep nesting, huge numbers and strings, invalid UTF-8: each answered quickly.
    @Test func pathologicalDocuments() throws {
        let start = ContinuousClock.now
        let deep = 200_000
        let documents: [(String, [UInt8])] = [
            ("deep array", Array(repeating: UInt8(ascii: "["), count: deep)),
            ("deep object", Array(String(repeating: #"{"a":"#, count: deep / 5).utf8)),
            ("deep mixed", Array(String(repeating: #"[{"result":"#, count: deep / 11).utf8)),
            ("huge integer", Array((#"{"retCode":"# + String(repeating: "9", count: deep) + "}").utf8)),
            ("huge exponent", Array(#"{"retCode":0,"result":{"symbol":"X","size":1e99999999999999999999}}"#.utf8)),
            (
                "huge fraction",
                Array(
                    (#"{"retCode":0,"result":{"symbol":"X","size":0."# + String(repeating: "1", count: deep) + "}}")
                        .utf8)
            ),
            (
                "huge string",
                Array((#"{"retCode":0,"retMsg":""# + String(repeating: "\\u00e9", count: deep / 6) + #""}"#).utf8)
            ),
            (
                "invalid UTF-8",
                Array(#"{"retCode":0,"retMsg":""#.utf8) + [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80]
                    + Array(#"","result":{}}"#.utf8)
            ),
            ("lone surrogate", Array(#"{"retCode":0,"retMsg":"\ud800"}"#.utf8)),
            ("NUL bytes", Array(#"{"retCode":0,"retMsg":"a\u0000b","result":{"symbol":"\u0000"}}"#.utf8) + [0]),
        ]
        for (name, bytes) in documents {
            for (endpoint, _) in BybitReplies.seeds {
                #expect(Oracle.reply(bytes, endpoint: endpoint) == nil, "\(name)")
            }
        }
        // Nesting just inside the cap parses, prints and compares; one more level is refused.
        let inside =
            Array(repeating: UInt8(ascii: "["), count: JSONValue.ParseOptions.replies.maxDepth)
            + Array(repeating: UInt8(ascii: "]"), count: JSONValue.ParseOptions.replies.maxDepth)
        #expect(Oracle.jsonRoundTrip(inside) == nil && (try? JSONValue(parsing: inside)) != nil)
        #expect(throws: JSONValue.ParseError.self) {
            try JSONValue(parsing: [UInt8(ascii: "[")] + inside + [UInt8(ascii: "]")])
        }
        Budget.report("reply.decode(pathological documents)", documents.count * BybitReplies.seeds.count, since: start)
    }
}
