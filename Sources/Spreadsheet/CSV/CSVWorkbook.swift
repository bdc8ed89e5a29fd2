// PLACEHOLDER — replaced by the CSV reader work (issue 2).
/// A CSV file opened for streaming reads, presented as a workbook of one sheet.
public final class CSVWorkbook: Workbook {
    public let path: String
    public var format: SpreadsheetFormat { .csv }
    public private(set) var sheets: [SheetInfo] = []

    /// Opens the CSV file at `path`.
    public init(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        self.path = path
        throw SpreadsheetError(.notSpreadsheet, file: path, reason: "CSV reading is not built yet")
    }

    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        throw SpreadsheetError(.noSuchSheet, file: path, reason: "CSV reading is not built yet")
    }
}
