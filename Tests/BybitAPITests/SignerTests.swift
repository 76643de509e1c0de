import Testing
@testable import BybitAPI

/// Signature vectors: the preimage is built from the parts Bybit documents and the
/// expected HMACs were computed independently with `openssl dgst -sha256 -hmac`.
@Suite struct SignerTests {
    @Test func preimageJoinsPartsWithoutSeparators() {
        let bytes = Signer.preimage(
            timestamp: 1658384314791, apiKey: "XXXXXXXXXX", recvWindow: 5000,
            payload: Array("category=option&symbol=BTC-29JUL22-25000-C".utf8))
        #expect(String(decoding: bytes, as: UTF8.self)
            == "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C")
    }

    @Test func hmacMatchesOpenSSL() throws {
        // printf '1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C' \
        //   | openssl dgst -sha256 -hmac XXXXXXXXXX
        let signer = Signer(apiKey: "XXXXXXXXXX", hmacSecret: "XXXXXXXXXX")
        let sig = try signer.signature(
            timestamp: 1658384314791, recvWindow: 5000,
            payload: Array("category=option&symbol=BTC-29JUL22-25000-C".utf8))
        #expect(sig == "c00720f96c5934ca7057ac28ae65b823f83b8b67a8fe784e7795ca0fa3c148ec")
    }

    @Test func descriptionNeverShowsTheSecret() {
        let signer = Signer(apiKey: "KEY", hmacSecret: "very-secret-value")
        #expect(!"\(signer)".contains("very-secret-value"))
        #expect(!String(reflecting: signer).contains("very-secret-value"))
    }
}
