import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private `XDG_CONFIG_HOME` holding `bybit-lua/config.toml` (mode 600 unless a test
/// says otherwise), and runs of the real binary that read it. The credential variables
/// are emptied (empty counts as unset), so only the file and the test speak.
final class ConfigHome {
    let scratch: ScratchDirectory
    /// `…/config/bybit-lua/config.toml`.
    let file: String

    init(_ toml: String, mode: mode_t = 0o600) throws {
        scratch = try ScratchDirectory()
        file = scratch.path + "/config/bybit-lua/config.toml"
        try FileManager.default.createDirectory(
            atPath: scratch.path + "/config/bybit-lua", withIntermediateDirectories: true)
        try Data(toml.utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, mode)
    }

    var environment: [String: String] {
        [
            "XDG_CONFIG_HOME": scratch.path + "/config", "BYBIT_API_KEY": "", "BYBIT_API_SECRET": "",
            "BYBIT_RSA_PRIVATE_KEY_FILE": "",
        ]
    }

    /// Runs `bybit-lua arguments…` with this config home and `extra` variables.
    func run(_ arguments: [String], _ extra: [String: String] = [:]) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(arguments, environment: environment.merging(extra) { $1 })
    }
}
