import Testing

@testable import BybitWire

/// The envelope and the query string, written by one side and read by the other.
@Suite struct EnvelopeAndQueryStringTests {
    func read(_ text: String) throws(EnvelopeFailure) -> Envelope {
        // withUnsafeBytes rethrows untyped: carry the typed error out in a Result.
        try Array(text.utf8).withUnsafeBytes { raw in Result { () throws(EnvelopeFailure) in try Envelope.parse(raw) } }
            .get()
    }

    @Test func whatTheExchangeWritesTheClientReads() throws {
        let ok = Envelope.success(.object([("list", .array([])), ("category", "linear")]), timeMs: 1_700_000_000_123)
        #expect(
            ok.serialized
                == #"{"retCode":0,"retMsg":"OK","result":{"list":[],"category":"linear"},"retExtInfo":{},"time":1700000000123}"#
        )
        let read = try read(ok.serialized)
        #expect(read.retCode == 0 && read.retMsg == "OK" && read.time == 1_700_000_000_123)
        #expect(read.result["category"] == "linear")
        let refused = Envelope.failure(retCode: 10001, retMsg: "missing required parameter 'symbol'", timeMs: 5)
        #expect(
            refused.serialized
                == #"{"retCode":10001,"retMsg":"missing required parameter 'symbol'","result":{},"retExtInfo":{},"time":5}"#
        )
        #expect(try self.read(refused.serialized).retMsg == "missing required parameter 'symbol'")
    }

    @Test func theOlderSpellingsAndBrokenBodiesAreRead() throws {
        let old = try read(#"{"ret_code":10006,"ret_msg":"Too many visits!"}"#)
        #expect(old.retCode == 10006 && old.retMsg == "Too many visits!" && old.result == .null && old.time == nil)
        #expect(throws: EnvelopeFailure.self) { try read("<html>") }
        do { _ = try read(#"{"retCode":"0"}"#) } catch { #expect(error.reason == "the reply has no integer retCode") }
    }

    @Test func aBuiltQueryDecodesToWhatWasAdded() throws {
        var q = QueryString()
        q.add("category", "linear")
        q.add("cursor", "BTCUSDT%3A1657711949945")
        q.add("note", "a b&c=d é")
        q.add("limit", 50)
        q.add("absent", nil as String?)
        let text = String(decoding: q.bytes, as: UTF8.self)
        #expect(text == "category=linear&cursor=BTCUSDT%3A1657711949945&note=a%20b%26c%3Dd%20%C3%A9&limit=50")
        #expect(
            try QueryString.decode(Substring(text)) == [
                "category": "linear", "cursor": "BTCUSDT:1657711949945", "note": "a b&c=d é", "limit": "50",
            ])
    }

    @Test func aMalformedQueryNamesTheParameter() {
        #expect(throws: QueryString.Failure(message: "duplicated query parameter 'a'")) {
            try QueryString.decode("a=1&a=2")
        }
        #expect(throws: QueryString.Failure(message: "malformed percent-encoding in query parameter 'a'")) {
            try QueryString.decode("a=%zz")
        }
        #expect(throws: QueryString.Failure(message: "malformed query parameter '=1'")) { try QueryString.decode("=1") }
    }
}
