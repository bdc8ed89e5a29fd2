internal import CXMLBridge

/// Streams the rows of one worksheet part.
///
/// A producer (on its own thread for large parts) inflates the part 64 KiB at a time, pushes
/// it through the C SAX parser and packs completed rows, still as flat C cell records, into
/// batches; a small bounded queue hands the batches over. `nextRow()` turns one record row into
/// a `Row` at a time. Memory stays bounded by a few batches whatever the sheet declares.
final class XLSXSheetReader: SheetReader {
    let sheet: SheetInfo
    var mergedRanges: [CellRange] { producer.mergedRanges }

    private let workbook: XLSXWorkbook
    private let producer: SheetProducer
    private let sharedStrings: SharedStringTable
    private var stringsAvailable = 0
    private let styles: [CellStyle]
    private let date1904: Bool
    private let path: String
    /// Shared-string cells are left out (`ReadOptions.numbersAndInlineTextOnly`).
    private let skipsSharedStrings: Bool

    private var batch: RowBatch?
    private var rowIndex = 0
    private var finished = false
    private var failure: SpreadsheetError?
    /// The number of the last row element read: rows must come in increasing order, or repeat
    /// the same number (one `<row>` element per cell, as some producers write).
    private var lastRowNumber = 0
    /// A row element read ahead while gathering the pieces of the row before it.
    private var pending: Row?

    init(workbook: XLSXWorkbook, sheet: SheetInfo, part: String, sharedStrings: SharedStringTable) throws(SpreadsheetError) {
        self.workbook = workbook
        self.sheet = sheet
        self.sharedStrings = sharedStrings
        self.styles = workbook.styles
        self.date1904 = workbook.date1904
        self.path = workbook.path
        self.skipsSharedStrings = workbook.options.numbersAndInlineTextOnly
        var stream = try workbook.archive.open(part)
        let threaded = stream.declaredSizeHint >= workbook.parallelThreshold
        if threaded {
            // Parsed on its own thread: give it its own archive handle (libzip handles are
            // not shared between threads).
            stream.close()
            stream = try workbook.archive.reopened().open(part)
        }
        producer = try SheetProducer(
            stream: stream, limits: workbook.options.limits, path: path, sheet: sheet.name, part: part,
            threaded: threaded)
        stringsAvailable = sharedStrings.availableCount()
    }

    deinit { producer.cancel() }

    /// The next row, its pieces joined: some producers write one `<row r="N">` element per
    /// cell, repeating N with the cells in ascending columns, which every other reader reads as
    /// one row. Only real disorder (a piece holding a cell at or before one already read) is
    /// refused.
    func nextRow() throws(SpreadsheetError) -> Row? {
        var row: Row
        if let p = pending {
            row = p
            pending = nil
        } else {
            guard let first = try nextElement() else { return nil }
            row = first
        }
        while let next = try nextElement() {
            guard next.number == row.number else {
                pending = next
                break
            }
            guard let first = next.cells.first, let last = row.cells.last, first.column > last.column else {
                let column = next.cells.first?.column ?? 0
                failure = SpreadsheetError(
                    .malformed, file: path, sheet: sheet.name, row: row.number, column: column,
                    reason: "row \(row.number) is stored in pieces out of order: cell \(CellAddress.columnName(column))\(row.number) comes after a cell to its right",
                    hint: "the file is damaged; open it in Excel or WPS and save it as .xlsx again")
                finish()
                throw failure!
            }
            row.cells += next.cells
        }
        return row
    }

    /// The next non-empty `<row>` element as stored.
    private func nextElement() throws(SpreadsheetError) -> Row? {
        while true {
            if let failure { throw failure }
            if finished { return nil }
            if let b = batch, rowIndex < b.rows.count {
                let r = b.rows[rowIndex]
                rowIndex += 1
                let row = b.cells.withUnsafeBufferPointer { cells in
                    b.bytes.withUnsafeBytes { bytes in
                        buildRow(
                            r.number, UnsafeBufferPointer(rebasing: cells[r.firstCell..<(r.firstCell + r.cellCount)]),
                            bytes.baseAddress! + r.byteBase)
                    }
                }
                if let failure {
                    finish()
                    throw failure
                }
                if let row {
                    // Excel writes rows in increasing order and repairs files that do not. A
                    // backward row (a damaged or hand-made file) would give two rows the same
                    // number downstream, so it is refused (found by fuzzing); a repeated number
                    // is a piece of the same row, joined by `nextRow()`.
                    guard row.number >= lastRowNumber else {
                        failure = SpreadsheetError(
                            .malformed, file: path, sheet: sheet.name, row: row.number,
                            reason: "row \(row.number) is stored after row \(lastRowNumber): rows are out of order",
                            hint: "the file is damaged; open it in Excel or WPS and save it as .xlsx again")
                        finish()
                        throw failure!
                    }
                    lastRowNumber = row.number
                    return row
                }
                continue
            }
            if let b = batch {
                if let error = b.error {
                    failure = error
                    finish()
                    throw error
                }
                if b.isLast {
                    if let error = sharedStrings.waitUntilLoaded() {
                        failure = error
                        finish()
                        throw error
                    }
                    finished = true
                    producer.recycle(b)
                    batch = nil
                    return nil
                }
                producer.recycle(b)
                batch = nil
            }
            batch = producer.next()
            rowIndex = 0
        }
    }

    private func finish() {
        finished = true
        if let b = batch { producer.recycle(b) }
        batch = nil
        producer.cancel()
    }

    private func style(_ index: Int32) -> CellStyle? {
        let i = Int(index)
        return i >= 0 && i < styles.count ? styles[i] : nil
    }

    /// Builds a Row from the C parser's flat cell records; nil when it has no value (or on a
    /// failure, stored in `failure`).
    private func buildRow(_ number: Int, _ records: UnsafeBufferPointer<cxml_cell>, _ bytes: UnsafeRawPointer) -> Row? {
        let count = records.count
        var cells: [Cell] = []
        cells.reserveCapacity(count)
        var sorted = true
        var lastColumn = -1
        for i in 0..<count {
            let rec = records[i]
            let column = Int(rec.column)
            let text = UnsafeRawBufferPointer(start: bytes + Int(rec.offset), count: Int(rec.length))
            let cell: Cell
            switch UInt8(bitPattern: rec.type) {
            case UInt8(ascii: "s"):
                if skipsSharedStrings { continue }
                let d = rec.number
                let index = rec.is_number != 0 && d >= 0 && d < 1e12 && d == d.rounded(.down) ? Int(d) : -1
                if index >= stringsAvailable {
                    let (count, loadFailure) = sharedStrings.waitFor(index: index)
                    stringsAvailable = count
                    if let loadFailure {
                        failure = loadFailure
                        return nil
                    }
                }
                guard index >= 0, index < stringsAvailable else {
                    failure = SpreadsheetError(
                        .malformed, file: path, sheet: sheet.name, row: number, column: column,
                        reason: "shared string index \(String(decoding: text, as: UTF8.self)) is out of range (the table holds \(stringsAvailable))",
                        hint: "the file is damaged; open it in Excel or WPS and save it as .xlsx again")
                    return nil
                }
                let s = sharedStrings[index]
                if s.isEmpty { continue }
                cell = Cell(column: column, value: .string(s), raw: s, numberFormat: style(rec.style)?.formatCode)
            case UInt8(ascii: "n"):
                let raw = String(decoding: text, as: UTF8.self)
                let st = style(rec.style)
                guard rec.is_number != 0 else {
                    cell = Cell(column: column, value: .string(raw), raw: raw, numberFormat: st?.formatCode)
                    break
                }
                let value: CellValue
                switch st?.kind {
                case .dateTime?:
                    if let dt = ExcelDate.dateTime(serial: rec.number, date1904: date1904) {
                        value = .date(dt)
                    } else {
                        value = .number(rec.number)
                    }
                case .duration?:
                    value = .duration(ExcelDate.duration(serial: rec.number))
                default:
                    value = .number(rec.number)
                }
                cell = Cell(column: column, value: value, raw: raw, numberFormat: st?.formatCode)
            case UInt8(ascii: "b"):
                let raw = String(decoding: text, as: UTF8.self)
                let v = rec.is_number != 0 ? rec.number != 0 : raw.lowercased() == "true"
                cell = Cell(column: column, value: .bool(v), raw: raw, numberFormat: style(rec.style)?.formatCode)
            case UInt8(ascii: "e"):
                let raw = String(decoding: text, as: UTF8.self)
                cell = Cell(column: column, value: .error(raw), raw: raw, numberFormat: style(rec.style)?.formatCode)
            case UInt8(ascii: "d"):
                let raw = String(decoding: text, as: UTF8.self)
                let value: CellValue = ExcelDate.parseISO(raw).map { .date($0) } ?? .string(raw)
                cell = Cell(column: column, value: value, raw: raw, numberFormat: style(rec.style)?.formatCode)
            default:  // 'S' formula string, 'i' inline string
                let raw = String(decoding: text, as: UTF8.self)
                if rec.length > UInt32(SharedStringTable.maxCharacters), raw.utf16.count > SharedStringTable.maxCharacters {
                    failure = SpreadsheetError(
                        .limit, file: path, sheet: sheet.name, row: number, column: column,
                        reason: "a text of \(raw.utf16.count) characters, more than Excel's 32,767",
                        hint: "the file is damaged or hostile; it was not read")
                    return nil
                }
                cell = Cell(column: column, value: .string(raw), raw: raw, numberFormat: style(rec.style)?.formatCode)
            }
            if column <= lastColumn { sorted = false }
            lastColumn = column
            cells.append(cell)
        }
        if cells.isEmpty { return nil }
        if !sorted {
            // Out-of-order or repeated columns: sort, keeping the last cell stored for a column.
            var byColumn: [Int: Cell] = [:]
            for c in cells { byColumn[c.column] = c }
            cells = byColumn.keys.sorted().map { byColumn[$0]! }
        }
        return Row(number: number, cells: cells)
    }
}
