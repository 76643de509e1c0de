import NIOCore
import NIOHTTP1

@testable import BybitAPI

/// The checks shared by the property tests (HostileInputTests) and the libFuzzer
/// harness (Sources/FuzzHostile, built by scripts/fuzz): each returns nil when the input
/// was handled correctly, else what went wrong. A crash or a hang is a finding too.
enum Oracle {
    /// The parser's outcome for `bytes`, in the model's terms.
    static func parsed(_ bytes: [UInt8]) -> DecimalTextModel.Outcome {
        // withUnsafeBytes rethrows untyped: carry the typed error out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecimalError) in try ExactDecimal(parsingUTF8: raw) }
        }
        switch result {
        case .success(let value): return .value(value.description)
        case .failure(let error):
            switch error.code {
            case .invalidSyntax: return .invalidSyntax
            case .tooManyDigits: return .tooManyDigits
            case .scaleTooLarge: return .scaleTooLarge
            default: return .value("unexpected error \(error)")
            }
        }
    }

    /// Parsing agrees with the model, and a parsed value's text parses back to itself.
    static func decimal(_ bytes: [UInt8]) -> String? {
        let (actual, expected) = (parsed(bytes), DecimalTextModel.outcome(bytes))
        guard actual == expected else { return "parse \(bytes): \(actual), model says \(expected)" }
        guard case .value(let text) = actual else { return nil }
        guard let again = try? ExactDecimal(parsing: text), again.description == text else {
            return "\(text) does not round-trip"
        }
        return nil
    }

    /// The wire's one JSON parser under both option sets: what requests accept, replies
    /// accept as the same tree; requests refuse more only for a duplicated key, invalid
    /// UTF-8 or depth; and every accepted tree prints, in its own order, as text that
    /// parses back to the same text.
    static func json(_ bytes: [UInt8]) -> String? {
        let reply = Result { () throws(JSONValue.ParseError) in try JSONValue(parsing: bytes, options: .replies) }
        let request = Result { () throws(JSONValue.ParseError) in try JSONValue(parsing: bytes, options: .requests) }
        switch (request, reply) {
        case (.success(let a), .success(let b)):
            guard a == b, a.serialized == b.serialized else {
                return "requests read \(a.serialized), replies \(b.serialized)"
            }
        case (.success(let a), .failure(let e)): return "requests accept \(a.serialized), replies refuse: \(e)"
        case (.failure(let e), .success):
            let allowed = ["duplicate key", "string is not valid UTF-8", "JSON nested too deeply"]
            guard allowed.contains(where: e.reason.hasPrefix) else { return "only requests refuse: \(e)" }
        case (.failure, .failure): break
        }
        for (options, result) in [(JSONValue.ParseOptions.replies, reply), (.requests, request)] {
            guard case .success(let value) = result else { continue }
            let text = value.serialized
            guard let again = try? JSONValue(parsing: text, options: options), again.serialized == text else {
                return "\(text) does not round-trip"
            }
        }
        return jsonRoundTrip(bytes)
    }

    /// A parsed JSON document prints as JSON that parses back to the same tree.
    static func jsonRoundTrip(_ bytes: [UInt8]) -> String? {
        guard let value = try? JSONValue(parsing: bytes) else { return nil }
        return (try? JSONValue(parsing: value.description)) == value ? nil : "\(value) does not round-trip"
    }

    /// Runs one body through everything the client does with a 200 reply to `endpoint`.
    static func reply(_ body: [UInt8], endpoint: EndpointSpec) -> String? {
        let reply = RawResponse(status: 200, headers: HTTPHeaders(), body: ByteBuffer(bytes: body))
        switch ReplyVerdict.classify(reply, endpoint: endpoint) {
        case .success(let envelope):
            do {
                try BybitReplies.decode(envelope.result, envelopeTime: envelope.time, for: endpoint)
            } catch {
                return error.kind == "decoding" ? nil : "decoding failed as \(error.kind): \(error)"
            }
        case .failure(let error):
            // An unreadable reply to a mutation must be "may have executed", never a plain
            // failure a script could answer by sending it again.
            if endpoint.isMutation && error.kind != "api" { return "\(endpoint.path): \(error.kind) \(error)" }
        case .mayHaveExecuted, .clockSkew, .rateLimited, .ipBan:
            break
        }
        return jsonRoundTrip(body)
    }
}
