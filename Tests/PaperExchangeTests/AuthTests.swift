import BybitAPI
import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import PaperExchange

/// Auth exactly as Bybit's gateway checks it (issue 4, item 2), over real HTTP.
@Suite struct AuthTests {
    let clock = ManualPaperClock(startMs: 1_700_000_000_000)

    func client(_ ex: PaperExchange, key: String = "TESTKEY", secret: String = "TESTSECRET") -> PaperClient {
        PaperClient(
            baseURL: ex.baseURL, signer: Signer(apiKey: key, hmacSecret: secret), now: { [clock] in clock.nowMs() })
    }

    @Test func signatureCoversTheRawBodyWithPybitSpacesOrCcxtCompactJSON() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = client(ex)
            // pybit: json.dumps default separators; ccxt: compact. Both are signed as sent.
            let pybit = try await c.post(
                "/v5/position/add-margin", #"{"category": "linear", "symbol": "BTCUSDT", "margin": "10"}"#)
            #expect(pybit.retCode == 0, "\(pybit.body)")
            let ccxt = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":0}"#)
            #expect(ccxt.retCode == 0, "\(ccxt.body)")
            #expect(ex.ledger.count(.addMargin) == 2)
        }
    }

    @Test func signatureCoversTheRawQueryStringInAnyOrder() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = client(ex)
            // pybit sorts keys; ccxt keeps insertion order; neither is re-sorted by the server.
            let r1 = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            #expect(r1.retCode == 0, "\(r1.body)")
            let r2 = try await c.get("/v5/position/list", "symbol=BTCUSDT&category=linear")
            #expect(r2.retCode == 0, "\(r2.body)")
            // Percent-encoded values (bybit-api) are signed encoded and read decoded.
            let r3 = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT%2CBTC")
            #expect(r3.retCode == 0, "\(r3.body)")
        }
    }

    @Test func badSignatureIs10004WithTheOriginString() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let wrong = client(ex, secret: "WRONGSECRET")
            let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#
            let reply = try await wrong.post("/v5/position/add-margin", body)
            #expect(reply.status == 200)
            #expect(reply.retCode == 10004)
            #expect(
                reply.retMsg
                    == "Error sign, please check your signature generation algorithm: origin_string[***\(body)]")
            // A body changed after signing fails the same way (the server never re-serialises).
            let c = client(ex)
            let ts = clock.nowMs()
            let sig = try Signer(apiKey: "TESTKEY", hmacSecret: "TESTSECRET").signature(
                timestamp: ts, recvWindow: 5000,
                payload: Array(#"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#.utf8))
            let tampered = try await PaperClient(baseURL: c.baseURL, signer: nil, now: c.now).raw(
                .POST, "/v5/position/add-margin", body: #"{"category": "linear", "symbol": "BTCUSDT", "margin": "10"}"#,
                headers: [
                    ("X-BAPI-API-KEY", "TESTKEY"), ("X-BAPI-TIMESTAMP", String(ts)), ("X-BAPI-RECV-WINDOW", "5000"),
                    ("X-BAPI-SIGN", sig),
                ])
            #expect(tampered.retCode == 10004)
            #expect(ex.ledger.count(.addMargin) == 0)
        }
    }

    @Test func unknownKeyIs10003() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let reply = try await client(ex, key: "NOSUCHKEY").get("/v5/position/list", "category=inverse")
            #expect(reply.retCode == 10003)
            #expect(reply.retMsg == "API key is invalid.")
        }
    }

    @Test func missingHeadersAre10001EmptyValue() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = PaperClient(baseURL: ex.baseURL, signer: nil, now: { 0 })
            let none = try await c.raw(.GET, "/v5/position/list?category=inverse")
            #expect(none.retCode == 10001)
            #expect(none.retMsg == "empty value: apiTimestamp[] apiKey[] apiSignature[]")
            let noSign = try await c.raw(
                .GET, "/v5/position/list?category=inverse",
                headers: [("X-BAPI-API-KEY", "TESTKEY"), ("X-BAPI-TIMESTAMP", "1700000000000")])
            #expect(noSign.retCode == 10001)
            #expect(noSign.retMsg == "empty value: apiTimestamp[1700000000000] apiKey[TESTKEY] apiSignature[]")
            let noTime = try await c.raw(
                .GET, "/v5/position/list?category=inverse",
                headers: [("X-BAPI-API-KEY", "TESTKEY"), ("X-BAPI-SIGN", "ab")])
            #expect(noTime.retCode == 10001)
            #expect(noTime.retMsg == "empty value: apiTimestamp[] apiKey[TESTKEY]")
            let badTime = try await c.raw(
                .GET, "/v5/position/list?category=inverse",
                headers: [("X-BAPI-API-KEY", "TESTKEY"), ("X-BAPI-TIMESTAMP", "soon"), ("X-BAPI-SIGN", "ab")])
            #expect(badTime.retMsg == "openapi params error! req_timestamp invalid")
        }
    }

    @Test func timestampWindowIsServerMinusRecvWindowUpToServerPlusOneSecond() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let server = clock.nowMs()
            func attempt(_ ts: Int64, recvWindow: Int = 5000) async throws -> PaperClient.Reply {
                var c = PaperClient(
                    baseURL: ex.baseURL, signer: Signer(apiKey: "TESTKEY", hmacSecret: "TESTSECRET"), now: { ts })
                c.recvWindow = recvWindow
                return try await c.get("/v5/account/info")
            }
            let r4 = try await attempt(server - 5000)
            #expect(r4.retCode == 0, "\(r4.body)")  // oldest accepted
            let r5 = try await attempt(server + 999)
            #expect(r5.retCode == 0, "\(r5.body)")  // newest accepted
            let old = try await attempt(server - 5001)
            #expect(old.retCode == 10002)
            #expect(
                old.retMsg == "invalid request, please check your server timestamp or recv_window param. "
                    + "req_timestamp[\(server - 5001)],server_timestamp[\(server)],recv_window[5000]")
            let r6 = try await attempt(server + 1000)
            #expect(r6.retCode == 10002, "\(r6.body)")
            let r7 = try await attempt(server - 20_000, recvWindow: 20_000)
            #expect(r7.retCode == 0, "\(r7.body)")
        }
    }

    @Test func recvWindowHeaderMayBeAbsentAndIsSignedAsReceived() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let ts = clock.nowMs()
            let query = "category=inverse"
            // Without the header the signed string has nothing between key and payload.
            let mac = HMAC<SHA256>.authenticationCode(
                for: Array("\(ts)TESTKEY\(query)".utf8), using: SymmetricKey(data: Array("TESTSECRET".utf8)))
            let hex = mac.map { String(format: "%02x", $0) }.joined()
            let c = PaperClient(baseURL: ex.baseURL, signer: nil, now: { ts })
            let reply = try await c.raw(
                .GET, "/v5/position/list?\(query)",
                headers: [("X-BAPI-API-KEY", "TESTKEY"), ("X-BAPI-TIMESTAMP", String(ts)), ("X-BAPI-SIGN", hex)])
            #expect(reply.retCode == 0, "\(reply.body)")
        }
    }

    @Test func signTypeHeaderIsIgnored() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = client(ex)
            for value in ["2", "1", "garbage"] {
                let reply = try await c.get("/v5/account/info", headers: [("X-BAPI-SIGN-TYPE", value)])
                #expect(reply.retCode == 0)
            }
        }
    }

    @Test func rsaKeysAreVerifiedWithThePublicKey() async throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        var config = manualConfig(clock: clock)
        config.credentials.append(
            try APICredential(apiKey: "RSAKEY", rsaPublicKeyPEM: privateKey.publicKey.pemRepresentation))
        try await withExchange(config) { ex in
            let signer = try Signer(apiKey: "RSAKEY", rsaPrivateKeyPEM: privateKey.pemRepresentation)
            let c = PaperClient(baseURL: ex.baseURL, signer: signer, now: { [clock] in clock.nowMs() })
            let ok = try await c.post(
                "/v5/position/add-margin", #"{"category": "linear", "symbol": "BTCUSDT", "margin": "1"}"#)
            #expect(ok.retCode == 0, "\(ok.body)")
            let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let impostor = PaperClient(
                baseURL: ex.baseURL, signer: try Signer(apiKey: "RSAKEY", rsaPrivateKeyPEM: other.pemRepresentation),
                now: { [clock] in clock.nowMs() })
            let r8 = try await impostor.get("/v5/account/info")
            #expect(r8.retCode == 10004, "\(r8.body)")
            // An HMAC signature made with anything is not accepted for an RSA key.
            let hmac = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "RSAKEY", hmacSecret: "x"),
                now: { [clock] in clock.nowMs() })
            let r9 = try await hmac.get("/v5/account/info")
            #expect(r9.retCode == 10004, "\(r9.body)")
        }
    }

    @Test func publicEndpointsNeedNoSignature() async throws {
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = PaperClient(baseURL: ex.baseURL, signer: nil, now: { 0 })
            let r10 = try await c.raw(.GET, "/v5/market/time")
            #expect(r10.retCode == 0, "\(r10.body)")
            let r11 = try await c.raw(.GET, "/v5/market/tickers?category=linear")
            #expect(r11.retCode == 0, "\(r11.body)")
        }
    }
}
