import BybitWire
import Crypto
import Foundation
import _CryptoExtras

/// The private stream's login, signed where the secret lives.
///
/// Bybit authenticates `/v5/private` with `{"op":"auth","args":[apiKey, expires, signature]}`
/// where `signature` signs `"GET/realtime" + expires` (HMAC-SHA256 lowercase hex, or
/// RSA-SHA256 base64 for a self-generated key). The frame is built here so the secret
/// never leaves the signer; the frame is sent and dropped, never logged.
extension Signer {
    /// The auth signature for `expires` (ms).
    func realtimeSignature(expires: Int64) throws -> String {
        let message = Array(("GET/realtime" + String(expires)).utf8)
        switch key {
        case .hmac(let secret):
            var mac = secret.keyed
            mac.update(data: message)
            return Self.lowercaseHex(mac.finalize())
        case .rsa(let privateKey):
            return try privateKey.signature(for: message, padding: .insecurePKCS1v1_5).rawRepresentation
                .base64EncodedString()
        }
    }
}

extension BybitClient {
    /// The text of the private stream's auth frame, `expires` being the exchange's time as
    /// this client estimates it (local clock plus the offset REST measured) plus `validForMs`.
    /// Send it and drop it: it holds a signature (never log it or put it in an error).
    ///
    /// - Throws: `validation` when the client has no credentials or the signer cannot sign.
    public func streamAuthFrame(validForMs: Int64, requestID: String = "auth") throws(BybitError) -> String {
        guard let signer else {
            throw .validation("private streams need API credentials; none are configured", endpoint: "/v5/private")
        }
        let expires = exchangeNow() + validForMs
        let signature: String
        do { signature = try signer.realtimeSignature(expires: expires) } catch {
            throw .validation("the RSA key could not sign the stream login", endpoint: "/v5/private")
        }
        var out: [UInt8] = []
        out.append(contentsOf: #"{"req_id":"#.utf8)
        JSONWriter.appendString(requestID, to: &out)
        out.append(contentsOf: #","op":"auth","args":["#.utf8)
        JSONWriter.appendString(signer.apiKey, to: &out)
        out.append(contentsOf: ",\(expires),".utf8)
        JSONWriter.appendString(signature, to: &out)
        out.append(contentsOf: "]}".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the client has credentials (private streams need them).
    public var hasCredentials: Bool { signer != nil }
}
