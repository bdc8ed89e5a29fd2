// PLACEHOLDER — replaced by the XLSX reader work (issue 2).
/// An XLSX workbook opened for streaming reads.
public final class XLSXWorkbook: Workbook {
    public let path: String
    public var format: SpreadsheetFormat { .xlsx }
    public private(set) var sheets: [SheetInfo] = []

    /// Opens the workbook at `path`.
    public init(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError) {
        self.path = path
        throw SpreadsheetError(.notSpreadsheet, file: path, reason: "XLSX reading is not built yet")
    }

    public func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader {
        throw SpreadsheetError(.noSuchSheet, file: path, reason: "XLSX reading is not built yet")
    }
}
