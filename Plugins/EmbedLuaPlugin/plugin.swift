import Foundation
import PackagePlugin

/// Compiles the Lua sources under `stdlib/` into the target as Swift string
/// literals, so the runner carries its standard modules inside the binary.
@main
struct EmbedLuaPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let stdlib = context.package.directoryURL.appending(path: "stdlib")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: stdlib, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "lua" {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedStdlib.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) stdlib Lua modules",
                executable: try context.tool(named: "embed-lua").url,
                arguments: [stdlib.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
