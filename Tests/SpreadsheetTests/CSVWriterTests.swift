import Foundation
import Testing

@testable import Spreadsheet

@Suite struct CSVWriterTests {
    private func write(_ rows: [[CSVField]], options: CSVWriter.Options = CSVWriter.Options()) throws -> [UInt8] {
        let dir = try WriterSupport.scratch()
        let path = dir + "/out.csv"
        let w = try CSVWriter(path: path, options: options)
        for r in rows { try w.writeRow(r) }
        try w.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func quotesFieldsWithDelimitersQuotesAndLineBreaksPerRFC4180() throws {
        let bytes = try write([[.text("a,b"), .text("say \"hi\""), .text("two\nlines"), .text("plain"), .text("")]])
        #expect(String(decoding: bytes, as: UTF8.self) == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain,\r\n")
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-abc", "'-abc"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("-12.50", "-12.50"), ("-3000", "-3000"), ("a=b", "a=b"), ("- 5", "'- 5"),
    ])
    func prefixesTextASpreadsheetWouldEvaluate(text: String, expected: String) throws {
        let bytes = try write([[.text(text)]])
        #expect(String(decoding: bytes, as: UTF8.self) == expected + "\r\n")
    }

    @Test func quotesAGuardedFieldThatStartsWithCarriageReturn() throws {
        let bytes = try write([[.text("\rcmd")]])
        #expect(String(decoding: bytes, as: UTF8.self) == "\"'\rcmd\"\r\n")
    }

    @Test func writesNumbersAsGivenAndRefusesNonDecimals() throws {
        #expect(String(decoding: try write([[.number("-1912.57"), .number("3000")]]), as: UTF8.self) == "-1912.57,3000\r\n")
        let dir = try WriterSupport.scratch()
        let w = try CSVWriter(path: dir + "/x.csv")
        defer { w.discard() }
        #expect(throws: SpreadsheetError.self) { try w.writeRow([.number("=1")]) }
    }

    @Test func writesABOMAndOtherDelimitersAndLineEndings() throws {
        let bytes = try write(
            [[.text("姓名"), .text("a|b")], [.text("x")]],
            options: CSVWriter.Options(delimiter: UInt8(ascii: "|"), encoding: .utf8BOM, lineEnding: "\n"))
        #expect(bytes == [0xEF, 0xBB, 0xBF] + Array("姓名|\"a|b\"\nx\n".utf8))
    }

    @Test func encodesGB18030AndGBKThroughIconv() throws {
        let gb = try write([[.text("张三"), .text("五华区")]], options: CSVWriter.Options(encoding: .gb18030))
        #expect(gb == [0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0xCE, 0xE5, 0xBB, 0xAA, 0xC7, 0xF8, 0x0D, 0x0A])
        let gbk = try write([[.text("张三")]], options: CSVWriter.Options(encoding: .gbk))
        #expect(gbk == [0xD5, 0xC5, 0xC8, 0xFD, 0x0D, 0x0A])
    }

    @Test func aCharacterGBKCannotHoldIsAnErrorNamingTheColumnNotAQuestionMark() throws {
        let dir = try WriterSupport.scratch()
        let w = try CSVWriter(path: dir + "/x.csv", options: CSVWriter.Options(encoding: .gbk))
        defer { w.discard() }
        try w.writeRow([.text("ok")])
        let e = #expect(throws: SpreadsheetError.self) { try w.writeRow([.text("张三"), .text("😀")]) }
        #expect(e?.kind == .encoding)
        #expect(e?.row == 2)
        #expect(e?.column == 1)
    }

    @Test func writesARawSummaryLineInTheFileEncoding() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/bank.txt"
        let w = try CSVWriter(
            path: path, options: CSVWriter.Options(delimiter: UInt8(ascii: "|"), encoding: .gbk, injectionGuard: false))
        try w.writeRawLine("2|2912.57")
        try w.writeRow([.text("6228480012345678901"), .text("王芳"), .number("1912.57")])
        #expect(throws: SpreadsheetError.self) { try w.writeRawLine("a\nb") }
        try w.close()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == Array("2|2912.57\r\n6228480012345678901|".utf8) + [0xCD, 0xF5, 0xB7, 0xBC] + Array("|1912.57\r\n".utf8))
    }

    @Test func refusesToOverwriteUnlessAsked() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/x.csv"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError.self) { try CSVWriter(path: path) }
        let w = try CSVWriter(path: path, options: CSVWriter.Options(overwrite: true))
        try w.writeRow(["new"])
        try w.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\r\n")
    }

    @Test func theProjectsCSVReaderReadsTheFieldsBack() throws {
        let dir = try WriterSupport.scratch()
        let path = dir + "/x.csv"
        let w = try CSVWriter(path: path, options: CSVWriter.Options(encoding: .gb18030))
        try w.writeRow(["姓名", "身份证号码", "备注"])
        try w.writeRow(["张三", "530102199001011234", "多行\n备注, 含\"引号\""])
        try w.close()
        let book = try Spreadsheets.open(path: path, options: ReadOptions(encoding: .gb18030))
        let (rows, _) = try book.readAll(sheet: 0)
        #expect(rows.count == 2)
        #expect(rows[1][1]?.raw == "530102199001011234")
        #expect(rows[1][2]?.raw == "多行\n备注, 含\"引号\"")
    }
}
