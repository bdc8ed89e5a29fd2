#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import ArgumentParser
import Spreadsheet

/// Buffered writes to standard output: one `write(2)` per 64 KiB, not one per cell.
final class StandardOutput {
    var bytes: [UInt8] = []
    private let threshold = 64 * 1024

    init() {
        bytes.reserveCapacity(threshold * 2)
        // A reader that stops early (`| head`) ends the output quietly, not with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Appends text.
    func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Writes the buffer out once it has grown past the threshold.
    func flushIfFull() {
        if bytes.count >= threshold { flush() }
    }

    /// Writes everything buffered. A closed pipe ends the process with status 0: the reader
    /// has all it asked for.
    func flush() {
        let err = bytes.withUnsafeBytes { FileIO.writeAll(1, $0) }
        if err == EPIPE { exit(0) }
        if err != 0 {
            FileHandleStderr.write("roster: cannot write the output: \(String(cString: strerror(err)))\n")
            exit(1)
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Prints a one-line message on standard error and returns exit status 2 (unreadable input).
func unreadable(_ error: SpreadsheetError) -> ExitCode {
    var line = error.description
    line.removeAll { $0 == "\n" || $0 == "\r" }
    FileHandleStderr.write("roster: " + line + "\n")
    return ExitCode(2)
}

/// Standard error without Foundation.
enum FileHandleStderr {
    static func write(_ text: String) {
        var t = text
        _ = t.withUTF8 { b in FileIO.writeAll(2, UnsafeRawBufferPointer(b)) }
    }
}

/// CSV reading options shared by the commands that open a spreadsheet.
struct CSVOptions: ParsableArguments {
    @Option(help: "CSV text encoding instead of detecting it: utf-8, utf-16le, utf-16be, gb18030 (gbk).")
    var encoding: String?

    @Option(help: "CSV field delimiter instead of detecting it: ',' 'tab' ';' '|' (or comma, semicolon, pipe).")
    var delimiter: String?

    /// Read options from the flags.
    func readOptions() throws -> ReadOptions {
        var options = ReadOptions()
        if let encoding {
            guard let e = TextEncoding(name: encoding) else {
                throw ValidationError("unknown encoding '\(encoding)': use utf-8, utf-16le, utf-16be or gb18030")
            }
            options.encoding = e
        }
        if let delimiter {
            switch delimiter.lowercased() {
            case ",", "comma": options.delimiter = UInt8(ascii: ",")
            case "\t", "tab", "\\t": options.delimiter = UInt8(ascii: "\t")
            case ";", "semicolon": options.delimiter = UInt8(ascii: ";")
            case "|", "pipe": options.delimiter = UInt8(ascii: "|")
            default:
                guard delimiter.utf8.count == 1, let b = delimiter.utf8.first, b != 0x22, b != 0x0A, b != 0x0D else {
                    throw ValidationError("the delimiter must be one ASCII character other than a quote or line break")
                }
                options.delimiter = b
            }
        }
        return options
    }
}

/// How a command names the sheet to read: `--sheet NAME` (a number that names no sheet is
/// read as a 1-based index) or `--sheet-index N`; neither means the first worksheet.
struct SheetSelection: ParsableArguments {
    @Option(help: "The sheet by name (default: the first worksheet). A number that names no sheet is read as a 1-based index; use --sheet-index when a sheet is named with digits.")
    var sheet: String?

    @Option(help: "The sheet by its 1-based position in the workbook, whatever the sheets are named (roster sheets lists them).")
    var sheetIndex: Int?

    func validate() throws {
        if sheet != nil && sheetIndex != nil { throw ValidationError("give --sheet or --sheet-index, not both") }
    }
}

/// Opens a spreadsheet and picks the sheet `selection` names (default the first worksheet).
func openSheet(_ path: String, _ selection: SheetSelection, options: ReadOptions) throws(SpreadsheetError)
    -> (any Workbook, any SheetReader)
{
    let workbook = try Spreadsheets.open(path: path, options: options)
    let listed = { workbook.sheets.map { "\($0.index + 1) \($0.name)\($0.kind == .chart ? " (chart)" : "")" }.joined(separator: ", ") }
    let index: Int
    if let position = selection.sheetIndex {
        guard let i = workbook.sheetIndex(position: position) else {
            throw SpreadsheetError(
                .noSuchSheet, file: path, reason: "there is no sheet number \(position) (the workbook has \(workbook.sheets.count))",
                hint: "the sheets are: \(listed())")
        }
        index = i
    } else if let name = selection.sheet {
        guard let i = workbook.sheetIndex(for: name) else {
            throw SpreadsheetError(
                .noSuchSheet, file: path, reason: "no sheet named or numbered '\(name)'", hint: "the sheets are: \(listed())")
        }
        index = i
    } else {
        guard let i = workbook.defaultSheetIndex else {
            throw SpreadsheetError(
                .noCells, file: path,
                reason: workbook.sheets.isEmpty ? "the workbook has no sheets" : "the workbook has only chart sheets, no cells")
        }
        index = i
    }
    do {
        return (workbook, try workbook.openSheet(index))
    } catch where error.kind == .noCells {
        var e = error
        e.hint = "choose a worksheet with --sheet or --sheet-index; the sheets are: \(listed())"
        throw e
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
