import BybitAPI
import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import PaperExchange

/// `auth` on the private stream with an RSA key: a base64 RSA-SHA256 (PKCS#1 v1.5)
/// signature of `GET/realtime` + expires, checked against the public key, as REST is.
@Suite struct StreamAuthTests {
    static func rsaAuth(_ key: _RSA.Signing.PrivateKey, expires: Int64) throws -> JSONValue {
        let signature = try key.signature(for: Array("GET/realtime\(expires)".utf8), padding: .insecurePKCS1v1_5)
        return .object([
            ("op", "auth"),
            (
                "args",
                .array(["RSAKEY", .int(expires), .string(Data(signature.rawRepresentation).base64EncodedString())])
            ),
        ])
    }

    @Test func rsaKeysAuthenticateAndAForeignKeyIsRefused() async throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        var config = manualConfig()
        config.credentials = [
            try APICredential(apiKey: "RSAKEY", rsaPublicKeyPEM: privateKey.publicKey.pemRepresentation)
        ]
        try await withExchange(config) { ex in
            let probe = StreamProbe(ex, "/v5/private")
            let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            await probe.send(try Self.rsaAuth(other, expires: ex.serverTimeMs + 10_000))
            #expect(try await probe.next()["ret_msg"] == "Params Error")
            await probe.send(try Self.rsaAuth(privateKey, expires: ex.serverTimeMs + 10_000))
            let ok = try await probe.next()
            #expect(ok["success"] == true && ok["op"] == "auth")
            await probe.send(streamRequest("subscribe", ["wallet"], reqID: "w"))
            #expect(try await probe.next()["success"] == true)
            await probe.close()
        }
    }

    @Test func malformedAuthArgumentsAreParamsErrors() {
        let lookup = { (key: String) in key == "K" ? APICredential(apiKey: "K", hmacSecret: "S") : nil }
        let good = StreamAuth.hmacSignature(secret: "S", expires: "2000")
        #expect(
            StreamAuth.authenticate(args: .array(["K", 2000, .string(good)]), serverNowMs: 1000, lookup: lookup) == "K")
        #expect(
            StreamAuth.authenticate(args: .array(["K", "2000", .string(good)]), serverNowMs: 1000, lookup: lookup)
                == "K")
        for bad: JSONValue in [
            .array(["K", 2000]), .array(["K", .null, .string(good)]), .array(["K", "2e3", .string(good)]),
            .array(["NOPE", 2000, .string(good)]), .array(["K", 2000, .string(good.uppercased())]), "K",
        ] {
            #expect(StreamAuth.authenticate(args: bad, serverNowMs: 1000, lookup: lookup) == nil, "\(bad)")
        }
        #expect(
            StreamAuth.authenticate(args: .array(["K", 2000, .string(good)]), serverNowMs: 2000, lookup: lookup) == nil)
    }
}
