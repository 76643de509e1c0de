/// One object of a file the paper exchange reads — a scenario, an account in its state
/// file — read with BybitWire's ``FieldReader`` under the ``FieldReader/Convention/files``
/// convention, its errors worded as ``ScenarioError``s that name the field by its path
/// (`accounts[0].positions[1].size must be a decimal`).
struct FileFields {
    let fields: FieldReader
    /// Where the object is in its file (`accounts[0]`).
    let path: String

    /// The object at `path`, refusing members not in `known` so that a typo cannot leave
    /// a setting at its default.
    init(_ value: JSONNode, at path: String, known: Set<String>) throws(ScenarioError) {
        try self.init(value, at: path)
        if let unknown = fields.unknownKeys(known).first {
            throw ScenarioError(
                "\(path): unknown field '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The object at `path`, whatever its members (a wallet, a price step, a stored account).
    init(_ value: JSONNode, at path: String) throws(ScenarioError) {
        guard let fields = FieldReader(value, convention: .files) else {
            throw ScenarioError("\(path) must be an object")
        }
        self.fields = fields
        self.path = path
    }

    /// A string field (any string, `""` too).
    func string(_ key: String) throws(ScenarioError) -> String? { try read(key, FieldReader.string) }
    /// A string field that must be present and non-empty.
    func requiredString(_ key: String) throws(ScenarioError) -> String { try read(key, FieldReader.nonEmptyString) }
    /// A JSON integer.
    func integer(_ key: String) throws(ScenarioError) -> Int64? { try read(key, FieldReader.integer) }
    /// `true`/`false` or 0/1.
    func bool(_ key: String) throws(ScenarioError) -> Bool? { try read(key, FieldReader.bool) }
    /// A decimal as a string or a JSON number.
    func decimal(_ key: String) throws(ScenarioError) -> ExactDecimal? { try read(key, FieldReader.decimal) }
    /// A decimal that must be present.
    func requiredDecimal(_ key: String) throws(ScenarioError) -> ExactDecimal {
        try read(key, FieldReader.requiredDecimal)
    }
    /// An array; absent reads as empty.
    func array(_ key: String) throws(ScenarioError) -> [JSONNode] { try read(key, FieldReader.array) }
    /// An array of strings; absent reads as empty.
    func strings(_ key: String) throws(ScenarioError) -> [String] { try read(key, FieldReader.strings) }

    /// One of ``FieldReader``'s reads, naming the field by its path if it fails.
    private func read<T>(_ key: String, _ reader: (FieldReader) -> (String) throws(FieldError) -> T)
        throws(ScenarioError) -> T
    {
        do { return try reader(fields)(key) } catch { throw ScenarioError("\(path).\(error)") }
    }

    /// An object field, read the same way; `nil` when absent.
    func object(_ key: String) throws(ScenarioError) -> FileFields? {
        try fields.value(key).map { v throws(ScenarioError) in try FileFields(v, at: "\(path).\(key)") }
    }

    /// Whether the field is present (not absent, not `null`).
    func has(_ key: String) -> Bool { fields.value(key) != nil }

    /// The member names, in order.
    var keys: [String] { fields.members.keys }
}
