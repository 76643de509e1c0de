/// The members of a JSON object: in the order received or given, keys unique, looked up
/// by key.
///
/// Order matters on the paper exchange's side (its replies list fields in the order of
/// Bybit's documentation); lookup by key matters on the client's side (typed models read
/// a position's forty fields by name).
///
/// Each key's ``KeyHash`` is kept beside it. Up to ``indexedFrom`` members a lookup scans
/// those hashes (one integer compare per member, then one string compare), which costs
/// far less than hashing the key for a dictionary: a Bybit object has 5 to 50 members
/// and a reply is parsed once per call. Past that a dictionary is built, so a hostile
/// object with a million keys still parses in linear time.
///
/// Keys are equal when their UTF-8 bytes are (as in JSON itself and most parsers), not
/// when Swift's `String` would call them canonically equivalent: `"é"` and `"e\u{301}"`
/// are two keys, below the threshold and above it.
public struct JSONObject: Sendable, RandomAccessCollection {
    /// One member.
    public typealias Element = (key: String, value: JSONValue)

    /// From this many members on, lookups go through a dictionary.
    static let indexedFrom = 48

    private var entries: [Element] = []
    private var hashes: [KeyHash] = []
    private var positions: [ByteKey: Int]?

    /// An empty object.
    public init() {}

    /// The members of a dictionary, in key order.
    public init(_ members: [String: JSONValue]) {
        for key in members.keys.sorted() { updateValue(members[key]!, forKey: key) }
    }

    /// Members in the order given; a repeated key keeps the last value at its first place.
    public init(_ members: [(String, JSONValue)]) {
        entries.reserveCapacity(members.count)
        hashes.reserveCapacity(members.count)
        for (key, value) in members { updateValue(value, forKey: key) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(position: Int) -> Element { entries[position] }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// Replaces the value at `position`, keeping its key (no hashing, no lookup): for an
    /// object rendered many times with the same keys, built once and copied (the keys and
    /// their hashes stay shared; only the values are written).
    public mutating func setValue(_ value: JSONValue, at position: Int) {
        entries[position].value = value
    }

    /// The positions whose value differs from `previous`'s value at the same position;
    /// nil when the two do not have the same keys in the same order.
    public func changedPositions(since previous: JSONObject) -> [Int]? {
        // One buffer of hashes shared by copies of one object compares at once.
        guard entries.count == previous.entries.count, hashes == previous.hashes else { return nil }
        var changed: [Int] = []
        for n in entries.indices {
            guard entries[n].key == previous.entries[n].key else { return nil }
            if entries[n].value != previous.entries[n].value { changed.append(n) }
        }
        return changed
    }

    /// The hash of the key at `position` (for a ``Shape`` lookup that does not hash again).
    public func keyHash(at position: Int) -> KeyHash { hashes[position] }

    /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { index(of: key, hash: KeyHash(key)).map { entries[$0].value } }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// Where `key` is, if present.
    private func index(of key: String, hash: KeyHash) -> Int? {
        if let positions { return positions[ByteKey(key, hash)] }
        var n = 0
        for h in hashes {
            if h == hash && entries[n].key == key { return n }
            n += 1
        }
        return nil
    }

    /// Sets `key` (appended if new, replaced in place if present); the old value, if any.
    @discardableResult
    mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        let hash = KeyHash(key)
        if let at = index(of: key, hash: hash) {
            let old = entries[at].value
            entries[at].value = value
            return old
        }
        append(key, value, hash: hash)
        return nil
    }

    /// Appends `key` unless it is present (then nothing changes): false for a duplicate.
    /// The parser's one lookup per member.
    mutating func appendIfAbsent(_ value: JSONValue, forKey key: String) -> Bool {
        let hash = KeyHash(key)
        guard index(of: key, hash: hash) == nil else { return false }
        append(key, value, hash: hash)
        return true
    }

    private mutating func append(_ key: String, _ value: JSONValue, hash: KeyHash) {
        positions?[ByteKey(key, hash)] = entries.count
        entries.append((key, value))
        hashes.append(hash)
        if positions == nil, entries.count >= Self.indexedFrom { reindex() }
    }

    private mutating func reindex() {
        var index: [ByteKey: Int] = [:]
        index.reserveCapacity(entries.count * 2)
        for (n, e) in entries.enumerated() { index[ByteKey(e.key, hashes[n])] = n }
        positions = index
    }

    /// Removes `key`; the removed value, if any.
    @discardableResult
    mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let at = index(of: key, hash: KeyHash(key)) else { return nil }
        let old = entries.remove(at: at).value
        hashes.remove(at: at)
        if positions != nil { reindex() }
        return old
    }
}

/// A key in the dictionary of a large object: equal by bytes, hashed by the dictionary's
/// seeded hasher over the bytes (not by the FNV hash, whose collisions can be chosen).
private struct ByteKey: Hashable {
    let key: String
    let fnv: KeyHash

    init(_ key: String, _ fnv: KeyHash) {
        self.key = key
        self.fnv = fnv
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.fnv == b.fnv && a.key.utf8.elementsEqual(b.key.utf8) }

    func hash(into hasher: inout Hasher) {
        var key = key
        key.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
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
