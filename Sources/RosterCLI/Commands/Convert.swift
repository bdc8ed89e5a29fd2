import ArgumentParser
import Spreadsheet

/// `roster convert IN OUT`: CSV to XLSX, XLSX to CSV (and re-encoding either way), streaming.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Converts between CSV and XLSX (by OUT's extension), streaming row by row.",
        discussion: """
            The input's format is detected from its bytes; the output's from OUT's extension \
            (.xlsx, or .csv/.txt/.tsv). \
            CSV to XLSX keeps every field as text (cells formatted '@'), so identity numbers, bank \
            card numbers, phone numbers and codes with leading zeros arrive exactly as typed and \
            never become 5.30102E+17. With --numbers, plain decimals with at most 9 digits before \
            the point and no leading zero (amounts, years, counts) become numbers; longer digit \
            strings always stay text. Text starting with = + - @ is stored as text, never a formula. \
            XLSX to CSV writes RFC 4180 records (CRLF), UTF-8 with a byte-order mark by default so \
            Excel opens it correctly; text a spreadsheet would evaluate is prefixed with ' (real \
            negative numbers are not). Empty rows and cells keep their positions. \
            An existing OUT is never replaced without --force. \
            Exit status 2 with a one-line message when IN cannot be read, 1 when OUT cannot be written.
            """)

    @Argument(help: "The input: an .xlsx or .csv file.")
    var input: String

    @Argument(help: "The output: a .xlsx, .csv, .txt or .tsv file.")
    var output: String

    @OptionGroup var sheet: SheetSelection

    @OptionGroup var csv: CSVOptions

    @Option(help: "CSV output encoding: utf-8-bom (default), utf-8, gb18030 or gbk.")
    var outputEncoding: String = "utf-8-bom"

    @Option(help: "CSV output delimiter: ',' (default; tab for .tsv), 'tab', ';' or '|'.")
    var outputDelimiter: String?

    @Flag(help: "CSV to XLSX: store short plain decimals (≤ 9 integer digits, no leading zero) as numbers.")
    var numbers = false

    @Flag(help: "Replace OUT if it exists.")
    var force = false

    func run() throws {
        let options = try csv.readOptions()
        let lower = output.lowercased()
        let toXLSX = lower.hasSuffix(".xlsx")
        guard toXLSX || lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") else {
            throw ValidationError("OUT must end in .xlsx, .csv, .txt or .tsv")
        }
        guard input != output else { throw ValidationError("IN and OUT are the same file") }
        let (_, reader): (any Workbook, any SheetReader)
        do {
            (_, reader) = try openSheet(input, sheet, options: options)
        } catch {
            throw unreadable(error)
        }
        do {
            if toXLSX {
                try toWorkbook(reader)
            } else {
                try toCSV(reader, tsv: lower.hasSuffix(".tsv"))
            }
        } catch {
            guard error.file == output else { throw unreadable(error) }
            var line = error.description
            line.removeAll { $0 == "\n" || $0 == "\r" }
            FileHandleStderr.write("roster: " + line + "\n")
            throw ExitCode(1)
        }
    }

    /// A sheet name from the input's file name, within Excel's rules.
    private func sheetName(for reader: any SheetReader) -> String {
        var base = input.split(separator: "/").last.map(String.init) ?? "Sheet1"
        if reader is CSVSheetReader {
            if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        } else {
            base = reader.sheet.name
        }
        var name = String(base.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        while name.utf16.count > 31 { name.removeLast() }
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        return XLSXWriter.sheetNameProblem(name) == nil ? name : "Sheet1"
    }

    private func toWorkbook(_ reader: any SheetReader) throws(SpreadsheetError) {
        let book = try XLSXWriter(
            path: output, options: XLSXWriter.Options(overwrite: force, properties: DocumentProperties(application: "roster")))
        let sheet = try book.addSheet(name: sheetName(for: reader))
        let fromCSV = reader is CSVSheetReader
        let csvReader = reader as? CSVSheetReader
        var cells: [WriteCell] = []
        do {
            while let row = try reader.nextRow() {
                let number = csvReader?.recordNumber ?? row.number
                cells.removeAll(keepingCapacity: true)
                for cell in row.cells {
                    while cells.count < cell.column { cells.append(.empty()) }
                    cells.append(fromCSV ? csvCell(cell.raw) : workbookCell(cell))
                }
                try sheet.writeRow(cells, at: number)
            }
            for range in reader.mergedRanges { try? sheet.mergeCells(range) }
            try book.close()
        } catch {
            book.discard()
            throw error
        }
    }

    /// A CSV field as a cell: text, or with --numbers a short plain decimal as a number.
    private func csvCell(_ field: String) -> WriteCell {
        if numbers, Self.isShortNumber(field) { return .decimal(field) }
        return .text(field)
    }

    /// `-?[1-9][0-9]{0,8}(.[0-9]+)?` or `-?0(.[0-9]+)?`: safe to type as a number.
    static func isShortNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        let intPart = u.prefix(while: { $0 >= 48 && $0 <= 57 })
        guard !intPart.isEmpty, intPart.count <= 9 else { return false }
        if intPart.count > 1, intPart.first == 48 { return false }
        let rest = u.dropFirst(intPart.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
        return rest.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// An XLSX cell copied as typed.
    private func workbookCell(_ cell: Cell) -> WriteCell {
        switch cell.value {
        case .empty: return .empty()
        case .string(let s): return cell.numberFormat == "@" ? .text(s) : .string(s)
        case .number(let d):
            return TextPolicy.isPlainDecimal(cell.raw) ? .decimal(cell.raw) : .number(d)
        case .bool(let b): return .bool(b)
        case .error(let e): return .string(e)
        case .date(let d): return .date(d)
        case .duration(let seconds): return .number(seconds / 86400)
        }
    }

    private func toCSV(_ reader: any SheetReader, tsv: Bool) throws(SpreadsheetError) {
        var options = CSVWriter.Options(overwrite: force)
        switch outputEncoding.lowercased() {
        case "utf-8-bom", "utf8-bom", "utf-8-sig": options.encoding = .utf8BOM
        case "utf-8", "utf8": options.encoding = .utf8
        case "gb18030": options.encoding = .gb18030
        case "gbk", "gb2312", "cp936": options.encoding = .gbk
        default:
            throw SpreadsheetError(.encoding, file: output, reason: "unknown output encoding '\(outputEncoding)'",
                hint: "use utf-8-bom, utf-8, gb18030 or gbk")
        }
        if tsv { options.delimiter = 0x09 }
        if let d = outputDelimiter {
            switch d.lowercased() {
            case ",", "comma": options.delimiter = UInt8(ascii: ",")
            case "\t", "tab", "\\t": options.delimiter = 0x09
            case ";", "semicolon": options.delimiter = UInt8(ascii: ";")
            case "|", "pipe": options.delimiter = UInt8(ascii: "|")
            default:
                throw SpreadsheetError(.malformed, file: output, reason: "unknown output delimiter '\(d)'", hint: "use , tab ; or |")
            }
        }
        let writer = try CSVWriter(path: output, options: options)
        let csvReader = reader as? CSVSheetReader
        var previous = 0
        var fields: [CSVField] = []
        do {
            while let row = try reader.nextRow() {
                let number = csvReader?.recordNumber ?? row.number
                while previous + 1 < number {
                    try writer.writeRow([CSVField]())
                    previous += 1
                }
                fields.removeAll(keepingCapacity: true)
                for cell in row.cells {
                    while fields.count < cell.column { fields.append(.text("")) }
                    fields.append(csvField(cell))
                }
                try writer.writeRow(fields)
                previous = number
            }
            try writer.close()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A cell as a CSV field: numbers as plain decimals, dates in ISO form, text guarded.
    private func csvField(_ cell: Cell) -> CSVField {
        switch cell.value {
        case .empty: return .text("")
        case .string(let s): return .text(s)
        case .number(let d):
            if TextPolicy.isPlainDecimal(cell.raw) { return .number(cell.raw) }
            return .number(plainDecimal(d))
        case .bool(let b): return .text(b ? "TRUE" : "FALSE")
        case .error(let e): return .text(e)
        case .date(let d): return .text(d.description)
        case .duration(let s): return .number(plainDecimal(s))
        }
    }
}

/// A finite double as plain decimal text without an exponent (`5.30102198001011E+17` →
/// `530102198001011000`), from its shortest round-tripping digits.
func plainDecimal(_ d: Double) -> String {
    guard d.isFinite else { return "0" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    let text = d.description.lowercased()
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    var negative = false
    if mantissa.hasPrefix("-") {
        negative = true
        mantissa.removeFirst()
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
    var point = parts[0].count + exponent
    var ds = digits
    if point <= 0 {
        ds = String(repeating: "0", count: 1 - point) + ds
        point = 1
    }
    if point >= ds.count { ds += String(repeating: "0", count: point - ds.count) }
    var whole = String(ds.prefix(point))
    var frac = String(ds.dropFirst(point))
    while frac.hasSuffix("0") { frac.removeLast() }
    while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
    return (negative ? "-" : "") + whole + (frac.isEmpty ? "" : "." + frac)
}
