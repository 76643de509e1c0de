import Foundation
import Testing

/// What a script left running for months calls (`bybit.state`, `bybit.guard`,
/// `bybit.notify`, `bybit.log(level, …)`, `require("bybit.events").protect`) is in the LuaLS
/// definitions `bybit-lua types` writes, and every `bybit.…` class those definitions name is
/// defined there: an undefined one is an "undefined type" warning in every editor.
@Suite(.processBudget) struct GuardMonthsTypesTests {
    /// The definition files `bybit-lua types` wrote, by path under `types/`.
    static func emitted() async throws -> [String: String] {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let root = dir.path + "/types/"
        var files: [String: String] = [:]
        for path in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
        where path.hasSuffix(".lua") {
            files[path] = try String(contentsOfFile: root + path, encoding: .utf8)
        }
        return files
    }

    @Test func everyCallOfALongRunningScriptIsDefined() async throws {
        let files = try await Self.emitted()
        let bybit = files["bybit.d.lua"] ?? ""
        let events = files["stdlib/bybit/events.lua"] ?? ""
        for line in [
            "---@field state bybit.state", "---@class bybit.state", "function state.get(key) end",
            "function state.set(key, value) end", "function state.add(key, amount) end", "function state.keys() end",
            "---@return bybit.Guard\nfunction bybit.guard() end", "---@class bybit.Guard",
            "---@class bybit.MarginAllowance", "function bybit.notify(text, fields, level) end",
            "---@param level? \"info\"|\"warning\"|\"error\"",
            "---@class bybit.log\n---@overload fun(level: \"debug\"|\"info\"|\"warn\"|\"error\", message: any",
            "function bybit.on(type, symbol, fn) end", "function bybit.every(seconds, fn) end",
            "function bybit.run(opts) end", "\"reconnected\"|\"stale\"", "---@field silent_ms integer?",
        ] {
            #expect(bybit.contains(line), "bybit.d.lua lacks \(line)")
        }
        // `require("bybit.events")` resolves to the stdlib copy `types` writes beside them.
        #expect(events.contains("---@return fun(...): boolean, any\nfunction M.protect(fn, name)"), "\(events)")
        #expect(files["stdlib/bybit/schedule.lua"]?.contains("function M.every(") == true)
    }

    /// Every `bybit.Name` used as a type in an annotation is a `---@class` or `---@alias` of
    /// the emitted files (`bybit.Decimal` in bybit.notify's fields was not).
    @Test func everyClassNamedIsDefined() async throws {
        let files = try await Self.emitted()
        var defined: Set<String> = []
        var used: [String: String] = [:]  // name -> the line using it
        let annotation = #/^---@(class|alias|param|return|field|overload|type)\s+(.*)$/#
        for (path, text) in files {
            for line in text.split(separator: "\n") {
                guard let m = line.wholeMatch(of: annotation) else { continue }
                let rest = String(m.output.2)
                if m.output.1 == "class" || m.output.1 == "alias" {
                    defined.insert(String(rest.prefix { !$0.isWhitespace && $0 != ":" }))
                    continue
                }
                // class names are capitalised or the module tables (bybit.log, bybit.state, …);
                // lower-case `bybit.x` in a description is a function named in prose
                for name in rest.matches(of: #/bybit\.[A-Z][A-Za-z]*/#) {
                    used[String(name.output)] = "\(path): \(line)"
                }
            }
        }
        #expect(used.count > 20, "\(used.keys.sorted())")
        for (name, line) in used.sorted(by: { $0.key < $1.key }) {
            #expect(defined.contains(name), "\(name) is not defined (\(line))")
        }
    }
}
