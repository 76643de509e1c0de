/// One Bybit v5 endpoint, declared once: method, path, what the client's behaviour
/// depends on, its request fields and the shape of its `result`.
///
/// The client writes requests from it (``write(_:)``), the paper exchange reads and
/// checks them with it (``read(_:)``), both through ``check(_:)`` so they accept and
/// refuse the same values with the same message; the Lua layer converts replies by
/// ``result`` and `bybit-lua types` prints both.
public struct EndpointSpec: Sendable {
    /// The HTTP method.
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    /// A rule over several fields.
    public enum Rule: Sendable {
        /// When `field` has the value `equals` (or always, when `equals` is nil), at least
        /// one of `anyOf` must be given.
        case needsOneOf([String], when: String, equals: String?)
        /// At most one of these may be given.
        case atMostOneOf([String])
        /// The decimal `field` is greater than zero, or exactly zero when every one of
        /// `flags` is true: Bybit's close-all, `qty` "0" with `reduceOnly` and
        /// `closeOnTrigger`. A zero without them is refused in Bybit's words.
        case positiveOrZeroWith(String, flags: [String])
    }

    /// `GET` or `POST`.
    public let method: Method
    /// The path, e.g. `/v5/position/add-margin`.
    public let path: String
    /// Whether the request is signed.
    public let isPrivate: Bool
    /// Whether it changes state on the exchange. A mutation that may have reached the
    /// exchange is never re-sent.
    public let isMutation: Bool
    /// The request's fields, in the order they are written.
    public let request: [Field]
    /// Fields Bybit accepts that the client never sends: the paper exchange reads and
    /// checks them with ``request`` (so it accepts what Bybit accepts), while the client's
    /// requests, the Lua argument tables and `bybit-lua types` leave them out.
    public let exchangeOnly: [Field]
    /// Rules over several request fields.
    public let rules: [Rule]
    /// The LuaLS class of the Lua argument table, when a binding takes one.
    public let luaArguments: String?
    /// The `result` object.
    public let result: Shape

    /// An endpoint.
    public init(
        _ method: Method, _ path: String, isPrivate: Bool, isMutation: Bool, request: [Field] = [],
        exchangeOnly: [Field] = [], rules: [Rule] = [], luaArguments: String? = nil, result: Shape
    ) {
        self.method = method
        self.path = path
        self.isPrivate = isPrivate
        self.isMutation = isMutation
        self.request = request
        self.exchangeOnly = exchangeOnly
        self.rules = rules
        self.luaArguments = luaArguments
        self.result = result
    }

    /// The request field called `name` (one the client sends).
    public func field(_ name: String) -> Field? { request.first { $0.name == name } }

    /// Every field a request may carry: ``request``, then ``exchangeOnly``.
    public var accepted: [Field] { request + exchangeOnly }

    /// The field called `name` among those a request may carry.
    public func acceptedField(_ name: String) -> Field? {
        field(name) ?? exchangeOnly.first { $0.name == name }
    }
}

/// A request field's value, typed by its ``FieldKind``.
public enum WireValue: Sendable, Equatable {
    case decimal(ExactDecimal)
    case integer(Int64)
    case text(String)
    case flag(Bool)
}

/// The values of one request, by field name, in the order they were set.
public struct RequestValues: Sendable, Equatable {
    /// The values in order.
    public private(set) var entries: [(name: String, value: WireValue)] = []

    /// No values.
    public init() {}

    /// The value of `name`; setting nil removes it.
    public subscript(name: String) -> WireValue? {
        get { entries.first { $0.name == name }?.value }
        set {
            let i = entries.firstIndex { $0.name == name }
            switch (i, newValue) {
            case (let i?, let v?): entries[i].value = v
            case (let i?, nil): entries.remove(at: i)
            case (nil, let v?): entries.append((name, v))
            case (nil, nil): break
            }
        }
    }

    /// The text of a text-like field.
    public func text(_ name: String) -> String? {
        if case .text(let s)? = self[name] { return s }
        return nil
    }

    /// A decimal field.
    public func decimal(_ name: String) -> ExactDecimal? {
        if case .decimal(let d)? = self[name] { return d }
        return nil
    }

    /// An integer field.
    public func integer(_ name: String) -> Int64? {
        if case .integer(let i)? = self[name] { return i }
        return nil
    }

    /// A flag field.
    public func flag(_ name: String) -> Bool? {
        if case .flag(let b)? = self[name] { return b }
        return nil
    }

    public static func == (a: RequestValues, b: RequestValues) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Why a request's values were refused: one sentence naming the field and what is
/// allowed. The client raises it as `validation`, the paper exchange answers it as 10001.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field concerned, when one is.
    public let field: String?
    /// The sentence.
    public let message: String

    init(_ field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
