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
    private let index: [String: Int]
    /// name → kind, for the per-field lookup of reply conversion (no `Field` copied).
    private let kinds: [String: FieldKind]

    /// A shape.
    public init(_ luaClass: String, doc: String = "", _ fields: [Field]) {
        self.luaClass = luaClass
        self.doc = doc
        self.fields = fields
        var index: [String: Int] = [:]
        var kinds: [String: FieldKind] = [:]
        for (n, f) in fields.enumerated() {
            index[f.name] = n
            kinds[f.name] = f.kind
        }
        self.index = index
        self.kinds = kinds
    }

    /// The declared kind of the field called `name`.
    @inline(__always)
    public func kind(_ name: String) -> FieldKind? { kinds[name] }

    /// The declared field called `name`.
    public func field(_ name: String) -> Field? { index[name].map { fields[$0] } }

    /// This shape with `more` fields after its own.
    public func adding(_ more: [Field]) -> Shape { Shape(luaClass, doc: doc, fields + more) }
}
