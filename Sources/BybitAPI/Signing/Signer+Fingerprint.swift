import Crypto

extension Signer {
    /// A short, stable name for the API key that is not the key: `k:` and the first 12 hex
    /// digits of the key's SHA-256. The audit log, the run lock's default name and alerts
    /// say which key acted with it, so two keys are told apart without printing either.
    public var keyFingerprint: String {
        let digest = SHA256.hash(data: Array(apiKey.utf8))
        let hex = digest.prefix(6).map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "k:" + hex.joined()
    }
}
