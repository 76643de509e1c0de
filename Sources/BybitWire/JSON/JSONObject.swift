/// The members of a JSON object: in the order received or given, keys unique, looked up
/// by key in constant time.
///
/// Order matters on the paper exchange's side (its replies list fields in the order of
/// Bybit's documentation); lookup by key matters on the client's side (typed models read
/// a position's forty fields by name).
public struct JSONObject: Sendable, RandomAccessCollection {
    /// One member.
    public typealias Element = (key: String, value: JSONValue)

    private var entries: [Element] = []
    private var positions: [String: Int] = [:]

    /// An empty object.
    public init() {}

    /// The members of a dictionary, in key order.
    public init(_ members: [String: JSONValue]) {
        for key in members.keys.sorted() { updateValue(members[key]!, forKey: key) }
    }

    /// Members in the order given; a repeated key keeps the last value at its first place.
    public init(_ members: [(String, JSONValue)]) {
        entries.reserveCapacity(members.count)
        for (key, value) in members { updateValue(value, forKey: key) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(position: Int) -> Element { entries[position] }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// Sets `key` (appended if new, replaced in place if present); the old value, if any.
    @discardableResult
    mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let at = positions[key] {
            let old = entries[at].value
            entries[at].value = value
            return old
        }
        positions[key] = entries.count
        entries.append((key, value))
        return nil
    }

    /// Removes `key`; the removed value, if any.
    @discardableResult
    mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let at = positions.removeValue(forKey: key) else { return nil }
        let old = entries.remove(at: at).value
        for k in at..<entries.count { positions[entries[k].key] = k }
        return old
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    /// `["a": 1, "b": 2]`: members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
    /// `[("a", 1), ("b", 2)]`: members in the order written.
    public init(arrayLiteral elements: (String, JSONValue)...) { self.init(elements) }
}

extension JSONObject: Hashable {
    /// The same members with the same values, whatever their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with ==.
        var sum = 0
        for (key, value) in entries {
            var h = Hasher()
            h.combine(key)
            h.combine(value)
            sum &+= h.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(sum)
    }
}
