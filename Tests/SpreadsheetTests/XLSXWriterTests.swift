import Foundation
import Testing

@testable import Spreadsheet

@Suite struct XLSXWriterRoundTripTests {
    @Test func smoke() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/a.xlsx"
        let w = try XLSXWriter(path: path)
        let bold = w.addStyle(CellFormat(font: Font(bold: true), fill: .headerGrey, borders: .all(.thin)))
        let s = try w.addSheet(name: "名单", options: SheetOptions(columns: SheetOptions.widths([10, 20]), freezeRows: 1, pageSetup: PageSetup(orientation: .landscape, fitToWidth: true, repeatRows: 1...1)))
        try s.writeRow([.string("姓名", style: bold), .string("身份证号码", style: bold), .string("金额", style: bold)])
        try s.writeRow([.string("=1+1"), .text("530102199001011234"), .decimal("1912.57")])
        try s.mergeCells(CellRange("A5:C5")!)
        try s.addNote(row: 2, column: 1, text: "check\nthis")
        try s.setAutoFilter(CellRange("A1:C2")!)
        try w.close()
        print(try WriterSupport.entries(path))
        print(try WriterSupport.part(path, "xl/worksheets/sheet1.xml"))
        print(try WriterSupport.openpyxlDump(path))
    }
}
