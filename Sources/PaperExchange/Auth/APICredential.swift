public import _CryptoExtras

/// What the paper exchange knows about one API key: how to check its signatures.
///
/// Bybit stores the HMAC secret for system-generated keys and only the public key for
/// self-generated RSA keys; the paper exchange does the same.
public struct APICredential: Sendable {
    /// How signatures made with this key are verified.
    public enum Verification: Sendable {
        /// HMAC-SHA256 with this shared secret; signatures are lowercase hex.
        case hmac(secret: String)
        /// RSA-SHA256 (PKCS#1 v1.5) with this public key; signatures are base64.
        case rsa(_RSA.Signing.PublicKey)
    }

    /// The key sent in `X-BAPI-API-KEY`.
    public let apiKey: String
    /// How to verify its signatures.
    public let verification: Verification

    /// An HMAC key.
    public init(apiKey: String, hmacSecret: String) {
        self.apiKey = apiKey
        self.verification = .hmac(secret: hmacSecret)
    }

    /// An RSA key, from the public key in PEM form (what a user uploads to Bybit).
    public init(apiKey: String, rsaPublicKeyPEM pem: String) throws {
        self.apiKey = apiKey
        self.verification = .rsa(try _RSA.Signing.PublicKey(unsafePEMRepresentation: pem))
    }

    /// The HMAC secret, or nil for an RSA key.
    public var hmacSecret: String? {
        if case .hmac(let secret) = verification { return secret }
        return nil
    }
}
