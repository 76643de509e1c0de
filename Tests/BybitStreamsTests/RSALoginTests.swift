import BybitAPI
import BybitStreams
import PaperExchange
import Testing
import _CryptoExtras

/// The private stream's login with a self-generated RSA key: base64 RSA-SHA256 of
/// `GET/realtime` + expires, checked by the paper exchange against the public key.
@Suite struct RSALoginTests {
    @Test func anRSAKeyLogsInAndAnotherKeyIsRefused() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let ex = try await PaperExchange.start(
            PaperExchange.Configuration(
                credentials: [try APICredential(apiKey: "RSAKEY", rsaPublicKeyPEM: key.publicKey.pemRepresentation)],
                autoplay: false, enforceRateLimits: false))
        for (pem, accepted) in [
            (key.pemRepresentation, true), (try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation, false),
        ] {
            let config = BybitClientConfiguration(environment: try .custom(baseURL: ex.baseURL, name: "paper"))
            let client = BybitClient(
                configuration: config, signer: try Signer(apiKey: "RSAKEY", rsaPrivateKeyPEM: pem))
            let hub = StreamHub(client: client, timings: HubHarness.fast)
            let result = await onThread { () -> BybitError? in
                do throws(BybitError) {
                    try hub.start(StreamSubscription(orders: true))
                    return nil
                } catch { return error }
            }
            hub.stop()
            client.shutdown()
            if accepted {
                #expect(result == nil, "\(String(describing: result))")
            } else {
                #expect(result?.kind == "auth")
            }
        }
        await ex.shutdown()
    }
}
