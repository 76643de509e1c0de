import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The private channel's `auth`: `{"op":"auth","args":[key, expires, signature]}`.
///
/// The signature is over `"GET/realtime" + expires`, in the text the client signed:
/// pybit sends `expires` as a JSON integer, ccxt as a string, both are accepted. An HMAC key
/// signs with lowercase hex HMAC-SHA256; an RSA key with base64 RSA-SHA256 (PKCS#1 v1.5),
/// checked against the public key the exchange holds, as its REST authentication does.
/// `expires` must be later than the server's clock.
enum StreamAuth {
    /// The authenticated API key, or nil for any failure (Bybit answers all of them
    /// with the same "Params Error").
    static func authenticate(args: JSONNode?, serverNowMs: Int64, lookup: (String) -> APICredential?) -> String? {
        guard let args = args?.arrayValue, args.count == 3, let apiKey = args[0].stringValue,
            let signature = args[2].stringValue
        else { return nil }
        let expiresText: String
        switch args[1] {
        case .int(let n): expiresText = String(n)
        case .string(let s): expiresText = s
        default: return nil
        }
        guard let expires = Int64(expiresText), expires > serverNowMs, let credential = lookup(apiKey) else {
            return nil
        }
        switch credential.verification {
        case .hmac(let secret):
            let expected = hmacSignature(secret: secret, expires: expiresText)
            return RequestAuthenticator.constantTimeEqual(Array(expected.utf8), Array(signature.utf8)) ? apiKey : nil
        case .rsa(let publicKey):
            guard let raw = Data(base64Encoded: signature) else { return nil }
            let valid = publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: raw), for: Array(("GET/realtime" + expiresText).utf8),
                padding: .insecurePKCS1v1_5)
            return valid ? apiKey : nil
        }
    }

    /// The HMAC signature a client sends for `expires` (tests and tools).
    static func hmacSignature(secret: String, expires: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(("GET/realtime" + expires).utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
