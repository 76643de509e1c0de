import Crypto
import Foundation
import _CryptoExtras

/// Signs Bybit v5 requests.
///
/// Bybit signs `timestamp + apiKey + recvWindow + (queryString | body)` — the exact
/// bytes that go on the wire — with HMAC-SHA256 (lowercase hex) or RSA-SHA256
/// (PKCS#1 v1.5, base64). The secret lives only here: it is never printed, never
/// returned, and `description` redacts it.
public struct Signer: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    enum Key: Sendable {
        case hmac(HMACKey)
        case rsa(_RSA.Signing.PrivateKey)
    }

    /// The HMAC secret, already keyed: HMAC-SHA256 of the key pads computed once, so a
    /// signature copies this state and hashes only the message (the key set-up was
    /// ~15,000 instructions per call). `HMAC` is not marked `Sendable` in swift-crypto
    /// 3.x, but this value is never mutated after `init`: each signature works on a copy,
    /// and swift-crypto's digest contexts are copy-on-write (`DigestImpl.update` checks
    /// `isKnownUniquelyReferenced`), so sharing it between threads for reading is safe.
    struct HMACKey: @unchecked Sendable {
        let keyed: HMAC<SHA256>
    }

    /// The API key sent in `X-BAPI-API-KEY` (public, not a secret).
    public let apiKey: String
    let key: Key

    /// An HMAC-SHA256 signer for a system-generated key pair.
    public init(apiKey: String, hmacSecret: String) {
        self.apiKey = apiKey
        self.key = .hmac(HMACKey(keyed: HMAC<SHA256>(key: SymmetricKey(data: Array(hmacSecret.utf8)))))
    }

    /// An RSA-SHA256 signer for a self-generated key pair; `pem` is the private key,
    /// PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    ///
    /// - Throws: a `validation` ``BybitError`` when the PEM is not an RSA private key.
    ///   The message never quotes the PEM: a half-pasted key is still a secret.
    public init(apiKey: String, rsaPrivateKeyPEM pem: String) throws {
        self.apiKey = apiKey
        do {
            // `unsafe` admits keys under 2048 bits: Bybit, not this client, decides which
            // public keys it accepts, and the paper exchange's tests use small keys.
            self.key = .rsa(try _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem))
        } catch {
            throw BybitError.validation(
                "the RSA private key could not be read (expected a PEM private key)", endpoint: "")
        }
    }

    /// Whether this signer uses RSA (Bybit also accepts `X-BAPI-SIGN-TYPE: 2`; it ignores it).
    public var isRSA: Bool {
        if case .rsa = key { return true }
        return false
    }

    /// The bytes Bybit signs: `timestamp + apiKey + recvWindow + payload`.
    public static func preimage(
        timestamp: Int64, apiKey: String, recvWindow: Int, payload: some Collection<UInt8>
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40 + apiKey.utf8.count + payload.count)
        bytes.append(contentsOf: String(timestamp).utf8)
        bytes.append(contentsOf: apiKey.utf8)
        bytes.append(contentsOf: String(recvWindow).utf8)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The `X-BAPI-SIGN` value for `payload` (the raw query string or the raw JSON body).
    public func signature(timestamp: Int64, recvWindow: Int, payload: some Collection<UInt8>) throws -> String {
        let message = Self.preimage(timestamp: timestamp, apiKey: apiKey, recvWindow: recvWindow, payload: payload)
        switch key {
        case .hmac(let secret):
            var mac = secret.keyed
            mac.update(data: message)
            return Self.lowercaseHex(mac.finalize())
        case .rsa(let privateKey):
            let sig = try privateKey.signature(for: message, padding: .insecurePKCS1v1_5)
            return sig.rawRepresentation.base64EncodedString()
        }
    }

    static func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Signer(apiKey: KEY, secret: <redacted>)`: the API key is public, the secret never shown.
    public var description: String { "Signer(apiKey: \(apiKey), \(isRSA ? "rsaKey" : "secret"): <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Reflection (`dump`, debuggers' summaries) shows the API key and kind only, so the
    /// key material cannot be walked through the mirror.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["apiKey": apiKey, "algorithm": isRSA ? "RSA-SHA256" : "HMAC-SHA256"],
            displayStyle: .struct)
    }
}
