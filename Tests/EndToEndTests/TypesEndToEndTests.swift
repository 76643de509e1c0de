import BybitWire
import Foundation
import Testing

/// `bybit-lua types` writes definitions for everything the runner registers: the test
/// asks the running VM what is registered and checks each name is defined.
@Suite(.processBudget) struct TypesEndToEndTests {
    @Test func definitionsMentionEveryRegisteredFunction() async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let read = { (name: String) in (try? String(contentsOfFile: dir.path + "/types/" + name, encoding: .utf8)) ?? ""
        }
        let bybit = read("bybit.d.lua")
        let decimal = read("decimal.d.lua")
        let globals = read("globals.d.lua")
        #expect(bybit.hasPrefix("---@meta bybit"))
        // Ask the VM what it registers.
        let listed = try await BinaryRunner.run([
            "-e",
            """
            local b = require "bybit"
            for k, v in pairs(b) do if type(v) == "function" then print("bybit." .. k) end end
            for k in pairs(b.log) do print("log." .. k) end
            for k in pairs(b.paper) do print("paper." .. k) end
            for k in pairs(debug.getmetatable(D"1").__index) do print("Decimal:" .. k) end
            for k in pairs(decimal) do print("decimal." .. k) end
            for _, g in ipairs({"add_margin", "set_auto_add_margin", "D"}) do print("global " .. g) end
            """,
        ])
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
        let again = try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(again.stderr.contains(".luarc.json exists"))
        #expect(try await BinaryRunner.run(["types"]).status == 2)
    }
}

/// What the definitions say about fields and results a script decides on must be true.
@Suite(.processBudget) struct TypesSayWhatIsTrueTests {
    @Test func tradeModeTickerAndCategoryAreDocumentedAsTheyBehave() async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let bybit = (try? String(contentsOfFile: dir.path + "/types/bybit.d.lua", encoding: .utf8)) ?? ""
        // tradeMode was documented as "0 isolated"; it is deprecated, always 0 on UTA 2.0,
        // and meant 0 cross / 1 isolated before.
        #expect(!bybit.contains("tradeMode integer 0 isolated"))
        #expect(
            bybit.contains(
                "@field tradeMode integer deprecated by Bybit: always 0 on a unified account (UTA 2.0); before, 0 cross and 1 isolated"
            ))
        // ticker raised 10001 for an unknown symbol while documented as "or nil if unknown".
        #expect(!bybit.contains("or nil if unknown"))
        #expect(bybit.contains("An unlisted symbol is an error naming it."))
        #expect(bybit.contains("function bybit.category("))
    }
}

/// `bybit-lua types` prints what the endpoint catalog declares: every field of every
/// reply shape and argument table, so a field added to a declaration is in the stubs.
@Suite(.processBudget) struct TypesFromTheCatalogTests {
    @Test func everyDeclaredFieldIsInTheStubs() async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let bybit = (try? String(contentsOfFile: dir.path + "/types/bybit.d.lua", encoding: .utf8)) ?? ""
        for shape in Catalog.shapes where shape.luaClass != "bybit.Empty" {
            #expect(bybit.contains("---@class \(shape.luaClass)\n"), "\(shape.luaClass)")
            for f in shape.fields {
                let optional = f.required ? "" : "?"
                #expect(bybit.contains("---@field \(f.name)\(optional) \(f.luaType)"), "\(shape.luaClass).\(f.name)")
            }
        }
        for endpoint in Catalog.all {
            if let args = endpoint.luaArguments {
                #expect(bybit.contains("---@class \(args)\n"))
                for f in endpoint.request { #expect(bybit.contains("---@field \(f.name)"), "\(args).\(f.name)") }
            }
        }
        #expect(bybit.contains("---@field margin Decimal|string|integer|number non-zero, at most 4 decimals"))
        #expect(bybit.contains("---@field coin bybit.WalletCoin[] per-coin balances"))
    }
}

/// `--out` takes any directory name the shell can give: one character, nested, absolute,
/// with trailing slashes — each written, never a crash (a one-letter name used to trap in
/// Foundation's path code).
@Suite(.processBudget) struct TypesOutputDirectoryTests {
    @Test(arguments: ["t", "a/b", "t/", "x//y/", "./t2", "types"])
    func everyDirectoryNameIsWritten(_ out: String) async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", out], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let written = dir.path + "/" + out + "/bybit.d.lua"
        #expect(FileManager.default.fileExists(atPath: written), "\(written) missing")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/" + out + "/stdlib/bybit/margin.lua"))
    }

    @Test func anAbsoluteDirectoryIsWritten() async throws {
        let dir = try ScratchDirectory()
        let r = try await BinaryRunner.run(["types", "--out", dir.path + "/abs/t"], cwd: "/")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/abs/t/bybit.d.lua"))
    }
}
