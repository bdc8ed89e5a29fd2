/// A workbook held in memory: sheets of rows and merged ranges built by code.
///
/// For tests and for callers that assemble a table themselves. Behaves like a file-backed
/// workbook: empty rows are skipped by the reader and merged ranges are reported.
public final class MemoryWorkbook: Workbook, Sendable {
    /// One sheet's content.
    public struct Sheet: Sendable, Hashable {
        /// The sheet name.
        public var name: String
        /// The rows, in any order (the reader returns them sorted by row number).
        public var rows: [Row]
        /// Merged ranges of the sheet.
        public var merged: [CellRange]
        /// Visible, hidden or very hidden.
        public var visibility: SheetVisibility

        /// Creates a sheet.
        public init(name: String, rows: [Row], merged: [CellRange] = [], visibility: SheetVisibility = .visible) {
            self.name = name
            self.rows = rows
            self.merged = merged
            self.visibility = visibility
        }
    }

    /// The path reported in errors (nothing is read from it).
    public let path: String
    /// The format this workbook pretends to be.
    public let format: SpreadsheetFormat
    /// The sheets' content.
    public let content: [Sheet]

    /// Sheets in workbook order.
    public var sheets: [SheetInfo] {
        content.enumerated().map { SheetInfo(index: $0.offset, name: $0.element.name, visibility: $0.element.visibility) }
    }

    /// Creates a workbook from sheets.
    public init(path: String, format: SpreadsheetFormat = .xlsx, sheets: [Sheet]) {
        self.path = path
        self.format = format
        self.content = sheets
    }

    /// Opens a sheet for reading.
    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        guard index >= 0, index < content.count else {
            throw SpreadsheetError(.noSuchSheet, file: path, reason: "there is no sheet \(index + 1)")
        }
        return Reader(info: sheets[index], sheet: content[index])
    }

    final class Reader: SheetReader {
        let sheet: SheetInfo
        let rows: [Row]
        let merged: [CellRange]
        var next = 0
        var finished = false

        init(info: SheetInfo, sheet: Sheet) {
            self.sheet = info
            self.rows = sheet.rows.filter { !$0.isEmpty }.sorted { $0.number < $1.number }
            self.merged = sheet.merged
        }

        func nextRow() throws(SpreadsheetError) -> Row? {
            guard next < rows.count else {
                finished = true
                return nil
            }
            defer { next += 1 }
            return rows[next]
        }

        var mergedRanges: [CellRange] { finished ? merged : [] }
    }
}

extension Row {
    /// Builds a row of text cells from strings, one per column from A; empty strings leave the
    /// column empty. Convenient for tests and generated tables.
    public static func texts(_ number: Int, _ values: [String]) -> Row {
        var cells: [Cell] = []
        for (i, v) in values.enumerated() where !v.isEmpty {
            cells.append(Cell(column: i, value: .string(v), raw: v))
        }
        return Row(number: number, cells: cells)
    }
}
