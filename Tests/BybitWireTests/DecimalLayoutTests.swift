import CExactDecimal
import Testing

@testable import BybitWire

/// ExactDecimal's bytes are CExactDecimal's `ed_Decimal` (exact_decimal.h), which the C
/// fast paths read and write inside Lua userdata: the Swift value must have exactly the
/// layout the header declares (its ED_* constants come from `sizeof`/`offsetof`, and
/// `_Static_assert`s there stop the build if the C side drifts).
@Suite struct DecimalLayoutTests {
    /// Compiles only for trivially copyable types.
    private func requireBitwiseCopyable<T: BitwiseCopyable>(_: T.Type) -> Bool { true }

    @Test func isTheCHeadersStructTriviallyCopyableAndEightByteAligned() {
        #expect(MemoryLayout<ExactDecimal>.size == Int(ED_SIZE))
        #expect(MemoryLayout<ExactDecimal>.stride == Int(ED_SIZE))
        #expect(MemoryLayout<ExactDecimal>.alignment == Int(ED_ALIGNMENT))
        #expect(MemoryLayout<ExactDecimal>.alignment == 8)  // what Lua guarantees for userdata
        #expect(MemoryLayout<ExactDecimal>.offset(of: \.bits) == 0)
        #expect(MemoryLayout<ed_Decimal>.offset(of: \.low) == Int(ED_OFFSET_LOW))
        #expect(MemoryLayout<ed_Decimal>.offset(of: \.high) == Int(ED_OFFSET_HIGH))
        #expect(MemoryLayout<ed_Decimal>.offset(of: \.scale) == Int(ED_OFFSET_SCALE))
        #expect(Int(ED_MAX_SCALE) == ExactDecimal.maxScale)
        #expect(requireBitwiseCopyable(ExactDecimal.self))
        #expect(_isPOD(ExactDecimal.self))
    }

    /// The bytes a Swift value leaves in memory are where a C reader looks for them.
    @Test func bytesSitAtTheHeadersOffsets() throws {
        let value = try ExactDecimal(parsing: "-12345678901234567890123456.789")
        let coefficient = value.coefficient
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Int(ED_SIZE), alignment: 8)
        defer { memory.deallocate() }
        memory.storeBytes(of: value, as: ExactDecimal.self)
        #expect(
            memory.load(fromByteOffset: Int(ED_OFFSET_LOW), as: UInt64.self) == UInt64(truncatingIfNeeded: coefficient))
        #expect(memory.load(fromByteOffset: Int(ED_OFFSET_HIGH), as: Int64.self) == Int64(coefficient >> 64))
        #expect(memory.load(fromByteOffset: Int(ED_OFFSET_SCALE), as: UInt8.self) == 3)
        // and what C computes from them is ExactDecimal's value
        var negated = ed_Decimal()
        ed_negate(memory.assumingMemoryBound(to: ed_Decimal.self), &negated)
        let c = Int128(negated.high) << 64 | Int128(negated.low)
        #expect(try ExactDecimal(coefficient: c, scale: Int(negated.scale)) == -value)
    }

    @Test func survivesACopyThroughEightByteAlignedRawMemory() throws {
        // Lua hands out userdata memory aligned to 8 bytes; emulate one at offset 8 of a
        // 16-byte aligned block, so it is 8- but not 16-byte aligned.
        let value = try ExactDecimal(parsing: "-12345678901234567890123456.789")
        let block = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { block.deallocate() }
        let userdata = block + 8
        userdata.initializeMemory(as: ExactDecimal.self, to: value)
        let read = userdata.load(as: ExactDecimal.self)
        #expect(read.coefficient == value.coefficient && read.scale == value.scale)
        userdata.storeBytes(of: try read + ExactDecimal(1), as: ExactDecimal.self)
        #expect(userdata.load(as: ExactDecimal.self).description == "-12345678901234567890123455.789")
    }
}
