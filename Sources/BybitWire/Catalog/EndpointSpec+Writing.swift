extension EndpointSpec {
    /// A request's checked values written for the wire: the query string of a GET or the
    /// JSON body of a POST (decimals as strings, flags as 1 or 0 — or `true`/`false` for
    /// the flags Bybit declares booleans, ``FieldCheck/boolean``), in declaration order,
    /// and the same values as a JSON object for audit lines and error reports.
    public struct Written: Sendable {
        /// The exact bytes that are signed and sent.
        public let payload: [UInt8]
        /// The values as JSON (what `InFlightRequest` and the audit log show).
        public let parameters: JSONValue
    }

    /// Writes `values` (which must have passed ``check(_:)``) for this endpoint.
    public func write(_ values: RequestValues) -> Written {
        var json: [(String, JSONValue)] = []
        json.reserveCapacity(values.entries.count)
        for (name, value) in values.entries {
            if case .flag(let b) = value, isBoolean(name) {
                json.append((name, .bool(b)))
            } else {
                json.append((name, Self.json(value)))
            }
        }
        switch method {
        case .get:
            var query = QueryString()
            for (name, value) in values.entries {
                switch value {
                case .text(let s): query.add(name, s)
                case .integer(let i): query.add(name, Int(i))
                case .decimal(let d): query.add(name, d.description)
                case .flag(let b) where isBoolean(name): query.add(name, b ? "true" : "false")
                case .flag(let b): query.add(name, b ? 1 : 0)
                }
            }
            return Written(payload: query.bytes, parameters: .object(JSONObject(json)))
        case .post:
            var writer = JSONWriter()
            writer.beginObject()
            for (name, value) in values.entries {
                switch value {
                case .text(let s): writer.member(name, s)
                case .integer(let i): writer.member(name, Int(i))
                case .decimal(let d): writer.member(name, d.description)
                case .flag(let b) where isBoolean(name): writer.member(name, b)
                case .flag(let b): writer.member(name, b ? 1 : 0)
                }
            }
            writer.endObject()
            return Written(payload: writer.bytes, parameters: .object(JSONObject(json)))
        }
    }

    /// Whether the field `name` is a flag Bybit declares a JSON boolean.
    func isBoolean(_ name: String) -> Bool {
        acceptedField(name)?.checks.contains { if case .boolean = $0 { true } else { false } } ?? false
    }

    static func json(_ value: WireValue) -> JSONValue {
        switch value {
        case .text(let s): .string(s)
        case .integer(let i): .int(i)
        case .decimal(let d): .string(d.description)
        case .flag(let b): .int(b ? 1 : 0)
        }
    }
}
