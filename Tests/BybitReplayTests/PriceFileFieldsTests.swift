import Testing

@testable import BybitReplay

/// How a price row is split into fields and its time read (the byte-level fast paths give
/// what the character-level ones did).
@Suite struct PriceFileFieldsTests {
    private func fields(_ line: String) -> [String] { PriceFileLayout.fields(Array(line.utf8)).map(String.init) }

    @Test func asciiRowsSplitOnCommasWithBlanksAndQuotesRemoved() {
        #expect(fields("1722816000000,BTCUSDT,60000.5") == ["1722816000000", "BTCUSDT", "60000.5"])
        #expect(fields(" 1722816000000 ,\tBTCUSDT\t, \"60000.5\" ") == ["1722816000000", "BTCUSDT", "60000.5"])
        #expect(fields("a,,b,") == ["a", "", "b", ""])
        #expect(fields("") == [""])
        #expect(fields(",") == ["", ""])
        #expect(fields("\"") == ["\""])  // one quote is not a quoted field
        #expect(fields("\"\"") == [""])
        #expect(fields("\" a \"") == [" a "])  // blanks inside the quotes stay
    }

    @Test func otherRowsSplitTheSameWay() {
        #expect(fields("1722816000000,BTCÜSDT, 60000") == ["1722816000000", "BTCÜSDT", "60000"])
        #expect(fields(" \"é\" ,x") == ["é", "x"])
    }

    @Test func millisecondTimesAreReadDigitByDigit() throws {
        #expect(try ReplayTime.parse("1722816000000").get() == 1_722_816_000_000)
        #expect(try ReplayTime.parse("001722816000000").get() == 1_722_816_000_000)
        #expect(try ReplayTime.parse("999999999999999999").get() == 999_999_999_999_999_999)  // 18 digits
        #expect(throws: ReplayTime.TimeProblem.notATime) { try ReplayTime.parse("1000000000000000000").get() }
        #expect(throws: ReplayTime.TimeProblem.looksLikeSeconds) { try ReplayTime.parse("1722816000").get() }
        #expect(throws: ReplayTime.TimeProblem.notATime) { try ReplayTime.parse("").get() }
        #expect(throws: ReplayTime.TimeProblem.notATime) { try ReplayTime.parse("17228160000x0").get() }
        #expect(throws: ReplayTime.TimeProblem.notATime) { try ReplayTime.parse("-1722816000000").get() }
        #expect(try ReplayTime.parse("2024-08-05T00:00:01Z").get() == 1_722_816_001_000)
    }
}
