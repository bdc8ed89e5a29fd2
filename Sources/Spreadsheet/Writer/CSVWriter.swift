#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One field of a CSV record.
public enum CSVField: Sendable, Hashable {
    /// Text, guarded against formula injection.
    case text(String)
    /// A number as plain decimal text (`-12.5`), written as is.
    case number(String)
}

/// A streaming RFC 4180 CSV writer (UTF-8 with optional BOM, or GB18030/GBK through iconv).
///
/// Text that a spreadsheet would evaluate (starting with `=`, `+`, `-`, `@`, tab or carriage
/// return) is prefixed with `'`, except plain negative numbers. Output goes to a temporary file
/// renamed into place on `close()`; an existing file is kept unless `overwrite` is set.
public final class CSVWriter {
    /// The output encoding.
    public enum Encoding: String, Sendable, Hashable {
        /// UTF-8 without a byte-order mark.
        case utf8
        /// UTF-8 with a byte-order mark (what Excel on Windows needs to detect UTF-8).
        case utf8BOM
        /// GB18030 (a superset of GBK), through iconv; every character is representable.
        case gb18030
        /// GBK, through iconv; characters outside GBK are errors, never `?`.
        case gbk
    }

    /// Writer options.
    public struct Options: Sendable, Hashable {
        /// The field separator (one ASCII byte).
        public var delimiter: UInt8
        /// The encoding.
        public var encoding: Encoding
        /// The record terminator; RFC 4180 says CRLF.
        public var lineEnding: String
        /// Replace an existing file.
        public var overwrite: Bool
        /// Prefix text that a spreadsheet would evaluate with `'`.
        public var injectionGuard: Bool

        /// Creates options.
        public init(
            delimiter: UInt8 = UInt8(ascii: ","), encoding: Encoding = .utf8, lineEnding: String = "\r\n",
            overwrite: Bool = false, injectionGuard: Bool = true
        ) {
            self.delimiter = delimiter
            self.encoding = encoding
            self.lineEnding = lineEnding
            self.overwrite = overwrite
            self.injectionGuard = injectionGuard
        }
    }

    /// The output path.
    public let path: String
    /// The options.
    public let options: Options
    private let tempPath: String
    private var fd: Int32
    private let sink: ByteSink
    private let converter: IconvConverter?
    private var record = ByteSink(capacity: 1024)
    private var encoded: [UInt8] = []
    private var fieldStarts: [Int] = []
    private var rows = 0
    private var closed = false

    /// Creates the writer; fails at once when the file exists (unless overwriting).
    public init(path: String, options: Options = Options()) throws(SpreadsheetError) {
        self.path = path
        self.options = options
        guard options.delimiter < 0x80, options.delimiter != 0x22, options.delimiter != 0x0A, options.delimiter != 0x0D
        else { throw SpreadsheetError(.malformed, file: path, reason: "the delimiter must be one ASCII character other than a quote or line break") }
        var st = stat()
        if stat(path, &st) == 0, !options.overwrite {
            throw SpreadsheetError(.exists, file: path, reason: "the file already exists", hint: "choose another name or allow overwriting")
        }
        switch options.encoding {
        case .gb18030, .gbk:
            do {
                converter = try IconvConverter(from: "UTF-8", to: options.encoding == .gbk ? "GBK" : "GB18030")
            } catch {
                throw SpreadsheetError(.encoding, file: path, reason: "this system cannot encode \(options.encoding.rawValue)")
            }
        default: converter = nil
        }
        try Folders.createParent(of: path)
        (tempPath, fd) = try AtomicFile.temporary(beside: path)
        sink = ByteSink(fd: fd, bufferSize: 256 << 10)
        if options.encoding == .utf8BOM { sink.raw("\u{FEFF}") }
    }

    deinit { discard() }

    /// Writes a record of text fields.
    public func writeRow(_ fields: [String]) throws(SpreadsheetError) {
        try writeRow(fields.map { CSVField.text($0) })
    }

    /// Writes one line exactly as given (no quoting, no guard) plus the line ending: for a
    /// bank template's summary line. Refuses text containing a line break.
    public func writeRawLine(_ line: String) throws(SpreadsheetError) {
        guard !line.utf8.contains(0x0A), !line.utf8.contains(0x0D) else {
            throw SpreadsheetError(.malformed, file: path, row: rows + 1, reason: "a raw line cannot contain a line break")
        }
        try writeRecord([], raw: line)
    }

    /// Writes one record.
    public func writeRow(_ fields: [CSVField]) throws(SpreadsheetError) {
        try writeRecord(fields, raw: nil)
    }

    private func writeRecord(_ fields: [CSVField], raw: String?) throws(SpreadsheetError) {
        guard !closed else { throw SpreadsheetError(.malformed, file: path, reason: "the file is already closed") }
        rows += 1
        let out = converter == nil ? sink : record
        let base = out.count
        fieldStarts.removeAll(keepingCapacity: true)
        if let raw {
            fieldStarts.append(0)
            out.raw(raw)
        }
        for (i, f) in fields.enumerated() {
            if i > 0 { out.byte(options.delimiter) }
            fieldStarts.append(out.count - base)
            switch f {
            case .number(let n):
                guard TextPolicy.isPlainDecimal(n) else {
                    throw SpreadsheetError(.malformed, file: path, row: rows, column: i, reason: "\"\(n)\" is not a plain decimal number")
                }
                out.raw(n)
            case .text(let t):
                writeText(t, guardIt: options.injectionGuard && TextPolicy.isDangerous(t), into: out)
            }
        }
        out.raw(options.lineEnding)
        if let converter {
            encoded.removeAll(keepingCapacity: true)
            let failure: IconvConverter.Failure? = record.withBytes { b in
                do throws(IconvConverter.Failure) {
                    _ = try converter.convert(UnsafeRawBufferPointer(b), into: &encoded, final: true)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                var column: Int? = nil
                if case .invalidSequence(let off) = failure {
                    column = (fieldStarts.lastIndex(where: { $0 <= off }) ?? 0)
                }
                record = ByteSink(capacity: 1024)
                throw SpreadsheetError(
                    .encoding, file: path, row: rows, column: column,
                    reason: "the text cannot be written in \(options.encoding.rawValue)",
                    hint: "use UTF-8 or GB18030, or correct the character")
            }
            encoded.withUnsafeBufferPointer { sink.raw($0) }
            record = ByteSink(capacity: 1024)
        }
    }

    private func writeText(_ t: String, guardIt: Bool, into out: ByteSink) {
        var t = t
        t.withUTF8 { p in
            let d = options.delimiter
            let needsQuotes = p.contains(where: { $0 == d || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
            if needsQuotes { out.byte(0x22) }
            if guardIt { out.byte(UInt8(ascii: "'")) }
            if needsQuotes {
                var start = 0
                for i in 0..<p.count where p[i] == 0x22 {
                    out.raw(UnsafeBufferPointer(rebasing: p[start...i]))
                    out.byte(0x22)
                    start = i + 1
                }
                out.raw(UnsafeBufferPointer(rebasing: p[start...]))
                out.byte(0x22)
            } else {
                out.raw(p)
            }
        }
    }

    /// Flushes and moves the file into place.
    public func close() throws(SpreadsheetError) {
        guard !closed else { return }
        closed = true
        sink.flush()
        let err = sink.writeError
        let syncFailed = fsync(fd) != 0 && errno != EINVAL
        Glibc.close(fd)
        fd = -1
        if err != 0 || syncFailed {
            unlink(tempPath)
            throw SpreadsheetError(.io, file: path, reason: "cannot write: \(String(cString: strerror(err != 0 ? err : EIO)))")
        }
        try AtomicFile.commit(tempPath, to: path, overwrite: options.overwrite)
    }

    /// Abandons the output: removes the temporary file.
    public func discard() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
        if !closed {
            closed = true
            unlink(tempPath)
        }
    }
}
