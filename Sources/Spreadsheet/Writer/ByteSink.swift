#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only byte buffer that either grows in memory or flushes to a file descriptor.
///
/// Part writers append XML through it; the sheet writer points it at a temporary file so memory
/// stays bounded by the buffer size, however many rows are written.
final class ByteSink {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Where full buffers go; -1 keeps everything in memory.
    private let fd: Int32
    /// Bytes already flushed to `fd`.
    private(set) var flushed: Int64 = 0
    /// The first write error (errno), if any; checked by `finish()`.
    private(set) var writeError: Int32 = 0
    /// When set, full buffers are compressed on the deflater's thread instead of written.
    private let deflater: Deflater?
    /// The buffer the deflater may be reading while `storage` fills.
    private var spare: UnsafeMutablePointer<UInt8>?
    private var spareCapacity = 0

    /// A sink that keeps everything in memory.
    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        self.storage = .allocate(capacity: self.capacity)
        self.fd = -1
        self.deflater = nil
    }

    /// A sink that flushes to an open file descriptor (not closed by the sink).
    init(fd: Int32, bufferSize: Int = 1 << 20) {
        self.capacity = bufferSize
        self.storage = .allocate(capacity: bufferSize)
        self.fd = fd
        self.deflater = nil
    }

    /// A sink whose full buffers are deflated into a file on a background thread.
    init(deflater: Deflater, bufferSize: Int = 256 << 10) {
        self.capacity = bufferSize
        self.storage = .allocate(capacity: bufferSize)
        self.spare = .allocate(capacity: bufferSize)
        self.spareCapacity = bufferSize
        self.fd = -2
        self.deflater = deflater
    }

    deinit {
        deflater?.wait()
        storage.deallocate()
        spare?.deallocate()
    }

    /// Total bytes appended so far.
    var totalBytes: Int64 { flushed + Int64(count) }

    @inline(__always)
    private func ensure(_ n: Int) {
        if count + n <= capacity { return }
        if fd >= 0 || deflater != nil {
            flush()
            if n <= capacity { return }
        }
        var newCap = capacity * 2
        while newCap < count + n { newCap *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        p.update(from: storage, count: count)
        storage.deallocate()
        storage = p
        capacity = newCap
    }

    /// Writes the buffered bytes to the file (no-op for memory sinks).
    func flush() {
        if let deflater {
            guard count > 0 else { return }
            deflater.wait()
            deflater.submit(storage, count: count)
            swap(&storage, &spare!)
            swap(&capacity, &spareCapacity)
            flushed += Int64(count)
            count = 0
            return
        }
        guard fd >= 0, count > 0 else { return }
        let err = FileIO.writeAll(fd, UnsafeRawBufferPointer(start: storage, count: count))
        if err != 0, writeError == 0 { writeError = err }
        flushed += Int64(count)
        count = 0
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        ensure(1)
        storage[count] = b
        count += 1
    }

    /// Appends ASCII/UTF-8 literal text.
    @inline(__always)
    func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        ensure(n)
        (storage + count).update(from: s.utf8Start, count: n)
        count += n
    }

    /// Appends raw bytes.
    @inline(__always)
    func raw(_ p: UnsafeBufferPointer<UInt8>) {
        guard let base = p.baseAddress, p.count > 0 else { return }
        ensure(p.count)
        (storage + count).update(from: base, count: p.count)
        count += p.count
    }

    /// Appends a string's UTF-8 bytes unescaped (for names and numbers known to be safe).
    func raw(_ s: String) {
        var s = s
        s.withUTF8 { raw($0) }
    }

    /// Flushes the last bytes and completes the deflate stream (deflating sinks only); the
    /// deflater's failure, if any, becomes `writeError`.
    func finishDeflate() {
        guard let deflater else { return }
        flush()
        deflater.finish()
        if writeError == 0, deflater.failure != 0 { writeError = deflater.failure > 0 ? deflater.failure : EIO }
    }

    /// Appends a non-negative or negative integer in decimal.
    func int(_ v: Int) {
        ensure(21)
        if v == 0 {
            storage[count] = 48
            count += 1
            return
        }
        var m = v.magnitude
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            while m > 0 {
                buf[23 - n] = UInt8(48 + m % 10)
                m /= 10
                n += 1
            }
            if v < 0 {
                storage[count] = 45
                count += 1
            }
            for i in 0..<n { storage[count + i] = buf[24 - n + i] }
        }
        count += n
    }

    /// Appends column letters (0 → A) and a row number: a cell reference.
    func cellRef(column: Int, row: Int) {
        columnLetters(column)
        int(row)
    }

    /// Appends column letters for a 0-based column.
    func columnLetters(_ column: Int) {
        ensure(3)
        if column < 26 {
            storage[count] = UInt8(65 + column)
            count += 1
        } else if column < 702 {
            storage[count] = UInt8(64 + column / 26)
            storage[count + 1] = UInt8(65 + column % 26)
            count += 2
        } else {
            let c = column - 702
            storage[count] = UInt8(65 + c / 676)
            storage[count + 1] = UInt8(65 + (c / 26) % 26)
            storage[count + 2] = UInt8(65 + c % 26)
            count += 3
        }
    }

    /// Appends text escaped for XML element content (see `XMLEscaper`).
    func text(_ s: String) {
        var s = s
        s.withUTF8 { XMLEscaper.escape($0, into: self, attribute: false) }
    }

    /// Appends text escaped for a double-quoted XML attribute value.
    func attr(_ s: String) {
        var s = s
        s.withUTF8 { XMLEscaper.escape($0, into: self, attribute: true) }
    }

    /// The bytes held in memory (the whole content for a memory sink).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// The content as a string (memory sinks; for tests and small parts).
    var string: String { String(decoding: UnsafeBufferPointer(start: storage, count: count), as: UTF8.self) }

    /// Hands the in-memory bytes to a closure without copying.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }
}

/// The one XML escaping routine of the writer.
///
/// Escapes `&`, `<`, `>` (and `"` in attributes); writes control characters that XML 1.0 cannot
/// carry (U+0000–U+001F except tab and line feed, plus carriage return so it survives line-end
/// normalisation, and U+FFFE/U+FFFF) as Excel's `_xHHHH_`; and protects a literal `_xHHHH_`
/// (or `_XHHHH_`) already in the text by escaping its underscore as `_x005F_`, so a reader
/// decodes it back to the same characters.
public enum XMLEscaper {
    /// Escapes `text` for element content (`attribute == false`) or a double-quoted attribute.
    public static func escaped(_ text: String, attribute: Bool = false) -> String {
        let sink = ByteSink(capacity: text.utf8.count + 16)
        var t = text
        t.withUTF8 { escape($0, into: sink, attribute: attribute) }
        return sink.string
    }

    @inline(__always)
    private static func needsWork(_ b: UInt8) -> Bool {
        // <, >, &, ", _, controls, and 0xEF (lead byte of U+FFFE/U+FFFF).
        b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x5F || b == 0xEF
    }

    @inline(__always)
    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// True when the character at `i` is itself written as `_xHHHH_` in element content: a
    /// control character other than tab and line feed, or U+FFFE/U+FFFF.
    @inline(__always)
    private static func startsHexEscape(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = p[i]
        if b < 0x20 { return b != 0x09 && b != 0x0A }
        return b == 0xEF && i + 2 < p.count && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)
    }

    private static func hexEscape(_ v: Int, into sink: ByteSink) {
        sink.raw("_x")
        for shift in [12, 8, 4, 0] { sink.byte(hexDigits[(v >> shift) & 0xF]) }
        sink.byte(0x5F)
    }

    static func escape(_ p: UnsafeBufferPointer<UInt8>, into sink: ByteSink, attribute: Bool) {
        let n = p.count
        var start = 0
        var i = 0
        while i < n {
            let b = p[i]
            if !needsWork(b) {
                i += 1
                continue
            }
            // Decide whether this byte needs replacing.
            var replacement: StaticString? = nil
            var hex = -1
            var consumed = 1
            switch b {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: if attribute { replacement = "&quot;" }
            case 0x09: if attribute { replacement = "&#9;" }
            case 0x0A: if attribute { replacement = "&#10;" }
            case 0x5F:
                // A literal `_xHHHH_` would be decoded by readers: escape its underscore. Only in
                // element content: readers do not decode attributes such as sheet names, so there
                // the escape would show (`_x005F_x0040_`; found by FuzzXLSXWriter).
                // The `_` that closes it may also be the first byte of the next character's own
                // escape: `_x0041` before a NUL is written `_x0041_x0000_`, which readers would
                // decode as `A` (found by FuzzXLSXWriter), so that case is protected too.
                // Excel (and this reader) also decode `_XHHHH_` with a capital X (ClosedXML
                // protects it for that reason), so both cases are protected (found by FuzzXLSXWriter).
                if !attribute, i + 6 < n, p[i + 1] == 0x78 || p[i + 1] == 0x58, isHex(p[i + 2]), isHex(p[i + 3]), isHex(p[i + 4]),
                    isHex(p[i + 5]), p[i + 6] == 0x5F || startsHexEscape(p, at: i + 6)
                {
                    hex = 0x5F
                }
            case 0xEF:
                if i + 2 < n, p[i + 1] == 0xBF, p[i + 2] == 0xBE || p[i + 2] == 0xBF {
                    hex = p[i + 2] == 0xBE ? 0xFFFE : 0xFFFF
                    consumed = 3
                }
            default:
                if b < 0x20 { hex = Int(b) }
            }
            if replacement == nil && hex < 0 {
                i += 1
                continue
            }
            if i > start { sink.raw(UnsafeBufferPointer(rebasing: p[start..<i])) }
            if let r = replacement { sink.raw(r) } else { hexEscape(hex, into: sink) }
            i += consumed
            start = i
        }
        if n > start { sink.raw(UnsafeBufferPointer(rebasing: p[start..<n])) }
    }
}
