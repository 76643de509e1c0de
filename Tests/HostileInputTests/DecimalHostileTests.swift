import Foundation
import PropertyBased
import Testing

@testable import BybitAPI

/// The decimal parser against hostile text: random bytes and near-decimals agree with
/// `DecimalTextModel` (strict grammar, limits, canonical text); printing parses back to
/// the same value and scale; `+ - *` and ordering agree with Foundation's `Decimal`.
@Suite struct DecimalHostileTests {
    /// Bytes from the decimal alphabet most of the time, anything now and then.
    static let nearDecimal = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        let alphabet = Array("0123456789000.+-eE".utf8)
        let count = Int.random(in: 0...(rng.oneIn(20) ? 120 : 24), using: &rng)
        return (0..<count).map { _ in rng.oneIn(12) ? rng.byte() : alphabet.randomElement(using: &rng)! }
    }

    /// Text that matches the grammar, with long runs and huge exponents to hit the limits.
    static let grammatical = Generator<String, Shrink.None<String>> { rng in
        func digits(_ max: Int) -> String {
            String(
                (0..<Int.random(in: 1...max, using: &rng)).map { _ in
                    rng.oneIn(3) ? "0" : Character(String(Int.random(in: 0...9, using: &rng)))
                })
        }
        var text = ["", "-", "+"].randomElement(using: &rng)! + digits(rng.oneIn(4) ? 45 : 20)
        if Bool.random(using: &rng) { text += "." + digits(rng.oneIn(4) ? 45 : 20) }
        if rng.oneIn(3) {
            text +=
                ["e", "E"].randomElement(using: &rng)! + ["", "-", "+"].randomElement(using: &rng)!
                + digits(rng.oneIn(8) ? 16 : 2)
        }
        return text
    }

    @Test func randomBytesParseExactlyAsTheModelSays() async {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(40_000), input: Self.nearDecimal) { bytes in
            tried += 1
            #expect(Oracle.decimal(bytes) == nil)
        }
        Budget.report("decimal.parse(near-decimal bytes)", tried, since: start)
    }

    @Test func grammaticalTextParsesOrHitsALimitAndRoundTrips() async throws {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(25_000), input: Self.grammatical) { text in
            tried += 1
            let expected = DecimalTextModel.outcome(Array(text.utf8))
            #expect(Oracle.parsed(Array(text.utf8)) == expected, "input \(text)")
            guard case .value = expected, let value = try? ExactDecimal(parsing: text) else { return }
            // parse ∘ format is the identity on value and scale; format ∘ parse is stable.
            let again = try ExactDecimal(parsing: value.description)
            #expect(again == value && again.scale == value.scale && again.description == value.description, "\(text)")
        }
        Budget.report("decimal.parse(grammatical text)", tried, since: start)
    }

    /// Every representable value prints as text that parses back to itself.
    @Test func everyValueRoundTripsThroughItsText() async throws {
        let start = ContinuousClock.now
        var tried = 0
        let limit = Int128("99999999999999999999999999999999999999")!
        await propertyCheck(count: Budget.count(40_000), input: Gen.int128(in: -limit...limit), Gen.int(in: 0...38)) {
            coefficient, scale in
            tried += 1
            let value = try ExactDecimal(coefficient: coefficient, scale: scale)
            let back = try ExactDecimal(parsing: value.description)
            #expect(back.coefficient == coefficient && back.scale == scale, "\(coefficient)e-\(scale)")
            #expect(try ExactDecimal(parsing: (-value).description) == -value)
        }
        Budget.report("decimal.format∘parse", tried, since: start)
    }

    /// Decimal strings of ≤ 18 significant digits: sums, differences and products need at
    /// most 37 digits, which Foundation's 38-digit `Decimal` computes exactly too.
    @Test func arithmeticAgreesWithFoundationDecimal() async throws {
        let start = ContinuousClock.now
        var tried = 0
        let operand = Gen.int64(in: -999_999_999_999_999_999...999_999_999_999_999_999)
        await propertyCheck(
            count: Budget.count(20_000), input: operand, Gen.int(in: 0...10), operand, Gen.int(in: 0...10)
        ) { ca, sa, cb, sb in
            tried += 1
            let (a, b) = (
                try ExactDecimal(coefficient: Int128(ca), scale: sa),
                try ExactDecimal(coefficient: Int128(cb), scale: sb)
            )
            let (fa, fb) = (Decimal(string: a.description)!, Decimal(string: b.description)!)
            for (name, exact, reference) in [
                ("+", try a + b, fa + fb), ("-", try a - b, fa - fb), ("*", try a * b, fa * fb),
            ] {
                #expect(
                    exact == (try ExactDecimal(parsing: "\(reference)")), "\(a) \(name) \(b): \(exact) vs \(reference)")
            }
            #expect((a < b) == (fa < fb) && (a == b) == (fa == fb), "\(a) vs \(b)")
        }
        Budget.report("decimal.arithmetic vs Foundation.Decimal", tried, since: start)
    }

    /// Any Double, NaN and infinities included: an error, or the shortest round-trip text.
    @Test func everyDoubleConvertsToItsShortestTextOrFails() async throws {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(30_000), input: Gen.uint64()) { bits in
            tried += 1
            let double = Double(bitPattern: bits)
            do {
                let value = try ExactDecimal(exactly: double)
                #expect(double.isFinite && Double(value.description) == double, "\(double) -> \(value)")
            } catch let error as DecimalError {
                // Non-finite numbers, and finite ones whose text needs more than 38 digits.
                let expected: [DecimalError.Code] = [.tooManyDigits, .scaleTooLarge]
                #expect(!double.isFinite || expected.contains(error.code), "\(double): \(error)")
            }
        }
        Budget.report("decimal.init(exactly: Double)", tried, since: start)
    }
}
