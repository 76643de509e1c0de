import BybitAPI

/// The stream URLs of an environment (Bybit's v5 docs):
/// - mainnet `wss://stream.bybit.com`, testnet `wss://stream-testnet.bybit.com`;
/// - demo: private from `wss://stream-demo.bybit.com`, public from mainnet (the demo host
///   serves no public streams);
/// - a custom base URL: the same host, port and path prefix, `ws://` for `http://` (the paper
///   exchange serves its streams on its REST port) and `wss://` for `https://`, where a host
///   named `api…` becomes `stream…` (`api.bybit.tr` → `stream.bybit.tr`, as Bybit names them).
public struct StreamURLs: Sendable, Equatable {
    /// Where `tickers.*` of each category are read, by category raw value.
    public let linear: String, inverse: String
    /// Where the account topics are read.
    public let privateURL: String

    /// The URLs for `environment`.
    public init(environment: BybitEnvironment) {
        let publicBase: String
        let privateBase: String
        switch environment {
        case .mainnet:
            publicBase = "wss://stream.bybit.com"
            privateBase = publicBase
        case .testnet:
            publicBase = "wss://stream-testnet.bybit.com"
            privateBase = publicBase
        case .demo:
            publicBase = "wss://stream.bybit.com"
            privateBase = "wss://stream-demo.bybit.com"
        default:
            publicBase = Self.streamBase(of: environment.baseURL)
            privateBase = publicBase
        }
        linear = publicBase + "/v5/public/linear"
        inverse = publicBase + "/v5/public/inverse"
        privateURL = privateBase + "/v5/private"
    }

    /// The public URL for `category` (`linear` or `inverse`); nil for any other.
    public func publicURL(_ category: Category) -> String? {
        switch category {
        case .linear: linear
        case .inverse: inverse
        default: nil
        }
    }

    /// `http://h:p/x` → `ws://h:p/x`; `https://api.h/x` → `wss://stream.h/x`.
    static func streamBase(of baseURL: String) -> String {
        if baseURL.hasPrefix("http://") { return "ws://" + baseURL.dropFirst("http://".count) }
        guard baseURL.hasPrefix("https://") else { return baseURL }
        var rest = Substring(baseURL.dropFirst("https://".count))
        if rest.hasPrefix("api.") || rest.hasPrefix("api-") { rest = "stream" + rest.dropFirst(3) }
        return "wss://" + rest
    }
}
