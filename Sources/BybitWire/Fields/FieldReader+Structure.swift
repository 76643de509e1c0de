extension FieldReader {
    /// An array of strings (a list of symbols, of paths); absent or `null` reads as empty.
    public func strings(_ key: String) throws(FieldError) -> [String] {
        var result: [String] = []
        for item in try array(key) {
            guard case .string(let s) = item else {
                throw FieldError(key: key, problem: .wrongType, expected: "an array of strings", found: members[key])
            }
            result.append(s)
        }
        return result
    }

    /// The members whose names are not in `known`, in order: for formats that refuse an
    /// unknown field so that a typo cannot silently leave a setting at its default.
    public func unknownKeys(_ known: Set<String>) -> [String] {
        members.keys.filter { !known.contains($0) }
    }
}
