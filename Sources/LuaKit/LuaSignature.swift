/// What a registered function looks like to Lua users: the source for LuaLS
/// `---@meta` definitions. Registration tables carry one next to each function, so
/// `bybit-lua types` is generated from exactly what is registered and cannot drift.
public struct LuaSignature: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public let name: String
        /// A LuaLS type expression: `string`, `Decimal|string|integer`, `{symbol: string}`.
        public let type: String
        public let doc: String

        public init(_ name: String, _ type: String, _ doc: String = "") {
            self.name = name
            self.type = type
            self.doc = doc
        }
    }

    public let doc: String
    public let parameters: [Parameter]
    /// LuaLS return types, one per result.
    public let returns: [String]

    public init(_ doc: String, parameters: [Parameter] = [], returns: [String] = []) {
        self.doc = doc
        self.parameters = parameters
        self.returns = returns
    }

    /// The LuaLS annotation block and stub for `qualifiedName` (`bybit.position`,
    /// `add_margin`, or `Decimal:round` for methods).
    public func definition(_ qualifiedName: String) -> String {
        var out = ""
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) { out += "---\(line)\n" }
        for p in parameters {
            out += "---@param \(p.name) \(p.type)\(p.doc.isEmpty ? "" : " \(p.doc)")\n"
        }
        for r in returns { out += "---@return \(r)\n" }
        let args = parameters.map { $0.name.hasSuffix("?") ? String($0.name.dropLast()) : $0.name }
        out += "function \(qualifiedName)(\(args.joined(separator: ", "))) end\n"
        return out
    }
}

/// A function to register together with its signature.
public struct LuaNative {
    public let name: String
    public let function: LuaFunction
    public let signature: LuaSignature

    public init(_ name: String, _ signature: LuaSignature, _ function: LuaFunction) {
        self.name = name
        self.function = function
        self.signature = signature
    }
}
