import Spreadsheet

/// The one-table sheets of the year's workbooks, laid out as a clerk makes them.
enum YearSheets {
    /// A sheet holding one table: an optional title merged over its width, a bold header, then
    /// bordered rows. Every workbook of the year but the register is one of these.
    static func table(name: String, title: String?, header: [String], rows: [[SampleCell]], widths: [Double]) -> SampleSheet {
        var all: [[SampleCell]] = []
        var merges: [CellRange] = []
        if let title {
            all.append([.text(title)])
            merges.append(CellRange(firstColumn: 0, firstRow: 1, lastColumn: header.count - 1, lastRow: 1))
        }
        all.append(header.map { .text($0) })
        let headerRow = all.count
        all += rows
        var sheet = SampleSheet(name: name, rows: all, merges: merges, columnWidths: widths)
        sheet.titleRow = title == nil ? nil : 1
        sheet.headerRows = headerRow...headerRow
        sheet.tableRows = rows.isEmpty ? nil : (headerRow + 1)...all.count
        return sheet
    }

    /// A whole number of yuan as a numeric cell.
    static func yuan(_ yuan: Int) -> SampleCell { .number(String(yuan)) }
}
