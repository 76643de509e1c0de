/// One field of a request or a reply, declared once.
public struct Field: Sendable {
    /// Bybit's name for it (`positionIdx`).
    public let name: String
    /// What it is.
    public let kind: FieldKind
    /// In a request: must be given. In a reply: always present with a value (never `""`).
    public let required: Bool
    /// Checks beyond the kind.
    public let checks: [FieldCheck]
    /// Other spellings a server accepts for it (Bybit's docs example writes
    /// `autoAddmargin`); a client always sends ``name``.
    public let aliases: [String]
    /// One line for the reader of `bybit-lua types`.
    public let doc: String
    /// A LuaLS type that says more than the kind's (`0|1|2` for `positionIdx`).
    public let luaTypeOverride: String?

    /// A field.
    public init(
        _ name: String, _ kind: FieldKind, required: Bool = false, checks: [FieldCheck] = [],
        aliases: [String] = [], lua: String? = nil, doc: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.checks = checks
        self.aliases = aliases
        self.doc = doc
        self.luaTypeOverride = lua
    }

    /// The LuaLS type `bybit-lua types` prints.
    public var luaType: String { luaTypeOverride ?? kind.luaType }
}

/// The fields of one kind of reply object (a position, a ticker), declared once; fields
/// a reply carries beyond these are converted the generic way. A class, so the reply
/// conversion passes one reference down its recursion rather than copying the tables.
public final class Shape: Sendable {
    /// The LuaLS class it is printed as (`bybit.Position`).
    public let luaClass: String
    /// One or two lines for `bybit-lua types`.
    public let doc: String
    /// Its fields, in the order they are printed.
    public let fields: [Field]
    /// Each field's kind, by position in ``fields`` (no `Field` copied per lookup).
    private let kinds: [FieldKind]
    /// An open-addressing table from a name's ``KeyHash`` to its field: `slots` holds the
    /// field's position + 1 (0: empty), `slotHashes` the hash. Reply conversion looks up
    /// every member of every reply here, with the hash the parser already computed.
    private let slots: [Int32]
    private let slotHashes: [UInt64]
    private let mask: Int

    /// A shape.
    public init(_ luaClass: String, doc: String = "", _ fields: [Field]) {
        self.luaClass = luaClass
        self.doc = doc
        self.fields = fields
        self.kinds = fields.map(\.kind)
        var size = 8
        while size < fields.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        var slotHashes = [UInt64](repeating: 0, count: size)
        for (n, f) in fields.enumerated() {
            let h = KeyHash(f.name).value
            var slot = Int(truncatingIfNeeded: h) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(n + 1)
            slotHashes[slot] = h
        }
        self.slots = slots
        self.slotHashes = slotHashes
        self.mask = size - 1
    }

    /// Where the field called `name` (whose hash is `hash`) is in ``fields``.
    @inline(__always)
    private func position(of name: String, hash: KeyHash) -> Int? {
        var slot = Int(truncatingIfNeeded: hash.value) & mask
        while true {
            let f = Int(slots[slot])
            if f == 0 { return nil }
            if slotHashes[slot] == hash.value && fields[f - 1].name == name { return f - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The declared kind of the field called `name`.
    public func kind(_ name: String) -> FieldKind? { position(of: name, hash: KeyHash(name)).map { kinds[$0] } }

    /// The declared kind of `object`'s member at `index`, by the hash the parser kept.
    @inline(__always)
    public func kind(of object: JSONObject, at index: Int) -> FieldKind? {
        position(of: object[index].key, hash: object.keyHash(at: index)).map { kinds[$0] }
    }

    /// The declared field called `name`.
    public func field(_ name: String) -> Field? { position(of: name, hash: KeyHash(name)).map { fields[$0] } }

    /// This shape with `more` fields after its own.
    public func adding(_ more: [Field]) -> Shape { Shape(luaClass, doc: doc, fields + more) }
}
