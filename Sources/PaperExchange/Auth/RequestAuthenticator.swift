import BybitAPI
import Crypto
import HTTPTypes
import _CryptoExtras

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks a private request the way Bybit's gateway does, in the same order:
/// required headers (10001), timestamp and recv_window syntax (10001), the time window
/// (10002), the key (10003), then the signature over the raw bytes received (10004).
///
/// `X-BAPI-SIGN-TYPE` is ignored: pybit sends `2` for HMAC and RSA alike, ccxt sends
/// nothing, and the live server accepts both.
struct RequestAuthenticator: Sendable {
    /// Bybit's default when `X-BAPI-RECV-WINDOW` is absent.
    static let defaultRecvWindow: Int64 = 5000
    /// How far ahead of the server a timestamp may be.
    static let allowedAheadMs: Int64 = 1000
    /// The longest payload echoed back in a 10004 message.
    static let maxEchoedPayload = 2048

    /// Returns the API key of a correctly signed request, or the error Bybit would give.
    /// - Parameters:
    ///   - headers: the request headers as received.
    ///   - payload: the raw query string (GET) or the raw body (POST).
    ///   - serverNowMs: the server's clock, skew included.
    ///   - lookup: finds the credential for a key.
    static func authenticate(
        headers: HTTPFields, payload: [UInt8], serverNowMs: Int64,
        lookup: (String) -> APICredential?
    ) throws(PaperAPIError) -> String {
        let apiKey = headers[HeaderName.apiKey] ?? ""
        let rawTimestamp = headers[HeaderName.timestamp] ?? ""
        let signature = headers[HeaderName.sign] ?? ""
        let rawRecvWindow = headers[HeaderName.recvWindow] ?? ""
        if apiKey.isEmpty {
            throw PaperAPIError(
                RetCode.paramsError, "empty value: apiTimestamp[\(rawTimestamp)] apiKey[] apiSignature[\(signature)]")
        }
        if rawTimestamp.isEmpty {
            throw PaperAPIError(RetCode.paramsError, "empty value: apiTimestamp[] apiKey[\(apiKey)]")
        }
        if signature.isEmpty {
            throw PaperAPIError(
                RetCode.paramsError, "empty value: apiTimestamp[\(rawTimestamp)] apiKey[\(apiKey)] apiSignature[]")
        }
        guard let timestamp = Int64(rawTimestamp) else {
            throw PaperAPIError(RetCode.paramsError, "openapi params error! req_timestamp invalid")
        }
        var recvWindow = defaultRecvWindow
        if !rawRecvWindow.isEmpty {
            guard let parsed = Int64(rawRecvWindow) else {
                throw PaperAPIError(RetCode.paramsError, "openapi params error! recv_window invalid")
            }
            recvWindow = parsed
        }
        // server − recvWindow ≤ ts < server + 1000 (reference §1.3)
        if timestamp >= serverNowMs + allowedAheadMs || timestamp < serverNowMs - recvWindow {
            throw PaperAPIError(
                RetCode.timestampWindow,
                "invalid request, please check your server timestamp or recv_window param. "
                    + "req_timestamp[\(timestamp)],server_timestamp[\(serverNowMs)],recv_window[\(recvWindow)]")
        }
        guard let credential = lookup(apiKey) else { throw PaperAPIError.invalidAPIKey }
        let verified = verify(
            credential: credential, signature: signature, rawTimestamp: rawTimestamp,
            rawRecvWindow: rawRecvWindow, payload: payload)
        guard verified else {
            let echoed = String(decoding: payload.prefix(maxEchoedPayload), as: UTF8.self)
            throw PaperAPIError(
                RetCode.badSignature,
                "Error sign, please check your signature generation algorithm: origin_string[***\(echoed)]")
        }
        return apiKey
    }

    /// The signed bytes are the header texts exactly as received, then the payload.
    static func verify(
        credential: APICredential, signature: String, rawTimestamp: String, rawRecvWindow: String, payload: [UInt8]
    ) -> Bool {
        switch credential.verification {
        case .hmac(let secret):
            let expected = expectedHMAC(
                apiKey: credential.apiKey, secret: secret, rawTimestamp: rawTimestamp,
                rawRecvWindow: rawRecvWindow, payload: payload)
            return constantTimeEqual(Array(expected.utf8), Array(signature.utf8))
        case .rsa(let publicKey):
            guard let raw = Data(base64Encoded: signature) else { return false }
            var message = Array(rawTimestamp.utf8)
            message += Array(credential.apiKey.utf8) + Array(rawRecvWindow.utf8) + payload
            return publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: raw), for: message, padding: .insecurePKCS1v1_5)
        }
    }

    /// The client's own `Signer` when the header texts are canonical integers (the usual
    /// case), so both sides share one definition of the preimage; otherwise (`"05000"`, or
    /// no recv-window header) the raw texts are hashed directly, as the gateway does.
    static func expectedHMAC(
        apiKey: String, secret: String, rawTimestamp: String, rawRecvWindow: String, payload: [UInt8]
    ) -> String {
        if let ts = Int64(rawTimestamp), String(ts) == rawTimestamp,
            let rw = Int(rawRecvWindow), String(rw) == rawRecvWindow,
            let sig = try? Signer(apiKey: apiKey, hmacSecret: secret).signature(
                timestamp: ts, recvWindow: rw, payload: payload)
        {
            return sig
        }
        var message = Array(rawTimestamp.utf8)
        message += Array(apiKey.utf8) + Array(rawRecvWindow.utf8) + payload
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}

/// The Bybit header names, as `HTTPField.Name`s.
enum HeaderName {
    static let apiKey = HTTPField.Name("X-BAPI-API-KEY")!
    static let timestamp = HTTPField.Name("X-BAPI-TIMESTAMP")!
    static let sign = HTTPField.Name("X-BAPI-SIGN")!
    static let recvWindow = HTTPField.Name("X-BAPI-RECV-WINDOW")!
    static let limit = HTTPField.Name("X-Bapi-Limit")!
    static let limitStatus = HTTPField.Name("X-Bapi-Limit-Status")!
    static let limitReset = HTTPField.Name("X-Bapi-Limit-Reset-Timestamp")!
}
