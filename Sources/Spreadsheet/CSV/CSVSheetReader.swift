#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of a CSV file as rows.
///
/// Bytes are read in chunks and, for UTF-16 and GB18030, transcoded to UTF-8 with iconv chunk by
/// chunk; UTF-8 is parsed in place without transcoding. A record is parsed straight from the
/// byte buffer (RFC 4180 quoting, CRLF/LF/CR line breaks); only the fields become Strings.
public final class CSVSheetReader: SheetReader {
    /// The file's only sheet.
    public let sheet: SheetInfo
    /// CSV has no merged cells: always empty.
    public var mergedRanges: [CellRange] { [] }
    /// 1-based index of the record last returned by `nextRow()`, counting empty records (blank
    /// lines) but not the extra lines of a multi-line quoted field: the row number a
    /// spreadsheet application shows for it. `Row.number` is the physical line instead.
    public private(set) var recordNumber = 0
    /// How many fields the record last returned has, empty ones included (a row keeps only
    /// the non-empty ones).
    public private(set) var fieldCount = 0
    /// How the record last returned ended: `\r\n`, `\n` or `\r`, or nil at the end of the input.
    public private(set) var lineEnding: LineEnding?

    /// A line ending.
    public enum LineEnding: String, Sendable, Hashable {
        case crlf = "\r\n"
        case lf = "\n"
        case cr = "\r"
    }

    private let file: CSVFile
    private let path: String
    private let delimiter: UInt8
    /// The delimiter's bytes when it is wider than one byte (its first byte is `delimiter`).
    private let wideDelimiter: [UInt8]?
    private let quoting: Bool
    private let limits: ReadLimits
    private let encoding: TextEncoding

    /// Decoded UTF-8 bytes; `pos` is where the next record starts.
    private var buf: [UInt8] = []
    private var pos = 0
    /// The raw file is exhausted (and fully converted).
    private var eof = false
    /// Physical line (1-based) the next record starts on.
    private var line = 1
    /// Transcoder for non-UTF-8 input; nil when the bytes are UTF-8 already.
    private var converter: IconvConverter?
    /// Raw bytes read but not yet converted (an incomplete sequence at a chunk's end).
    private var carry: [UInt8] = []
    /// The input is valid only up to the end of `buf`: the next bytes are invalid.
    private var invalidAhead = false
    /// Detection saw only ASCII: switch to GB18030 at the first non-ASCII bytes that are not UTF-8.
    private var tentative: Bool
    /// The encoding in effect (may change once from UTF-8 to GB18030 while `tentative`).
    private var current: TextEncoding
    /// Field count of the last record, to size the next row.
    private var lastWidth = 16
    /// Scratch space for unescaping quoted fields.
    private var scratch: [UInt8] = []

    private static let chunk = 256 * 1024

    init(workbook: CSVWorkbook) throws(SpreadsheetError) {
        self.sheet = workbook.sheets[0]
        self.path = workbook.path
        self.delimiter = workbook.delimiter
        self.wideDelimiter = workbook.delimiterBytes.count > 1 ? workbook.delimiterBytes : nil
        self.quoting = workbook.options.quoting
        self.limits = workbook.options.limits
        self.encoding = workbook.encoding
        self.current = workbook.encoding
        self.tentative = workbook.tentativeUTF8
        self.file = try CSVFile(path: workbook.path, memory: workbook.memory)
        file.seek(workbook.skip)
        if encoding != .utf8 {
            converter = try Self.makeConverter(encoding, path: path)
        }
        buf.reserveCapacity(Self.chunk * 2)
    }

    private static func makeConverter(_ e: TextEncoding, path: String) throws(SpreadsheetError) -> IconvConverter {
        do {
            return try IconvConverter(from: e.iconvName, to: "UTF-8")
        } catch {
            throw SpreadsheetError(
                .encoding, file: path, reason: "this system's iconv cannot decode \(e.displayName)",
                hint: "save the file as UTF-8")
        }
    }

    /// The next record with at least one non-empty field.
    public func nextRow() throws(SpreadsheetError) -> Row? {
        while true {
            guard let row = try nextRecord() else { return nil }
            if !row.cells.isEmpty { return row }
        }
    }

    // MARK: - Input

    /// Drops consumed bytes and appends more decoded input. Returns false when nothing more
    /// can come (end of file, or invalid bytes ahead).
    private func fill() throws(SpreadsheetError) -> Bool {
        if eof || invalidAhead { return false }
        if pos > 0 {
            buf.removeSubrange(0..<pos)
            pos = 0
        }
        // Read at least as much as is buffered, so a long record is rescanned O(log n) times.
        let want = max(Self.chunk, buf.count)
        if let converter {
            var raw = carry
            carry = []
            let got = try file.read(into: &raw, max: want)
            if got == 0 { eof = true }
            if raw.isEmpty { return got > 0 }
            let before = buf.count
            var failed = false
            let consumed: Int = raw.withUnsafeBytes { r in
                do throws(IconvConverter.Failure) {
                    return try converter.convert(r, into: &buf, final: eof)
                } catch {
                    failed = true
                    return 0
                }
            }
            if failed {
                invalidAhead = true
            } else if consumed < raw.count {
                carry = Array(raw[consumed...])
            }
            return buf.count > before || !eof || failed
        }
        let start = buf.count
        let got = try file.read(into: &buf, max: want)
        if got == 0 {
            eof = true
            return false
        }
        if tentative { try checkTentative(from: start) }
        return true
    }

    /// While everything so far was ASCII, decide at the first non-ASCII bytes whether the file
    /// is UTF-8 or GB18030 (both leave ASCII unchanged, so what came before stands).
    private func checkTentative(from start: Int) throws(SpreadsheetError) {
        guard let high = buf[start...].firstIndex(where: { $0 >= 0x80 }) else { return }
        tentative = false
        // Look at what has been read, plus a little more if the chunk ends right here.
        if UTF8Check.classify(buf[high...], isWhole: false) != .invalid { return }
        current = .gb18030
        let conv = try Self.makeConverter(.gb18030, path: path)
        converter = conv
        let raw = Array(buf[high...])
        buf.removeSubrange(high...)
        var failed = false
        let consumed: Int = raw.withUnsafeBytes { r in
            do throws(IconvConverter.Failure) {
                return try conv.convert(r, into: &buf, final: false)
            } catch {
                failed = true
                return 0
            }
        }
        if failed {
            invalidAhead = true
        } else if consumed < raw.count {
            carry = Array(raw[consumed...])
        }
    }

    // MARK: - Errors

    private func encodingError(line: Int, field: Int?) -> SpreadsheetError {
        let what = field.map { "field \($0 + 1) on line \(line)" } ?? "line \(line)"
        let hint: String
        switch current {
        case .utf8:
            hint = "the file is not UTF-8: save it as \"CSV UTF-8\", or give its encoding (GB18030)"
        case .gb18030:
            hint = "save it as \"CSV UTF-8\", or give the encoding it was saved in"
        case .utf16LE, .utf16BE:
            hint = "save it again as \"CSV UTF-8\""
        }
        return SpreadsheetError(
            .encoding, file: path, row: line, column: field,
            reason: "\(what) holds bytes that are not valid \(current.displayName) text", hint: hint)
    }

    /// Line breaks in `buf[from..<to]` (CRLF counts once).
    private func lineBreaks(_ from: Int, _ to: Int) -> Int {
        var n = 0
        var i = from
        while i < to {
            let c = buf[i]
            if c == 0x0A {
                n += 1
            } else if c == 0x0D {
                if i + 1 < to, buf[i + 1] == 0x0A { i += 1 }
                n += 1
            }
            i += 1
        }
        return n
    }

    // MARK: - Parsing

    private enum Step {
        case record(Row, next: Int, lines: Int, ending: LineEnding?, fields: Int)
        case needMore
        case end
        case failed(SpreadsheetError)
    }

    /// The next record, an empty one (a blank line) included; see `fieldCount` and `lineEnding`.
    public func nextRecord() throws(SpreadsheetError) -> Row? {
        while true {
            let step = parse()
            switch step {
            case .record(let row, let next, let lines, let ending, let fields):
                pos = next
                line += lines
                recordNumber += 1
                fieldCount = fields
                lineEnding = ending
                return row
            case .end:
                return nil
            case .failed(let error):
                throw error
            case .needMore:
                if invalidAhead { throw encodingError(line: line + lineBreaks(pos, buf.count), field: nil) }
                if buf.count - pos > limits.maxCSVRecordBytes {
                    throw SpreadsheetError(
                        .limit, file: path, row: line,
                        reason: "the record starting on line \(line) is longer than "
                            + "\(limits.maxCSVRecordBytes / (1 << 20)) MiB, most likely a quote (\") that is never closed",
                        hint: "check the quotes on that line")
                }
                // When nothing more comes, `eof` is set and the next parse finishes the record.
                _ = try fill()
            }
        }
    }

    /// Parses one record starting at `pos`. `atEnd` says no more bytes will come.
    private func parse() -> Step {
        // With invalid bytes ahead, a record cut short there is not a record: ask for more,
        // and nextRecord reports the encoding error.
        let atEnd = eof && !invalidAhead
        let start = pos
        let end = buf.count
        if start >= end { return atEnd ? .end : .needMore }
        let delim = delimiter
        let wide = wideDelimiter
        let quoting = quoting
        let quote = UInt8(ascii: "\"")
        let validate = converter == nil
        let maxCells = limits.maxCellsPerRow
        let maxText = limits.maxCellTextBytes
        let recordLine = line
        var lines = 0
        var cells: [Cell] = []
        cells.reserveCapacity(lastWidth)
        var column = 0
        var failure: SpreadsheetError?
        // Borrow the scratch buffer (a swap, so appending does not copy it).
        var scratch: [UInt8] = []
        swap(&scratch, &self.scratch)
        defer { swap(&scratch, &self.scratch) }

        let result: Step? = buf.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) -> Step? in
            let p = b.baseAddress!
            var i = start
            /// Whether the delimiter starts at `i` (whose byte is its first); nil when the
            /// buffer ends inside a possible wide delimiter and more input may come.
            func delimiterAt(_ i: Int) -> Bool? {
                guard let wide else { return true }
                if i + wide.count > end { return atEnd ? false : nil }
                return memcmp(p + i, wide, wide.count) == 0
            }

            /// Makes a String of `count` bytes at `from`; nil (and `failure` set) when invalid.
            func addField(_ from: UnsafePointer<UInt8>, _ count: Int, fieldLine: Int) -> Bool {
                if count == 0 { return true }
                if count > maxText {
                    failure = SpreadsheetError(
                        .limit, file: path, row: fieldLine, column: column,
                        reason: "field \(column + 1) on line \(fieldLine) is longer than \(maxText / 1024) KiB",
                        hint: "check the quotes on that line")
                    return false
                }
                if column >= maxCells {
                    failure = SpreadsheetError(
                        .limit, file: path, row: fieldLine,
                        reason: "line \(fieldLine) has more than \(maxCells) fields",
                        hint: "check the delimiter and the quotes on that line")
                    return false
                }
                let bytes = UnsafeBufferPointer(start: from, count: count)
                let s = String(decoding: bytes, as: UTF8.self)
                if validate {
                    // Valid UTF-8 decodes to exactly its own bytes; a repaired field (a
                    // replacement character for a bad sequence) never does. Comparing is much
                    // cheaper than validating the bytes a second time (String(validating:) is
                    // generic and slower still).
                    let same =
                        s.utf8.count == count
                        && (s.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, from, count) == 0 } ?? false)
                    guard same else {
                        failure = encodingError(line: fieldLine, field: column)
                        return false
                    }
                }
                cells.append(Cell(column: column, value: .string(s), raw: s))
                return true
            }

            while true {
                let fieldLine = recordLine + lines
                if quoting && i < end && p[i] == quote {
                    // Quoted field.
                    i += 1
                    var segStart = i
                    var usedScratch = false
                    scratch.removeAll(keepingCapacity: true)
                    while true {
                        if i >= end {
                            if !atEnd { return .needMore }
                            failure = SpreadsheetError(
                                .malformed, file: path, row: fieldLine, column: column,
                                reason: "the quote (\") opening field \(column + 1) on line \(fieldLine) is never closed",
                                hint: "check the quotes on that line")
                            return nil
                        }
                        let c = p[i]
                        if c == quote {
                            if i + 1 >= end && !atEnd { return .needMore }
                            if i + 1 < end && p[i + 1] == quote {
                                scratch.append(contentsOf: UnsafeBufferPointer(start: p + segStart, count: i + 1 - segStart))
                                usedScratch = true
                                i += 2
                                segStart = i
                                continue
                            }
                            // The closing quote; anything up to the next delimiter is kept too.
                            let contentEnd = i
                            i += 1
                            let tail = i
                            while i < end, p[i] != 0x0A, p[i] != 0x0D {
                                if p[i] == delim {
                                    guard let isDelimiter = delimiterAt(i) else { return .needMore }
                                    if isDelimiter { break }
                                }
                                i += 1
                            }
                            if i >= end && !atEnd { return .needMore }
                            if usedScratch || tail < i {
                                scratch.append(contentsOf: UnsafeBufferPointer(start: p + segStart, count: contentEnd - segStart))
                                scratch.append(contentsOf: UnsafeBufferPointer(start: p + tail, count: i - tail))
                                let ok = scratch.withUnsafeBufferPointer { s in
                                    addField(s.baseAddress ?? p, s.count, fieldLine: fieldLine)
                                }
                                if !ok { return nil }
                            } else if !addField(p + segStart, contentEnd - segStart, fieldLine: fieldLine) {
                                return nil
                            }
                            break
                        } else if c == 0x0A {
                            lines += 1
                        } else if c == 0x0D {
                            if i + 1 >= end && !atEnd { return .needMore }
                            if !(i + 1 < end && p[i + 1] == 0x0A) { lines += 1 }
                        }
                        i += 1
                    }
                } else {
                    // Unquoted field: up to the delimiter or the line break.
                    let s = i
                    while i < end {
                        let c = p[i]
                        if c == 0x0A || c == 0x0D { break }
                        if c == delim {
                            guard let isDelimiter = delimiterAt(i) else { return .needMore }
                            if isDelimiter { break }
                        }
                        i += 1
                    }
                    if i >= end && !atEnd { return .needMore }
                    if !addField(p + s, i - s, fieldLine: fieldLine) { return nil }
                }
                // After a field: a delimiter, a line break, or the end of the input.
                if i >= end {
                    lines += 1
                    return .record(Row(number: recordLine, cells: []), next: i, lines: lines, ending: nil, fields: column + 1)
                }
                let c = p[i]
                if c == delim {
                    i += wide?.count ?? 1
                    column += 1
                    continue
                }
                let ending: LineEnding
                if c == 0x0D {
                    if i + 1 >= end && !atEnd { return .needMore }
                    let pair = i + 1 < end && p[i + 1] == 0x0A
                    i += pair ? 2 : 1
                    ending = pair ? .crlf : .cr
                } else {
                    i += 1
                    ending = .lf
                }
                lines += 1
                return .record(Row(number: recordLine, cells: []), next: i, lines: lines, ending: ending, fields: column + 1)
            }
        }
        if let failure { return .failed(failure) }
        guard let result else { return .needMore }
        if case .record(_, let next, let lines, let ending, let fields) = result {
            if cells.count > lastWidth { lastWidth = cells.count }
            return .record(Row(number: recordLine, cells: cells), next: next, lines: lines, ending: ending, fields: fields)
        }
        return result
    }
}
