import Testing

@testable import BybitWire

/// `JSONObject` finds keys by a scan of their hashes below ``JSONObject/indexedFrom``
/// members and by a dictionary from there on: both must agree with a plain dictionary,
/// keep the order, and refuse duplicates on either side of the threshold.
@Suite struct JSONObjectTests {
    /// Random inserts, replacements and removals, compared step by step with a model.
    @Test(arguments: [5, 47, 48, 49, 300])
    func agreesWithADictionaryAcrossTheIndexThreshold(_ size: Int) {
        var rng = SplitMix(seed: UInt64(size))
        var object = JSONObject()
        var model: [String: Int64] = [:]
        var order: [String] = []
        for step in 0..<(size * 4) {
            let key = "k\(rng.next() % UInt64(size))"
            if rng.next() % 5 == 0 {
                #expect(object.removeValue(forKey: key)?.intValue == model.removeValue(forKey: key))
                order.removeAll { $0 == key }
            } else {
                let old = object.updateValue(.int(Int64(step)), forKey: key)
                #expect(old?.intValue == model[key])
                if model[key] == nil { order.append(key) }
                model[key] = Int64(step)
            }
            #expect(object.count == model.count)
        }
        #expect(object.keys == order)
        for (key, value) in model { #expect(object[key] == .int(value)) }
        #expect(object["absent"] == nil)
        for n in object.indices { #expect(object.keyHash(at: n) == KeyHash(object[n].key)) }
    }

    /// A duplicate is found whether it comes before or after the dictionary takes over.
    @Test(arguments: [3, 47, 48, 60, 1000])
    func theParserRejectsADuplicateAtAnyPosition(_ members: Int) throws {
        var text = "{"
        for n in 0..<members { text += "\"f\(n)\":\(n)," }
        text += "\"f\(members - 1)\":0}"
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: text, options: .requests) }
        let object = try JSONValue(parsing: text, options: .replies)  // replies: the last wins
        #expect(object["f\(members - 1)"] == .int(0))
        #expect(object["f0"] == .int(0))
    }

    /// Keys that differ only late, or only in their bytes (`"é"` precomposed or not), are
    /// different keys — the same answer with few members (hash scan) and many (dictionary).
    @Test(arguments: [0, 60])
    func keysAreEqualByTheirBytes(_ padding: Int) {
        var object = JSONObject()
        for n in 0..<padding { object.updateValue(.null, forKey: "pad\(n)") }
        let keys = ["positionIM", "positionMM", "positionIMByMp", "\u{e9}", "e\u{301}", "", " "]
        for (n, k) in keys.enumerated() { object.updateValue(.int(Int64(n)), forKey: k) }
        for (n, k) in keys.enumerated() { #expect(object[k] == .int(Int64(n))) }
        #expect(object.count == padding + keys.count)
    }
}

/// A small deterministic generator (the test must not depend on the system's).
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    fileprivate var intValue: Int64? { if case .int(let i) = self { i } else { nil } }
}
