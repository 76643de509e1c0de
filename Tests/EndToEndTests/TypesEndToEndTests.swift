import Foundation
import Testing

/// `bybit-lua types` writes definitions for everything the runner registers: the test
/// asks the running VM what is registered and checks each name is defined.
@Suite struct TypesEndToEndTests {
    @Test func definitionsMentionEveryRegisteredFunction() throws {
        let dir = try ScratchDirectory()
        let r = try BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let read = { (name: String) in (try? String(contentsOfFile: dir.path + "/types/" + name, encoding: .utf8)) ?? "" }
        let bybit = read("bybit.d.lua"), decimal = read("decimal.d.lua"), globals = read("globals.d.lua")
        #expect(bybit.hasPrefix("---@meta bybit"))
        // Ask the VM what it registers.
        let listed = try BinaryRunner.run(["-e", """
            local b = require "bybit"
            for k, v in pairs(b) do if type(v) == "function" then print("bybit." .. k) end end
            for k in pairs(b.log) do print("log." .. k) end
            for k in pairs(b.paper) do print("paper." .. k) end
            for k in pairs(debug.getmetatable(D"1").__index) do print("Decimal:" .. k) end
            for k in pairs(decimal) do print("decimal." .. k) end
            for _, g in ipairs({"add_margin", "set_auto_add_margin", "D"}) do print("global " .. g) end
            """])
        let names = listed.stdout.split(separator: "\n").map(String.init)
        #expect(names.count > 30)
        for name in names {
            if name.hasPrefix("global ") {
                let g = String(name.dropFirst(7))
                #expect(globals.contains("function \(g)(") || decimal.contains("function \(g)("), "\(g) undefined")
            } else if name.hasPrefix("Decimal:") || name.hasPrefix("decimal.") {
                #expect(decimal.contains("function \(name)("), "\(name) undefined")
            } else {
                #expect(bybit.contains("function \(name)("), "\(name) undefined")
            }
        }
        let luarc = try String(contentsOfFile: dir.path + "/.luarc.json", encoding: .utf8)
        #expect(luarc.contains("\"workspace.library\": [\"types\", \"types/stdlib\"]"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/types/stdlib/bybit/margin.lua"))
        // An existing .luarc.json is left alone.
        let again = try BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(again.stderr.contains(".luarc.json exists"))
        #expect(try BinaryRunner.run(["types"]).status == 2)
    }
}
