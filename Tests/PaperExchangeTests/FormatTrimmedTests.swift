import Testing

@testable import BybitWire
@testable import PaperExchange

/// `Format.trimmed` drops a decimal text's trailing fractional zeros on its bytes: it must
/// give what the Character-wise trimming it replaced gave, for every text a decimal prints.
@Suite struct FormatTrimmedTests {
    /// The trimming as it was written on Characters (the reference).
    static func reference(_ text: String) -> String {
        guard text.contains("."), !text.contains("e"), !text.contains("E") else { return text }
        var s = Substring(text)
        while s.last == "0" { s = s.dropLast() }
        if s.last == "." { s = s.dropLast() }
        return s == "-0" ? "0" : String(s)
    }

    @Test(arguments: [
        "0", "10", "100", "-0", "0.0", "-0.00", "0.5", "0.50", "10.000", "100.00", "-1.2300", "60000.10",
        "0.00000001", "0.010", "1e3", "1.0E5", "", ".", ".000", "-.0", "12345678901234567890.12345678900000",
    ])
    func trimsAsTheCharacterWiseVersionDid(text: String) {
        #expect(Format.trimmed(text) == Self.reference(text))
    }

    /// Every decimal of a seeded spread of coefficients and scales, through `description`.
    @Test func decimalDescriptionsTrimAsBefore() throws {
        var x: UInt64 = 0x5EED
        for _ in 0..<2_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let coefficient = Int128(Int64(bitPattern: x >> 1) % 10_000_000_000) * (x & 1 == 0 ? 1 : -1)
            let d = try ExactDecimal(coefficient: coefficient, scale: Int(x >> 59) % 12)
            #expect(Format.trimmed(d.description) == Self.reference(d.description), "\(d.description)")
            #expect(Format.plain(d).stringValue == Self.reference(d.description))
        }
    }
}
