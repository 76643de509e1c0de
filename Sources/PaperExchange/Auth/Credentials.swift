/// Random credentials in Bybit's shapes: an 18-character key and a 36-character secret.
enum Credentials {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func randomKey() -> String { random(18) }
    static func randomSecret() -> String { random(36) }

    /// From the system CSPRNG (`SystemRandomNumberGenerator`): these may guard a shared server.
    static func random(_ length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
