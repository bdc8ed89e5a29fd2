import Foundation
import Testing

@testable import Spreadsheet

@Suite struct XLSXWriterRoundTripTests {
    @Test func dump() throws {
        print("CT<<" + PackageParts.contentTypes([SheetEntry(name: "A", hidden: false, hasNotes: true, autoFilter: nil, repeatRows: nil)]).string + ">>")
        print("WB<<" + PackageParts.workbook([SheetEntry(name: "名单", hidden: false, hasNotes: false, autoFilter: CellRange("A1:C9")!, repeatRows: 1...2), SheetEntry(name: "O'Brien & Co", hidden: true, hasNotes: false, autoFilter: nil, repeatRows: nil)], hasFormulas: true).string + ">>")
        print("CORE<<" + PackageParts.core(DocumentProperties(title: "发放表 <1>", author: "财务科")).string + ">>")
        print("APP<<" + PackageParts.app(DocumentProperties(company: "总工会"), sheetNames: ["汇总", "明细"]).string + ">>")
        var t = StyleTable(defaultFont: Font())
        _ = t.add(CellFormat(font: Font(name: "宋体", size: 14, bold: true, color: Color(rgb: 0xC00000)), fill: .errorRed, borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center, wrap: true), numberFormat: .money))
        _ = t.add(CellFormat(numberFormat: .date))
        _ = t.textVariant(of: 0)
        let o = ByteSink(); t.write(into: o)
        print("STY<<" + o.string + ">>")
        print("CMT<<" + PackageParts.comments([Note(row: 2, column: 1, text: "身份证号码校验位错误 & <重报>", author: "roster")]).string + ">>")
        print("VML<<" + PackageParts.vmlDrawing([Note(row: 2, column: 1, text: "x", author: "roster")], sheetNumber: 1).string + ">>")
    }
}
