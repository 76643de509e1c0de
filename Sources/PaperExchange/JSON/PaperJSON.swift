// The exchange's API and its tests speak the wire's types (JSON, envelopes, query strings).
@_exported import BybitWire

/// The paper exchange's name for the wire's JSON tree.
typealias JSONNode = JSONValue

/// How the paper exchange reads JSON it is sent (request bodies, scenarios, fault
/// plans, its state file): strictly, with ``JSONValue/ParseOptions/requests``.
enum JSONParser {
    typealias Failure = JSONValue.ParseError

    /// Parses one complete document; a duplicated key, invalid UTF-8 or nesting deeper
    /// than 32 is refused like any other malformed document.
    static func parse(_ bytes: some Collection<UInt8>) throws(Failure) -> JSONNode {
        try JSONValue(parsing: bytes, options: .requests)
    }
}
