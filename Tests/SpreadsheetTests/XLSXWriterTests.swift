import Foundation
import Testing

@testable import Spreadsheet

/// Writes a workbook exercising every feature, for the round-trip tests.
func writeSampleWorkbook(_ path: String, overwrite: Bool = false) throws {
    let book = try XLSXWriter(
        path: path,
        options: XLSXWriter.Options(
            overwrite: overwrite, properties: DocumentProperties(title: "劳模补助发放表", author: "财务科", company: "市总工会")))
    let header = book.addStyle(
        CellFormat(
            font: Font(bold: true), fill: .headerGrey, borders: .all(.thin),
            alignment: Alignment(horizontal: .center, vertical: .center, wrap: true)))
    let money = book.addStyle(CellFormat(borders: .all(.thin), numberFormat: .money))
    let red = book.addStyle(CellFormat(fill: .errorRed))
    let sheet = try book.addSheet(
        name: "明细",
        options: SheetOptions(
            columns: SheetOptions.widths([6, 10, 22, 12]), freezeRows: 1,
            pageSetup: PageSetup(orientation: .landscape, paper: .a4, fitToWidth: true, repeatRows: 1...1)))
    try sheet.writeRow([.string("序号", style: header), .string("姓名", style: header), .string("身份证号码", style: header), .string("金额(元)", style: header)], height: 24)
    try sheet.writeRow([.number(1), .string("张三"), .text("530102199001011234"), .decimal("1912.57", style: money)])
    try sheet.writeRow([.number(2), .string("=HYPERLINK(\"http://x\")", style: red), .text("6228480012345678901"), .decimal("-3000", style: money)])
    try sheet.writeRow([.number(3), .string("+86 138"), .string("-not a number"), .decimal("0.5", style: money)])
    try sheet.writeRow([.number(4), .string("@SUM(A1)"), .string("\ttabbed"), .decimal("100", style: money)])
    try sheet.writeRow([.string("合计"), .empty(), .empty(), .formula("SUM(D2:D5)", cached: .decimal("-987.43"), style: money)])
    try sheet.mergeCells(CellRange("A6:C6")!)
    try sheet.addNote(row: 3, column: 2, text: "银行卡号位数不符，请核对")
    try sheet.setAutoFilter(CellRange("A1:D5")!)
    let other = try book.addSheet(name: "说明")
    try other.writeRow([.string("生成日期"), .date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date))])
    try other.writeRow([.string("控制字符"), .string("a\u{1}b_x0041_c")])
    try other.writeRow([.string("布尔"), .bool(false), .number(0.1), .number(1e20)])
    try book.close()
}

@Suite struct XLSXWriterBehaviourTests {
    @Test func sameCallsGiveIdenticalBytes() throws {
        let dir = try WriterSupport.scratch()
        try writeSampleWorkbook(dir + "/a.xlsx")
        try writeSampleWorkbook(dir + "/b.xlsx")
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.xlsx"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.xlsx"))
        #expect(a == b)
        #expect(a.count > 1000)
    }

    @Test func partsComeInAStableOrder() throws {
        let dir = try WriterSupport.scratch()
        try writeSampleWorkbook(dir + "/a.xlsx")
        #expect(
            try WriterSupport.entries(dir + "/a.xlsx") == [
                "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/comments1.xml",
                "xl/drawings/vmlDrawing1.vml",
            ])
    }

    @Test func refusesToOverwriteUnlessAskedAndLeavesNoTemporaryFiles() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/a.xlsx"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError.self) { try writeSampleWorkbook(path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        try writeSampleWorkbook(path, overwrite: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.xlsx"])
    }

    @Test func aFileAppearingDuringTheWriteIsNotReplaced() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/a.xlsx"
        let book = try XLSXWriter(path: path)
        try book.addSheet(name: "S").writeRow([.string("x")])
        try Data("late".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError.self) { try book.close() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "late")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.xlsx"])
    }

    @Test func discardRemovesTemporaryFilesAndWritesNothing() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        try book.addSheet(name: "S").writeRow([.string("x")])
        book.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test(arguments: [
        "", "12345678901234567890123456789012", "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b", "'quoted", "History",
    ])
    func refusesSheetNamesExcelRejects(name: String) throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        defer { book.discard() }
        #expect(throws: SpreadsheetError.self) { try book.addSheet(name: name) }
    }

    @Test func acceptsA31CharacterChineseNameAndRefusesADuplicateInAnotherCase() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        defer { book.discard() }
        _ = try book.addSheet(name: String(repeating: "区", count: 31))
        _ = try book.addSheet(name: "Summary")
        #expect(throws: SpreadsheetError.self) { try book.addSheet(name: "SUMMARY") }
    }

    @Test func aHiddenFirstSheetLeavesTheFirstVisibleSheetActiveAndAllHiddenIsRefused() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        try book.addSheet(name: "字典", options: SheetOptions(hidden: true)).writeRow([.string("x")])
        try book.addSheet(name: "名单").writeRow([.string("y")])
        try book.close()
        let wb = try WriterSupport.part(dir + "/a.xlsx", "xl/workbook.xml")
        #expect(wb.contains("<workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\" firstSheet=\"1\" activeTab=\"1\"/>"))
        #expect(wb.contains("<sheet name=\"字典\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"))
        #expect(try WriterSupport.part(dir + "/a.xlsx", "xl/worksheets/sheet2.xml").contains("tabSelected=\"1\""))
        #expect(!(try WriterSupport.part(dir + "/a.xlsx", "xl/worksheets/sheet1.xml").contains("tabSelected")))

        let hidden = try XLSXWriter(path: dir + "/b.xlsx")
        _ = try hidden.addSheet(name: "H", options: SheetOptions(hidden: true))
        #expect(throws: SpreadsheetError.self) { try hidden.close() }
        #expect(!FileManager.default.fileExists(atPath: dir + "/b.xlsx"))
    }

    @Test func anEmptyWorkbookGetsOneEmptySheetThatReadsBack() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/empty.xlsx")
        try book.close()
        let read = try Spreadsheets.open(path: dir + "/empty.xlsx")
        #expect(read.sheets.map(\.name) == ["Sheet1"])
        #expect(try read.readAll(sheet: 0).rows.isEmpty)
        #expect(try WriterSupport.part(dir + "/empty.xlsx", "xl/worksheets/sheet1.xml").contains("<dimension ref=\"A1\"/>"))
    }

    @Test func enforcesRowColumnAndStringLimits() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        defer { book.discard() }
        let s = try book.addSheet(name: "S")
        try s.writeRow([.string("last")], at: CellAddress.maxRow, startColumn: CellAddress.maxColumn)
        #expect(throws: SpreadsheetError.self) { try s.writeRow([.string("x")]) }
        let t = try book.addSheet(name: "T")
        #expect(throws: SpreadsheetError.self) { try t.writeRow([.string("x"), .string("y")], at: 1, startColumn: CellAddress.maxColumn) }
        try t.writeRow([.string(String(repeating: "字", count: 32_767))], at: 1)
        let e = #expect(throws: SpreadsheetError.self) { try t.writeRow([.string(String(repeating: "a", count: 32_768))]) }
        #expect(e?.kind == .limit)
        #expect(e?.description.contains("T!A2") == true)
        #expect(throws: SpreadsheetError.self) { try t.writeRow([.string("back")], at: 1) }
        #expect(throws: SpreadsheetError.self) { try t.writeRow([.number(.nan)]) }
        #expect(throws: SpreadsheetError.self) { try t.writeRow([.decimal("1e5")]) }
    }

    @Test func refusesOverlappingMergesAndTwoNotesOnOneCell() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/a.xlsx")
        defer { book.discard() }
        let s = try book.addSheet(name: "S")
        try s.mergeCells(CellRange("A1:C1")!)
        #expect(throws: SpreadsheetError.self) { try s.mergeCells(CellRange("C1:D2")!) }
        #expect(throws: SpreadsheetError.self) { try s.mergeCells(CellRange("E5")!) }
        try s.addNote(row: 2, column: 0, text: "one")
        #expect(throws: SpreadsheetError.self) { try s.addNote(row: 2, column: 0, text: "two") }
    }

    @Test func textThatLooksLikeAFormulaIsASharedStringNeverAFormula() throws {
        let dir = try WriterSupport.scratch()
        try writeSampleWorkbook(dir + "/a.xlsx")
        let xml = try WriterSupport.part(dir + "/a.xlsx", "xl/worksheets/sheet1.xml")
        #expect(xml.components(separatedBy: "<f>").count == 2)  // only the explicit SUM
        #expect(xml.contains("<f>SUM(D2:D5)</f>"))
        let sst = try WriterSupport.part(dir + "/a.xlsx", "xl/sharedStrings.xml")
        #expect(sst.contains("<t>=HYPERLINK(\"http://x\")</t>"))
        #expect(sst.contains("<t xml:space=\"preserve\">\ttabbed</t>"))
    }

    @Test func excelSerialsFollowThe1900DateSystem() {
        #expect(DateTimeValue(year: 1900, month: 3, day: 1, kind: .date).excelSerial == 61)
        #expect(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date).excelSerial == 43008)
        #expect(DateTimeValue(year: 2017, month: 9, day: 30, hour: 12, kind: .dateTime).excelSerial == 43008.5)
        #expect(DateTimeValue(year: 0, month: 0, day: 0, hour: 6, kind: .time).excelSerial == 0.25)
        #expect(DateTimeValue(year: 1900, month: 2, day: 28, kind: .date).excelSerial == nil)
    }
}

/// Reading written files back with openpyxl, the project's reader and LibreOffice.
@Suite struct XLSXWriterRoundTripTests {
    @Test(.enabled(if: WriterSupport.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func openpyxlReadsValuesTypesFormatsAndFeatures() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/a.xlsx"
        try writeSampleWorkbook(path)
        let dump = try WriterSupport.openpyxlDump(path)
        #expect(dump.status == 0, "\(dump.out)")
        let lines = dump.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "#明细")
        #expect(lines[1] == "s:'序号'\ts:'姓名'\ts:'身份证号码'\ts:'金额(元)'")
        #expect(lines[2] == "n:1\ts:'张三'\ts:'530102199001011234'|@\tn:1912.57|#,##0.00")
        #expect(lines[3] == "n:2\ts:'=HYPERLINK(\"http://x\")'\ts:'6228480012345678901'|@\tn:-3000|#,##0.00")
        #expect(lines[4] == "n:3\ts:'+86 138'\ts:'-not a number'\tn:0.5|#,##0.00")
        #expect(lines[5] == "n:4\ts:'@SUM(A1)'\ts:'\\ttabbed'\tn:100|#,##0.00")
        #expect(lines[6] == "s:'合计'\t\t\tf:'=SUM(D2:D5)'|#,##0.00")
        #expect(lines[7] == "#说明")
        #expect(lines[8].hasPrefix("s:'生成日期'\td:datetime.datetime(2017, 9, 30, 0, 0)|yyyy-mm-dd"))
        // openpyxl leaves `_x0001_` encoded but decodes the protected `_x005F_x0041_` to `_x0041_`.
        #expect(lines[9].hasPrefix("s:'控制字符'\ts:'a_x0001_b_x0041_c'"))
        #expect(lines[10].hasPrefix("s:'布尔'\tb:False\tn:0.1\tn:1e+20"))

        let features = try WriterSupport.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                ws = wb['明细']
                print(ws.freeze_panes, ws.auto_filter.ref, [str(r) for r in ws.merged_cells.ranges])
                print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage)
                print(ws.print_title_rows, ws.column_dimensions['C'].width, ws.row_dimensions[1].height)
                print(ws['C3'].comment.text, ws['A1'].font.b, ws['B3'].fill.fgColor.rgb)
                print(wb.properties.title, wb.properties.creator, wb.properties.created.isoformat())
                """, path,
            ])
        #expect(features.status == 0, "\(features.out)")
        #expect(
            features.out == """
                A2 A1:D5 ['A6:C6']
                landscape 9 1 True
                $1:$1 22.0 24.0
                银行卡号位数不符，请核对 True FFFFC7CE
                劳模补助发放表 财务科 2000-01-01T00:00:00

                """)
    }

    @Test func sheetNamesWithNoncharactersAreRefusedLikeControlCharacters() {
        // XML cannot carry U+FFFE/U+FFFF and readers do not decode `_xFFFF_` in a sheet name
        // (found by FuzzXLSXWriter), so the writer refuses such a name up front.
        for name in ["名\u{FFFF}", "a\u{FFFE}b", "tab\tname"] {
            #expect(XLSXWriter.sheetNameProblem(name) == "sheet name contains a control character")
        }
        #expect(XLSXWriter.sheetNameProblem("名单\u{FFFD}") == nil)
    }

    @Test func sheetNamesWithAmpersandsAndQuotesReadBackExactly() throws {
        // libxml2 (without entity substitution) hands `&` in attribute values over as `&#38;`;
        // the reader must give the name back as written (found by FuzzXLSXWriter).
        let dir = try WriterSupport.scratch()
        let path = dir + "/amp.xlsx"
        let names = ["R&D 研发", "A&amp;B \"q\" <x>", "&#38;"]
        let writer = try XLSXWriter(path: path)
        for name in names {
            let sheet = try writer.addSheet(name: name)
            try sheet.writeRow([.string("x&y")])
        }
        try writer.close()
        let book = try Spreadsheets.open(path: path)
        #expect(book.sheets.map(\.name) == names)
        #expect(try book.readAll(sheet: 0).rows.first?[0]?.raw == "x&y")
    }

    @Test func theProjectsReaderReadsValuesBack() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/a.xlsx"
        try writeSampleWorkbook(path)
        let book = try Spreadsheets.open(path: path)
        #expect(book.sheets.map(\.name) == ["明细", "说明"])
        let (rows, merged) = try book.readAll(sheet: 0)
        #expect(merged == [CellRange("A6:C6")!])
        #expect(rows.count == 6)
        #expect(rows[1][2]?.value == .string("530102199001011234"))
        #expect(rows[1][2]?.numberFormat == "@")
        #expect(rows[1][3]?.raw == "1912.57")
        #expect(rows[2][1]?.value == .string("=HYPERLINK(\"http://x\")"))
        #expect(rows[2][3]?.raw == "-3000")
        #expect(rows[4][2]?.value == .string("\ttabbed"))
        #expect(rows[5][3]?.raw == "-987.43")
        let (other, _) = try book.readAll(sheet: 1)
        #expect(other[0][1]?.value == .date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date)))
        #expect(other[1][1]?.value == .string("a\u{1}b_x0041_c"))
        #expect(other[2][1]?.value == .bool(false))
    }

    @Test(.tags(.slow), .notInQuickRuns, .enabled(if: WriterSupport.sofficePath != nil, "LibreOffice (soffice) is not installed"))
    func libreOfficeConvertsWrittenFilesWithTheSameValues() throws {
        let dir = try WriterSupport.scratch()
        try writeSampleWorkbook(dir + "/sample.xlsx")
        // A second, larger file with only the streaming path.
        let book = try XLSXWriter(path: dir + "/bulk.xlsx")
        let s = try book.addSheet(name: "Data")
        for i in 1...2000 {
            try s.writeRow([.number(Double(i)), .text(String(format: "5301021990%08d", i)), .string("名\(i % 37)"), .decimal("\(i).25")])
        }
        try book.close()
        // Control characters and a literal `_xHHHH_` must come back as written.
        let cc = try XLSXWriter(path: dir + "/control.xlsx")
        try cc.addSheet(name: "C").writeRow([.string("a\u{1}b_x0041_c"), .string("cr\rin"), .string("=1+1")])
        try cc.close()
        let out = dir + "/csv"
        let r = try WriterSupport.run(
            WriterSupport.sofficePath!,
            ["--headless", "-env:UserInstallation=file://\(dir)/lo-profile", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, dir + "/sample.xlsx", dir + "/bulk.xlsx", dir + "/control.xlsx",
            ])
        #expect(r.status == 0, "\(r.out)")
        // LibreOffice quotes text cells and leaves numbers bare: identity numbers stay text.
        let sample = try String(contentsOfFile: out + "/sample.csv", encoding: .utf8)
        let lines = sample.split(separator: "\n").map { $0.trimmingCharacters(in: .init(charactersIn: "\r")) }
        #expect(lines[0] == #""序号","姓名","身份证号码","金额(元)""#)
        #expect(lines[1] == #"1,"张三","530102199001011234","1,912.57""#)
        #expect(lines[2] == #"2,"=HYPERLINK(""http://x"")","6228480012345678901","-3,000.00""#)
        #expect(lines[3] == #"3,"+86 138","-not a number",0.50"#)
        #expect(lines[5] == #""合计",,,-987.43"#)
        let bulk = try String(contentsOfFile: out + "/bulk.csv", encoding: .utf8).split(separator: "\n")
        #expect(bulk.count == 2000)
        #expect(bulk[1999].trimmingCharacters(in: .init(charactersIn: "\r")) == #"2000,"530102199000002000","名2",2000.25"#)
        let control = try String(contentsOfFile: out + "/control.csv", encoding: .utf8)
        #expect(control == "\"a\u{1}b_x0041_c\",\"cr\rin\",\"=1+1\"\n")
    }
}
