#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A CSV file opened for streaming reads, presented as a workbook of one sheet.
///
/// The encoding (UTF-8 with or without BOM, UTF-16 LE/BE with BOM, GB18030/GBK) and the
/// delimiter (`,` tab `;` `|`) are detected from the first 64 KiB unless `ReadOptions` gives
/// them. Every field is read as text (`CellValue.string`, `raw` = the field): CSV carries no
/// types. Memory stays bounded by one record (at most `ReadLimits.maxCSVRecordBytes`).
public final class CSVWorkbook: Workbook {
    /// The path as given by the caller.
    public let path: String
    /// Always `.csv`.
    public var format: SpreadsheetFormat { .csv }
    /// One visible sheet named after the file's base name.
    public let sheets: [SheetInfo]
    /// The encoding the file is read in (detected or given).
    public let encoding: TextEncoding
    /// The field delimiter (detected or given); its first byte when it is wider than one.
    public let delimiter: UInt8
    /// The delimiter's UTF-8 bytes (one, unless `ReadOptions.delimiterText` gave a wider one).
    let delimiterBytes: [UInt8]
    /// The bytes, for a CSV held in memory.
    let memory: [UInt8]?
    /// True when the encoding came from a byte-order mark.
    public let hasBOM: Bool

    let options: ReadOptions
    /// Bytes to skip at the start (the BOM).
    let skip: Int
    /// True when detection saw only ASCII so far: the reader may still switch to GB18030 at
    /// the first non-ASCII bytes that are not UTF-8.
    let tentativeUTF8: Bool

    /// How many bytes detection looks at.
    static let sampleSize = 64 * 1024

    /// Opens the CSV file at `path`, detecting encoding and delimiter unless `options` gives them.
    public convenience init(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        try self.init(path: path, memory: nil, options: options)
    }

    /// Reads CSV text held in memory (a file about to be written, read back to check it), named
    /// `name` in messages.
    public convenience init(bytes: [UInt8], name: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        try self.init(path: name, memory: bytes, options: options)
    }

    private init(path: String, memory: [UInt8]?, options: ReadOptions) throws(SpreadsheetError) {
        self.path = path
        self.options = options
        self.memory = memory
        let file = try CSVFile(path: path, memory: memory)
        let sample = try file.read(max: Self.sampleSize)
        let isWhole = sample.count < Self.sampleSize

        // 1. Encoding: a BOM, else the override, else UTF-8 if the sample is valid UTF-8.
        var bomEncoding: TextEncoding?
        var bomLength = 0
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            bomEncoding = .utf8
            bomLength = 3
        } else if sample.starts(with: [0xFF, 0xFE]) {
            bomEncoding = .utf16LE
            bomLength = 2
        } else if sample.starts(with: [0xFE, 0xFF]) {
            bomEncoding = .utf16BE
            bomLength = 2
        }
        var tentative = false
        let chosen: TextEncoding
        if let forced = options.encoding {
            chosen = forced
            if bomEncoding != forced { bomLength = 0 }
        } else if let bomEncoding {
            chosen = bomEncoding
        } else {
            switch UTF8Check.classify(sample[...], isWhole: isWhole) {
            case .ascii:
                chosen = .utf8
                tentative = !isWhole
            case .valid: chosen = .utf8
            case .invalid: chosen = .gb18030
            }
        }
        self.encoding = chosen
        self.skip = bomLength
        self.hasBOM = bomLength > 0
        self.tentativeUTF8 = tentative

        // 2. Delimiter: the override, else sniffed over the decoded sample.
        if let t = options.delimiterText, let first = t.utf8.first {
            self.delimiter = first
        } else if let d = options.delimiter {
            self.delimiter = d
        } else {
            var text: [UInt8]
            let body = Array(sample[bomLength...])
            if chosen == .utf8 {
                text = body
            } else {
                text = []
                if let conv = try? IconvConverter(from: chosen.iconvName, to: "UTF-8") {
                    var usable = body
                    // Drop an odd trailing byte of UTF-16 and stop at the first invalid sequence.
                    if chosen != .gb18030, usable.count % 2 == 1 { usable.removeLast() }
                    usable.withUnsafeBytes { raw in
                        do throws(IconvConverter.Failure) {
                            _ = try conv.convert(raw, into: &text, final: false)
                        } catch {
                            if case .invalidSequence(let offset) = error {
                                text = []
                                _ = try? conv.convert(
                                    UnsafeRawBufferPointer(rebasing: raw[0..<offset]), into: &text, final: false)
                            }
                        }
                    }
                }
            }
            self.delimiter = CSVSniffer.delimiter(in: text, isWhole: isWhole)
        }

        self.delimiterBytes = options.delimiterText.map { Array($0.utf8) } ?? [delimiter]
        self.sheets = [SheetInfo(index: 0, name: Self.baseName(path), visibility: .visible)]
    }

    /// Opens the file's only sheet (index 0) for reading from its first record.
    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        guard index == 0 else {
            throw SpreadsheetError(
                .noSuchSheet, file: path,
                reason: "a CSV file has one sheet; there is no sheet \(index + 1)",
                hint: "use sheet 1 or leave the sheet out")
        }
        return try CSVSheetReader(workbook: self)
    }

    /// The file's records one by one, empty ones included, with how many fields each has and
    /// how it ended (``CSVSheetReader/nextRecord()``): for checking a file record by record.
    public func openRecords() throws(SpreadsheetError) -> CSVSheetReader { try CSVSheetReader(workbook: self) }

    /// The file name without folders and without its last extension: `data/区县 名单.csv` ->
    /// `区县 名单`.
    static func baseName(_ path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return name.isEmpty ? "Sheet1" : String(name)
    }
}

extension TextEncoding {
    /// The name glibc's iconv knows the encoding by.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        }
    }

    /// A short human name for messages.
    var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030/GBK"
        }
    }
}

/// A file descriptor read in chunks, or bytes held in memory read the same way.
final class CSVFile {
    let fd: Int32
    let path: String
    private let memory: [UInt8]?
    private var position = 0

    init(path: String, memory: [UInt8]? = nil) throws(SpreadsheetError) {
        self.path = path
        self.memory = memory
        if memory != nil {
            fd = -1
            return
        }
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            let e = errno
            switch e {
            case ENOENT: throw SpreadsheetError(.io, file: path, reason: "no such file")
            case EACCES:
                throw SpreadsheetError(
                    .io, file: path, reason: "cannot be opened for reading", hint: "check its permissions")
            default: throw SpreadsheetError(.io, file: path, reason: "cannot be opened: \(Self.message(e))")
            }
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw SpreadsheetError(.io, file: path, reason: "is a folder, not a file")
        }
        self.fd = fd
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    static func message(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// Appends up to `max` bytes to `buffer`; returns how many were read (0 at the end).
    func read(into buffer: inout [UInt8], max: Int) throws(SpreadsheetError) -> Int {
        if let memory {
            let n = min(max, memory.count - position)
            buffer.append(contentsOf: memory[position..<(position + n)])
            position += n
            return n
        }
        var got = 0
        var failure: Int32 = 0
        // Read into scratch space and append only what arrived: zero-filling `max` bytes of the
        // array first cost more than the read itself for small files (10,000 small files).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max) { scratch in
            switch FileIO.readSome(fd, into: scratch.baseAddress!, count: max) {
            case .success(let n): got = n
            case .failure(let e): failure = e.code
            }
            if got > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<got])) }
        }
        if failure != 0 {
            throw SpreadsheetError(.io, file: path, reason: "cannot be read: \(Self.message(failure))")
        }
        return got
    }

    /// Reads up to `max` bytes from the current position (short only at the end of the file).
    func read(max: Int) throws(SpreadsheetError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(max)
        while out.count < max {
            if try read(into: &out, max: max - out.count) == 0 { break }
        }
        return out
    }

    /// Moves to an absolute byte offset.
    func seek(_ offset: Int) {
        if memory != nil {
            position = offset
        } else {
            lseek(fd, off_t(offset), SEEK_SET)
        }
    }
}

/// UTF-8 validity checks over raw bytes.
enum UTF8Check {
    enum Verdict { case ascii, valid, invalid }

    /// Classifies a sample. When the sample is not the whole file, an incomplete sequence at
    /// its very end is not held against it.
    static func classify(_ bytes: ArraySlice<UInt8>, isWhole: Bool) -> Verdict {
        guard let firstHigh = bytes.firstIndex(where: { $0 >= 0x80 }) else { return .ascii }
        let end = validPrefixEnd(bytes[firstHigh...])
        if end == bytes.endIndex { return .valid }
        if !isWhole, bytes.endIndex - end < 4, isIncompleteTail(bytes[end...]) { return .valid }
        return .invalid
    }

    /// True when `count` bytes at `p` are well-formed UTF-8 (ASCII checked 8 bytes at a time).
    static func isValid(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < count {
            if p[i] < 0x80 {
                i += 1
                continue
            }
            let n = sequenceLength(available: count - i) { p[i + $0] }
            if n == 0 { return false }
            i += n
        }
        return true
    }

    /// The length (2-4) of the well-formed UTF-8 sequence whose bytes are `byte(0)`, `byte(1)`…,
    /// or 0 when it is malformed or needs more than the `available` bytes. `byte(0)` is >= 0x80.
    @inline(__always)
    static func sequenceLength(available: Int, _ byte: (Int) -> UInt8) -> Int {
        var need = 0
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch byte(0) {
        case 0xC2...0xDF: need = 1
        case 0xE0:
            need = 2
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED:
            need = 2
            hi = 0x9F
        case 0xF0:
            need = 3
            lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4:
            need = 3
            hi = 0x8F
        default: return 0
        }
        if need >= available { return 0 }
        let c1 = byte(1)
        if c1 < lo || c1 > hi { return 0 }
        var k = 2
        while k <= need {
            if byte(k) & 0xC0 != 0x80 { return 0 }
            k += 1
        }
        return need + 1
    }

    /// The index just past the longest valid UTF-8 prefix.
    static func validPrefixEnd(_ b: ArraySlice<UInt8>) -> Int {
        var i = b.startIndex
        let end = b.endIndex
        while i < end {
            if b[i] < 0x80 {
                i += 1
                continue
            }
            let n = sequenceLength(available: end - i) { b[i + $0] }
            if n == 0 { return i }
            i += n
        }
        return end
    }

    /// True when `tail` is the beginning of a well-formed multi-byte sequence cut short.
    static func isIncompleteTail(_ tail: ArraySlice<UInt8>) -> Bool {
        guard let lead = tail.first else { return false }
        let need: Int
        switch lead {
        case 0xC2...0xDF: need = 1
        case 0xE0...0xEF: need = 2
        case 0xF0...0xF4: need = 3
        default: return false
        }
        return tail.count <= need && tail.dropFirst().allSatisfy { $0 & 0xC0 == 0x80 }
    }
}

/// Delimiter detection.
enum CSVSniffer {
    /// Candidates in order of preference.
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]

    /// Picks the candidate whose count per record (outside quotes) is the same, and non-zero,
    /// on the most of the first records; `,` when none appears.
    static func delimiter(in text: [UInt8], isWhole: Bool, maxRecords: Int = 50) -> UInt8 {
        var counts: [[Int]] = []  // per record, per candidate
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var fieldStart = true
        var sawContent = false
        var i = 0
        let n = text.count
        var complete = false
        while i < n, counts.count < maxRecords {
            let c = text[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < n, text[i + 1] == UInt8(ascii: "\"") { i += 1 } else { inQuotes = false }
                }
            } else if c == UInt8(ascii: "\"") && fieldStart {
                inQuotes = true
                sawContent = true
            } else if c == 0x0A || c == 0x0D {
                if sawContent { counts.append(current) }
                current = [Int](repeating: 0, count: candidates.count)
                sawContent = false
                if c == 0x0D, i + 1 < n, text[i + 1] == 0x0A { i += 1 }
                fieldStart = true
                i += 1
                continue
            } else if let k = candidates.firstIndex(of: c) {
                current[k] += 1
                sawContent = true
                fieldStart = true
                i += 1
                continue
            } else {
                sawContent = true
            }
            fieldStart = false
            i += 1
        }
        if i >= n { complete = true }
        // The last record counts only when the sample holds the whole file.
        if complete, isWhole, sawContent, !inQuotes, counts.count < maxRecords { counts.append(current) }

        var best: UInt8 = candidates[0]
        var bestScore = 0
        for (k, cand) in candidates.enumerated() {
            var freq: [Int: Int] = [:]
            for rec in counts where rec[k] > 0 { freq[rec[k], default: 0] += 1 }
            // The most frequent non-zero count; on a tie, the larger count.
            guard let mode = freq.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }) else {
                continue
            }
            if mode.value > bestScore {
                bestScore = mode.value
                best = cand
            }
        }
        return best
    }
}

/// UTF-8 checks for other modules.
public enum UTF8Text {
    /// True when the bytes are well-formed UTF-8 (no overlong forms, surrogates or truncated sequences).
    public static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { b in b.baseAddress.map { UTF8Check.isValid($0, b.count) } ?? true }
    }
}
