internal import CXMLBridge

/// Streams the rows of one worksheet part: the part is inflated 64 KiB at a time and pushed
/// through a SAX parser, which hands back each completed row; rows are returned one by one.
final class XLSXSheetReader: SheetReader {
    let sheet: SheetInfo
    private(set) var mergedRanges: [CellRange] = []

    private let workbook: XLSXWorkbook
    private let part: String
    private let source: ChunkSource
    private var parser: OpaquePointer?
    private let sharedStrings: [String]
    private let styles: [CellStyle]
    private let date1904: Bool
    private let path: String

    private var pending: [Row] = []
    private var pendingIndex = 0
    private var finished = false
    private var failure: SpreadsheetError?

    init(workbook: XLSXWorkbook, sheet: SheetInfo, part: String, sharedStrings: [String]) throws(SpreadsheetError) {
        self.workbook = workbook
        self.sheet = sheet
        self.part = part
        self.sharedStrings = sharedStrings
        self.styles = workbook.styles
        self.date1904 = workbook.date1904
        self.path = workbook.path
        let stream = try workbook.archive.open(part)
        self.source = PrefetchingChunkSource(stream: stream)
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        let rowCB: cxml_row_fn = { ctx, row, cells, count, bytes in
            let reader = Unmanaged<XLSXSheetReader>.fromOpaque(ctx!).takeUnretainedValue()
            return reader.takeRow(Int(row), cells!, count, UnsafeRawPointer(bytes!))
        }
        let mergeCB: cxml_merge_fn = { ctx, ref in
            let reader = Unmanaged<XLSXSheetReader>.fromOpaque(ctx!).takeUnretainedValue()
            if let r = CellRange(Substring(String(cString: ref!))) { reader.mergedRanges.append(r) }
            return 0
        }
        guard let p = cxml_sheet_parser_new(cxmlLimits(workbook.options.limits), ctx, rowCB, mergeCB) else {
            throw SpreadsheetError(.limit, file: path, sheet: sheet.name, reason: "out of memory creating an XML parser")
        }
        parser = p
    }

    deinit {
        if let parser { cxml_parser_free(parser) }
        source.cancel()
    }

    func nextRow() throws(SpreadsheetError) -> Row? {
        while pendingIndex >= pending.count {
            if let failure { throw failure }
            if finished { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            try feedOneChunk()
        }
        let row = pending[pendingIndex]
        pendingIndex += 1
        return row
    }

    private func feedOneChunk() throws(SpreadsheetError) {
        guard let parser else { return }
        let chunk: Chunk
        do {
            chunk = try source.next()
        } catch {
            finish(with: error)
            throw error
        }
        let status = chunk.withBytes { buf in
            cxml_parser_feed(parser, buf.baseAddress?.assumingMemoryBound(to: CChar.self), buf.count, buf.count == 0 ? 1 : 0)
        }
        let last = chunk.count == 0
        source.recycle(chunk)
        if status != 0 {
            let error = failure ?? sheetFailure(status: status)
            finish(with: error)
            throw error
        }
        if last {
            finished = true
            cxml_parser_free(parser)
            self.parser = nil
        }
    }

    private func finish(with error: SpreadsheetError) {
        failure = error
        finished = true
        pending.removeAll()
        pendingIndex = 0
        source.cancel()
    }

    private func sheetFailure(status: Int32) -> SpreadsheetError {
        var e = xmlFailure(parser!, status: status, path: path, part: part, sheet: sheet.name)
        if e.kind == .malformed { e.reason = "the sheet XML is damaged: " + e.reason }
        return e
    }

    private func style(_ index: Int32) -> CellStyle? {
        let i = Int(index)
        return i >= 0 && i < styles.count ? styles[i] : nil
    }

    /// Builds a Row from the C parser's flat cell records. Returns nonzero to stop parsing.
    private func takeRow(_ number: Int, _ records: UnsafePointer<cxml_cell>, _ count: Int, _ bytes: UnsafeRawPointer) -> Int32 {
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
                let d = rec.number
                guard rec.is_number != 0, d >= 0, d < Double(sharedStrings.count), d == d.rounded(.down) else {
                    failure = SpreadsheetError(
                        .malformed, file: path, sheet: sheet.name, row: number, column: column,
                        reason: "shared string index \(String(decoding: text, as: UTF8.self)) is out of range (the table holds \(sharedStrings.count))",
                        hint: "the file is damaged; open it in Excel or WPS and save it as .xlsx again")
                    return 1
                }
                let s = sharedStrings[Int(d)]
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
                if rec.length > UInt32(SharedStringsReader.maxCharacters), raw.utf16.count > SharedStringsReader.maxCharacters {
                    failure = SpreadsheetError(
                        .limit, file: path, sheet: sheet.name, row: number, column: column,
                        reason: "a text of \(raw.utf16.count) characters, more than Excel's 32,767",
                        hint: "the file is damaged or hostile; it was not read")
                    return 1
                }
                cell = Cell(column: column, value: .string(raw), raw: raw, numberFormat: style(rec.style)?.formatCode)
            }
            if column <= lastColumn { sorted = false }
            lastColumn = column
            cells.append(cell)
        }
        if cells.isEmpty { return 0 }
        if !sorted {
            // Out-of-order or repeated columns: sort, keeping the last cell stored for a column.
            var byColumn: [Int: Cell] = [:]
            for c in cells { byColumn[c.column] = c }
            cells = byColumn.keys.sorted().map { byColumn[$0]! }
        }
        pending.append(Row(number: number, cells: cells))
        return 0
    }
}
