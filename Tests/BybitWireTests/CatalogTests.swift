import Testing

@testable import BybitWire

/// The endpoint catalog is the one place a request's fields are declared: what the client
/// writes, the paper exchange reads back to the same values, and both refuse the same
/// values with the same sentence.
@Suite struct CatalogTests {
    static func addMargin(_ margin: String, idx: Int64? = nil) throws -> RequestValues {
        var v = RequestValues()
        v["category"] = .text("linear")
        v["symbol"] = .text("BTCUSDT")
        v["margin"] = .decimal(try ExactDecimal(parsing: margin))
        v["positionIdx"] = idx.map(WireValue.integer)
        return v
    }

    @Test func whatTheClientWritesTheExchangeReadsBack() throws {
        for endpoint in [Catalog.addMargin, Catalog.setAutoAddMargin, Catalog.positionList] {
            var v = RequestValues()
            v["category"] = .text("linear")
            v["symbol"] = .text("BTCUSDT")
            if endpoint.path == Catalog.addMargin.path { v["margin"] = .decimal(try ExactDecimal(parsing: "1.50000")) }
            if endpoint.path == Catalog.setAutoAddMargin.path { v["autoAddMargin"] = .flag(true) }
            v["positionIdx"] = endpoint.field("positionIdx") == nil ? nil : .integer(2)
            let checked = try endpoint.check(v)
            let written = endpoint.write(checked)
            let reader: FieldReader
            if endpoint.method == .get {
                let query = try QueryString.decode(Substring(decoding: written.payload, as: UTF8.self))
                reader = FieldReader(JSONObject(query.mapValues(JSONValue.string)), convention: .query)
            } else {
                reader = try #require(FieldReader(try JSONValue(parsing: written.payload), convention: .body))
            }
            #expect(try endpoint.read(reader) == checked, "\(endpoint.path)")
        }
        let body = Catalog.addMargin.write(try Catalog.addMargin.check(try Self.addMargin("1.50000", idx: 1)))
        #expect(
            String(decoding: body.payload, as: UTF8.self)
                == #"{"category":"linear","symbol":"BTCUSDT","margin":"1.5000","positionIdx":1}"#)
    }

    @Test(arguments: [
        ("0", "must not be zero"), ("1.00001", "has 5 decimals"),
    ])
    func bothSidesRefuseInTheSameWords(margin: String, reason: String) throws {
        var clientMessage = ""
        let values = try Self.addMargin(margin)
        do { _ = try Catalog.addMargin.check(values) } catch { clientMessage = error.message }
        let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"\#(margin)"}"#
        let reader = try #require(FieldReader(try JSONValue(parsing: Array(body.utf8)), convention: .body))
        var exchangeMessage = ""
        do { _ = try Catalog.addMargin.read(reader) } catch { exchangeMessage = error.message }
        #expect(clientMessage.contains(reason))
        #expect(clientMessage == exchangeMessage)
    }

    @Test func badValuesAreRefusedNamingTheField() throws {
        var v = try Self.addMargin("1", idx: 3)
        #expect(throws: RequestError.self) { try Catalog.addMargin.check(v) }
        v["positionIdx"] = nil
        v["margn"] = .text("1")
        do {
            _ = try Catalog.addMargin.check(v)
            Issue.record("an unknown parameter was accepted")
        } catch {
            #expect(error.message.contains("unknown parameter 'margn'"))
        }
        var list = RequestValues()
        list["category"] = .text("linear")
        do {
            _ = try Catalog.positionList.check(list)
            Issue.record("linear without symbol or settleCoin was accepted")
        } catch {
            #expect(error.message.contains("symbol or settleCoin"))
        }
    }

    /// Adding a field is one declaration: a shape with one more field has it, by kind,
    /// and every shape's fields are unique.
    @Test func addingAFieldIsOneDeclaration() {
        let extended = Catalog.position.adding([Field("liqPriceBuffer", .decimal, doc: "new")])
        #expect(extended.field("liqPriceBuffer")?.kind.luaType == "Decimal")
        #expect(extended.fields.count == Catalog.position.fields.count + 1)
        for shape in Catalog.shapes {
            #expect(Set(shape.fields.map(\.name)).count == shape.fields.count, "\(shape.luaClass)")
        }
        #expect(Set(Catalog.all.map(\.path)).count == Catalog.all.count)
    }
}
