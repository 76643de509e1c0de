import Foundation
import Testing

@testable import BybitWire

/// JSON as Bybit sends and expects it: amounts are strings.
@Suite struct DecimalCodableTests {
    struct Position: Codable, Equatable {
        var symbol: String
        var liqPrice: ExactDecimal
        var size: ExactDecimal
    }

    @Test func decodesStringsKeepingScaleAndEncodesStrings() throws {
        let json = #"{"symbol":"BTCUSDT","liqPrice":"1812.70004844","size":"0.010"}"#
        let position = try JSONDecoder().decode(Position.self, from: Data(json.utf8))
        #expect(position.liqPrice.description == "1812.70004844")
        #expect(position.size.scale == 3)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(position), as: UTF8.self)
        #expect(encoded == #"{"liqPrice":"1812.70004844","size":"0.010","symbol":"BTCUSDT"}"#)
    }

    @Test func decodesIntegers() throws {
        let value = try JSONDecoder().decode([ExactDecimal].self, from: Data("[25, -3]".utf8))
        #expect(value.map(\.description) == ["25", "-3"])
    }

    @Test(arguments: [#"["1,5"]"#, #"["0.1x"]"#, #"[""]"#, #"["1e400"]"#])
    func rejectsInvalidStringsWithTheDecimalError(json: String) {
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ExactDecimal].self, from: Data(json.utf8))
        }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.underlyingError is DecimalError)
        #expect(context.debugDescription.contains("decimal"))
    }

    @Test(arguments: ["[0.1]", "[true]", "[null]", "[{}]"])
    func rejectsFractionalNumbersAndOtherTypes(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ExactDecimal].self, from: Data(json.utf8))
        }
    }
}
