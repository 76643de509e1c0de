import Foundation
import Testing

/// `bybit.paper.open_position`, `set_wallet`, `set_margin_mode` and `set_position_mode`
/// through the built binary: from a script, under `bybit-lua test` with a scenario, their
/// bad input, and their `bybit-lua types` entries.
@Suite(.processBudget) struct PaperControlEndToEndTests {
    @Test func aScriptPutsItsPaperAccountInTheStateItNeeds() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            bybit.paper.set_wallet{ coin = "USDC", amount = "20000" }
            bybit.paper.open_position{ symbol = "BTCPERP", side = "Buy", size = "0.2", leverage = 5 }
            local p = bybit.position("BTCPERP")
            print(p.category, p.side, p.size, p.leverage, p.positionIM, p.liqPrice)
            local usdc = bybit.positions{ settleCoin = "USDC" }
            print(#usdc, usdc[1].symbol)
            for _, c in ipairs(bybit.wallet{ coin = "USDC" }.coin) do print(c.coin, c.walletBalance) end
            bybit.paper.open_position{ symbol = "BTCUSDT", side = "Sell", size = 2, entryPrice = "61000", leverage = "20" }
            p = bybit.position("BTCUSDT")
            print(p.side, p.size, p.avgPrice, p.liqPrice)
            bybit.paper.set_position_mode("SOLUSDT", "hedge")
            bybit.paper.open_position{ symbol = "SOLUSDT", side = "Sell", size = 3 }
            print(bybit.position{ symbol = "SOLUSDT", positionIdx = 2 }.size)
            bybit.paper.set_margin_mode("REGULAR_MARGIN")
            local ok, err = pcall(add_margin, { symbol = "BTCUSDT", margin = "10" })
            print(ok, err.code == bybit.errors.CROSS_MARGIN_MODE)
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                linear\tBuy\t0.2\t5\t2400\t48300.00
                1\tBTCPERP
                USDC\t20000
                Sell\t2\t61000\t63745.00
                3
                false\ttrue

                """)
    }

    @Test func badInputIsABadArgumentAndChangesNothing() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local paper = require("bybit").paper
            for _, f in ipairs{
              function() paper.open_position{ symbol = "NOPEUSDT", side = "Buy", size = 1 } end,
              function() paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = -1 } end,
              function() paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = "0.0001" } end,
              function() paper.open_position{ symbol = "BTCUSDT", side = "Long", size = 1 } end,
              function() paper.open_position{ symbol = 5, side = "Buy", size = 1 } end,
              function() paper.open_position{ symbol = "BTCUSDT", side = "Buy", qty = 1 } end,
              function() paper.open_position("BTCUSDT") end,
              function() paper.set_wallet{ coin = "USDT", amount = "-5" } end,
              function() paper.set_wallet{ coin = "USDT", amount = {} } end,
              function() paper.set_margin_mode("cross") end,
              function() paper.set_position_mode("BTCUSD", "hedge") end,
              function() paper.set_position_mode("SOLUSDT", "both") end,
            } do print(select(2, pcall(f))) end
            local p = require("bybit").position("BTCUSDT")
            print(p.side, p.size)
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "bad argument #1 to 'open_position' (Not supported symbols: 'NOPEUSDT' is not listed)",
            "bad argument #1 to 'open_position' (field 'size': must be positive, got -1)",
            "bad argument #1 to 'open_position' (size 0.0001 is not a multiple of the qtyStep 0.001 of BTCUSDT)",
            "bad argument #1 to 'open_position' (field 'side': \"Buy\" or \"Sell\" expected, got 'Long')",
            "bad argument #1 to 'open_position' (field 'symbol': string expected, got number)",
            "bad argument #1 to 'open_position' (unknown field 'qty'",
            "bad argument #1 to 'open_position' (table expected, got string)",
            "bad argument #1 to 'set_wallet' (field 'amount': must not be negative, got -5)",
            "bad argument #1 to 'set_wallet' (field 'amount':",
            "bad argument #1 to 'set_margin_mode' ('cross' is not a margin mode",
            "bad argument #1 to 'set_position_mode' (hedge mode is not supported for BTCUSD",
            "bad argument #2 to 'set_position_mode' (\"hedge\" or \"one-way\" expected, got 'both')",
        ]
        #expect(lines.count == expected.count + 1, "\(r.stdout)")
        for (line, words) in zip(lines, expected) { #expect(line.contains(words), "\(line)") }
        #expect(lines.last == "Buy\t1")  // the default long, untouched
    }

    @Test func specsUseTheControlsOnTheScenarioTheyAreGiven() async throws {
        let dir = try ScratchDirectory()
        let scenario = try dir.write(
            "scenario.json",
            #"{"accounts": [{"apiKey": "K", "apiSecret": "S", "marginMode": "REGULAR_MARGIN", "hedgeMode": ["ETHUSDT"], "wallet": {"USDT": "50000"}}]}"#
        )
        try dir.write(
            "spec/controls_spec.lua",
            """
            local bybit = require "bybit"
            describe("paper controls", function()
              it("open hedge-mode sides on a cross account", function()
                bybit.paper.open_position{ symbol = "ETHUSDT", side = "Buy", size = "1" }
                bybit.paper.open_position{ symbol = "ETHUSDT", side = "Sell", size = "2" }
                assert.equal(1, bybit.position{ symbol = "ETHUSDT", positionIdx = 1 }.size:tonumber())
                assert.equal(2, bybit.position{ symbol = "ETHUSDT", positionIdx = 2 }.size:tonumber())
                local ok, err = pcall(add_margin, { symbol = "ETHUSDT", margin = "1", positionIdx = 1 })
                assert.is_false(ok)
                assert.equal(bybit.errors.CROSS_MARGIN_MODE, err.code)
              end)
            end)
            """)
        let r = try await BinaryRunner.run(["test", "--scenario", scenario, "spec"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("1 passed, 0 failed"), "\(r.stdout)")
    }

    @Test func typesDescribeTheControls() async throws {
        let dir = try ScratchDirectory()
        #expect(try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path).status == 0)
        let bybit = try String(contentsOfFile: dir.path + "/types/bybit.d.lua", encoding: .utf8)
        for line in [
            "---@param args {symbol: string, side: \"Buy\"|\"Sell\", size: Decimal|string|integer|number, entryPrice?: Decimal|string|integer|number, leverage?: Decimal|string|integer|number, positionIdx?: integer}\nfunction paper.open_position(args) end",
            "---@param args {coin: string, amount: Decimal|string|integer|number}\nfunction paper.set_wallet(args) end",
            "---@param mode \"ISOLATED_MARGIN\"|\"REGULAR_MARGIN\"|\"PORTFOLIO_MARGIN\"\nfunction paper.set_margin_mode(mode) end",
            "---@param symbol string\n---@param mode \"hedge\"|\"one-way\"\nfunction paper.set_position_mode(symbol, mode) end",
        ] {
            #expect(bybit.contains(line), "\(line)")
        }
    }
}
