import Testing
import _CryptoExtras

@testable import BybitAPI

/// Signature vectors. Preimages are the strings Bybit's guide documents; expected HMACs
/// were computed independently with
/// `printf '%s' PREIMAGE | openssl dgst -sha256 -hmac SECRET`, and expected RSA
/// signatures with `openssl dgst -sha256 -sign key.pem | base64 -w0` over the same
/// preimage, each checked with `openssl dgst -sha256 -verify pub.pem -signature`
/// ("Verified OK"). PKCS#1 v1.5 is deterministic, so the base64 must match exactly.
@Suite struct SignerTests {
    static let docsGET = "category=option&symbol=BTC-29JUL22-25000-C"
    static let docsPOST = #"{"category": "option"}"#
    static let addMarginBody = #"{"category":"linear","symbol":"BTCUSDT","margin":"25.5","positionIdx":0}"#

    @Test func preimageOfDocumentedGETJoinsPartsWithoutSeparators() {
        let bytes = Signer.preimage(
            timestamp: 1_658_384_314_791, apiKey: "XXXXXXXXXX", recvWindow: 5000, payload: Array(Self.docsGET.utf8))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C")
    }

    @Test func preimageOfDocumentedPOSTKeepsTheBodyBytesIncludingSpaces() {
        let bytes = Signer.preimage(
            timestamp: 1_658_385_579_423, apiKey: "XXXXXXXXXX", recvWindow: 5000, payload: Array(Self.docsPOST.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == #"1658385579423XXXXXXXXXX5000{"category": "option"}"#)
    }

    @Test(arguments: [
        // (timestamp, apiKey, secret, payload, openssl hex)
        (
            Int64(1_658_384_314_791), "XXXXXXXXXX", "XXXXXXXXXX", docsGET,
            "c00720f96c5934ca7057ac28ae65b823f83b8b67a8fe784e7795ca0fa3c148ec"
        ),
        (
            Int64(1_658_385_579_423), "XXXXXXXXXX", "XXXXXXXXXX", docsPOST,
            "fbb4648b585b3e62de2c4eaecc8f3b6066aa18e98cc300eaff4d87f15b55724a"
        ),
        (
            Int64(1_700_000_000_000), "test-api-key", "test-secret", "category=linear&symbol=BTCUSDT",
            "184dd5531d8077974f3a400e537b3ec9b117b9915683f889177fe56e8a97f4e9"
        ),
        (
            Int64(1_700_000_000_000), "test-api-key", "test-secret", addMarginBody,
            "1ebe653017dc2997e6e3a03df67deb275b461af35fee321083cff0c363e5e5bd"
        ),
    ])
    func hmacMatchesOpenSSL(timestamp: Int64, apiKey: String, secret: String, payload: String, expected: String)
        throws
    {
        let signer = Signer(apiKey: apiKey, hmacSecret: secret)
        let sig = try signer.signature(timestamp: timestamp, recvWindow: 5000, payload: Array(payload.utf8))
        #expect(sig == expected)
    }

    static let rsaGET =
        "gqNMO48lhTnZLmYOIQjvCHeQBcraOy/mMlVfkE5KCzIMfAv8yAHQU8TuPe6G7+FweOzfFWCQki7jEJPHOHhJ5vk/6T/X6tystuW3zN7Yg"
        + "mcMmfpnfU788S+9WYbFAS6tJX+de/CL9f+nw4nQiVko1u9z0atAhudoWlqcqhhEP0+hVcSjrCn/Y6hE4VEmnAw4Cpp2FCttV8cohypA"
        + "CIWGPShzNGK+kfejYhNL1Ey4bScEf0n/vR0XH2Xw+rdaSm/lF4uIAKWgArWKKggSQK1z/IX3LUPKmV9j8adxGADj4uxOUZXy8XEJe7Z"
        + "RtkHwoFC0yjg+Cu3pLA2dPZPLXjJXHg=="
    static let rsaPOST =
        "QKMkOH5vwYH/EaPtsiDOGAJwieUH+OTTh5IJRYDY+Jo+8KK+/raZqqAGPrTGVuu9JneSqvz254gtuw3UHQUMzSIEayXSqgKdi49UyGMgb"
        + "d4d2vtAAZg5EsRtlD98GwdKSIpovYmL3BNneaDhfzngA9VEeuUIXqCZ7XGN8pkCHBbolKTluE3so9bJE07LXb90Ch/hpbuzQviIV9e2"
        + "DIw16bEIpXMppbd4AG6RyunQsVlDBJiGLKZnb2l8grqffJJRiJMiSkuye3Y5Jeuex2Xl6RHPkhpFFk1zMpcBo77Rq+cy6PFhgNm8nmC"
        + "usZseLP6+iWVclHfo7DaJKh4RcROIHg=="

    /// The signer keeps one keyed HMAC state and signs on copies of it: the state must
    /// never carry one message into the next, on one thread or several at once.
    @Test func aKeyedSignerGivesTheOpenSSLSignatureEveryTimeFromEveryThread() async throws {
        let signer = Signer(apiKey: "XXXXXXXXXX", hmacSecret: "XXXXXXXXXX")
        let get = "c00720f96c5934ca7057ac28ae65b823f83b8b67a8fe784e7795ca0fa3c148ec"
        let post = "fbb4648b585b3e62de2c4eaecc8f3b6066aa18e98cc300eaff4d87f15b55724a"
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<4 {
                group.addTask {
                    var bad = 0
                    for i in 0..<200 {
                        let isGET = (i + task) % 2 == 0
                        let sig = try? signer.signature(
                            timestamp: isGET ? 1_658_384_314_791 : 1_658_385_579_423, recvWindow: 5000,
                            payload: Array((isGET ? Self.docsGET : Self.docsPOST).utf8))
                        if sig != (isGET ? get : post) { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [TestRSAKey.pkcs8, TestRSAKey.pkcs1])
    func rsaGETMatchesOpenSSL(pem: String) throws {
        // openssl over 1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C
        let signer = try Signer(apiKey: "XXXXXXXXXX", rsaPrivateKeyPEM: pem)
        #expect(signer.isRSA)
        let sig = try signer.signature(
            timestamp: 1_658_384_314_791, recvWindow: 5000, payload: Array(Self.docsGET.utf8))
        #expect(sig == Self.rsaGET)
    }

    @Test func rsaPOSTMatchesOpenSSLAndVerifiesWithThePublicKey() throws {
        let signer = try Signer(apiKey: "test-api-key", rsaPrivateKeyPEM: TestRSAKey.pkcs8)
        let payload = Array(Self.addMarginBody.utf8)
        let sig = try signer.signature(timestamp: 1_700_000_000_000, recvWindow: 5000, payload: payload)
        #expect(sig == Self.rsaPOST)

        let publicKey = try _RSA.Signing.PublicKey(pemRepresentation: TestRSAKey.publicKey)
        let raw = try #require(Array(base64: sig))
        let preimage = Signer.preimage(
            timestamp: 1_700_000_000_000, apiKey: "test-api-key", recvWindow: 5000, payload: payload)
        #expect(
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: raw), for: preimage, padding: .insecurePKCS1v1_5))
        // One changed byte of the body must not verify: the signature covers the exact bytes.
        var tampered = preimage
        tampered[tampered.count - 2] = UInt8(ascii: "1")
        #expect(
            !publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: raw), for: tampered, padding: .insecurePKCS1v1_5))
    }

    @Test func aBrokenPEMIsAValidationErrorThatDoesNotQuoteTheKey() {
        let broken = String(TestRSAKey.pkcs8.dropLast(60))
        do {
            _ = try Signer(apiKey: "k", rsaPrivateKeyPEM: broken)
            Issue.record("a truncated PEM was accepted")
        } catch let error as BybitError {
            #expect(error.kind == "validation")
            #expect(!error.description.contains("MII"))
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test func noDescriptionOrMirrorShowsTheSecret() throws {
        let hmac = Signer(apiKey: "KEY", hmacSecret: "very-secret-value")
        var dumped = ""
        dump(hmac, to: &dumped)
        for text in ["\(hmac)", String(reflecting: hmac), dumped] {
            #expect(!text.contains("very-secret-value"))
            #expect(text.contains("KEY"))
        }
        let rsa = try Signer(apiKey: "KEY", rsaPrivateKeyPEM: TestRSAKey.pkcs8)
        var rsaDump = ""
        dump(rsa, to: &rsaDump)
        for text in ["\(rsa)", String(reflecting: rsa), rsaDump] {
            #expect(!text.contains("MII"))
            #expect(!text.contains("PRIVATE"))
        }
    }
}

extension Array where Element == UInt8 {
    /// Decodes standard base64 (test helper; Foundation-free).
    init?(base64 text: String) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var lookup = [UInt8: UInt32]()
        for (i, c) in alphabet.enumerated() { lookup[c] = UInt32(i) }
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 where c != UInt8(ascii: "=") {
            guard let v = lookup[c] else { return nil }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        self = out
    }
}
