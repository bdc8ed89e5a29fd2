#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A converter between two character encodings, through the C library's `iconv`.
///
/// Foundation's GB18030 support on Linux is unreliable; glibc's `iconv` is exact. One converter
/// keeps its shift state between calls, so a stream can be converted chunk by chunk.
public final class IconvConverter {
    /// Why a conversion failed.
    public enum Failure: Error, Sendable, Equatable {
        /// The pair of encodings is not supported by this C library.
        case unsupported(from: String, to: String)
        /// A byte sequence that is not valid in the source encoding (or, when encoding, a
        /// character the target encoding cannot represent), at this byte offset of the input.
        case invalidSequence(offset: Int)
    }

    private let cd: iconv_t
    /// The source encoding name as given to iconv.
    public let from: String
    /// The target encoding name as given to iconv.
    public let to: String

    /// Creates a converter, e.g. `IconvConverter(from: "GB18030", to: "UTF-8")`.
    public init(from: String, to: String) throws(Failure) {
        let h = iconv_open(to, from)
        if h == iconv_t(bitPattern: -1) { throw .unsupported(from: from, to: to) }
        self.cd = h!
        self.from = from
        self.to = to
    }

    deinit { iconv_close(cd) }

    /// Converts `input`, appending to `output`. Returns how many input bytes were consumed:
    /// fewer than `input.count` only when the input ends inside an incomplete multi-byte
    /// sequence and `final` is false (feed the rest with the next chunk).
    @discardableResult
    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool) throws(Failure)
        -> Int
    {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        var inPtr = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var scratch = [UInt8](repeating: 0, count: max(256, input.count * 2 + 16))
        while inLeft > 0 {
            var failure: Int32 = 0
            let produced: Int = scratch.withUnsafeMutableBytes { buf in
                var outPtr: UnsafeMutablePointer<CChar>? = buf.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = buf.count
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let r = iconv(cd, &inOpt, &inLeft, &outPtr, &outLeft)
                inPtr = inOpt!
                if r == -1 { failure = errno }
                return buf.count - outLeft
            }
            output.append(contentsOf: scratch[0..<produced])
            switch failure {
            case 0: break
            case E2BIG: continue
            case EINVAL:
                // Incomplete sequence at the end of this chunk.
                if final { throw .invalidSequence(offset: input.count - inLeft) }
                return input.count - inLeft
            default:
                throw .invalidSequence(offset: input.count - inLeft)
            }
        }
        return input.count
    }

    /// Converts a whole byte array in one call.
    public func convert(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        let result: Result<Int, Failure> = bytes.withUnsafeBytes { raw in
            do throws(Failure) {
                return .success(try convert(raw, into: &out, final: true))
            } catch {
                return .failure(error)
            }
        }
        _ = try result.get()
        return out
    }

    /// Encodes UTF-8 text into `encoding` (e.g. `GB18030`, `GBK`), failing on any character the
    /// target cannot represent (never substitutes `?`).
    public static func encode(_ text: String, to encoding: String) throws(Failure) -> [UInt8] {
        try IconvConverter(from: "UTF-8", to: encoding).convert(Array(text.utf8))
    }

    /// Decodes bytes in `encoding` into a String, failing on invalid sequences.
    public static func decode(_ bytes: [UInt8], from encoding: String) throws(Failure) -> String {
        String(decoding: try IconvConverter(from: encoding, to: "UTF-8").convert(bytes), as: UTF8.self)
    }
}
