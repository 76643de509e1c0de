import Testing

@testable import BybitAPI

/// Environments: Bybit's hosts, and custom base URLs where cleartext is loopback-only.
@Suite struct EnvironmentTests {
    @Test func presetsPointAtBybitsDocumentedHosts() {
        #expect(BybitEnvironment.mainnet.baseURL == "https://api.bybit.com")
        #expect(BybitEnvironment.testnet.baseURL == "https://api-testnet.bybit.com")
        #expect(BybitEnvironment.demo.baseURL == "https://api-demo.bybit.com")
        #expect(
            [BybitEnvironment.mainnet.name, BybitEnvironment.testnet.name, BybitEnvironment.demo.name]
                == ["mainnet", "testnet", "demo"])
    }

    @Test(arguments: [
        ("https://api.bytick.com", "https://api.bytick.com"),
        ("https://api.bybit.com/", "https://api.bybit.com"),
        ("HTTPS://proxy.example:8443/bybit/", "https://proxy.example:8443/bybit"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.4.5.6", "http://127.4.5.6"),
        ("http://localhost:9000", "http://localhost:9000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ])
    func acceptsHTTPSAndLoopbackHTTP(input: String, normalized: String) throws {
        let env = try BybitEnvironment.custom(baseURL: input)
        #expect(env.baseURL == normalized)
        #expect(env.name == "custom")
    }

    @Test(arguments: [
        "http://api.bybit.com", "http://10.0.0.1:8080", "http://128.0.0.1", "http://127.0.0.1.evil.com",
        "http://localhost.evil.com", "http://[::2]:80", "ftp://127.0.0.1", "api.bybit.com", "https://",
        "https://user:pw@api.bybit.com", "https://api.bybit.com/?x=1", "https://api.bybit.com#f",
        "https://api.bybit.com:0", "https://api.bybit.com:99999", "https://api.bybit.com:+80", "https://a b.com",
    ])
    func rejectsEverythingElseWithAValidationError(input: String) {
        let error = expectBybitError { try BybitEnvironment.custom(baseURL: input) }
        #expect(error?.kind == "validation")
        #expect(error?.message.contains(input) == true)
    }

    @Test func aCustomEnvironmentCanBeNamed() throws {
        #expect(try BybitEnvironment.custom(baseURL: "http://127.0.0.1:1", name: "paper").name == "paper")
    }
}
