import Foundation
import Testing

@testable import Spreadsheet

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "roster.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csvtests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Reads every row of a CSV given as bytes: (line, [column: text]) pairs.
func readCSV(_ bytes: [UInt8], options: ReadOptions = ReadOptions()) throws -> [(Int, [Int: String])] {
    let path = try temporaryFile(bytes)
    let wb = try CSVWorkbook(path: path, options: options)
    let reader = try wb.openSheet(0)
    var out: [(Int, [Int: String])] = []
    while let row = try reader.nextRow() {
        var cells: [Int: String] = [:]
        for c in row.cells {
            #expect(c.value == .string(c.raw))
            cells[c.column] = c.raw
        }
        out.append((row.number, cells))
    }
    return out
}

/// The rows as arrays of texts ("" for absent cells), for compact comparisons.
func grid(_ rows: [(Int, [Int: String])]) -> [[String]] {
    rows.map { _, cells in
        let width = (cells.keys.max() ?? -1) + 1
        return (0..<width).map { cells[$0] ?? "" }
    }
}

func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Catches the SpreadsheetError a read throws.
func csvError(_ bytes: [UInt8], options: ReadOptions = ReadOptions()) -> SpreadsheetError? {
    do {
        _ = try readCSV(bytes, options: options)
        return nil
    } catch let e as SpreadsheetError {
        return e
    } catch {
        return nil
    }
}

@Suite struct CSVQuotingTests {
    @Test func readsPlainFieldsWithOrWithoutATrailingNewline() throws {
        #expect(grid(try readCSV(utf8("a,b,c\n1,2,3\n"))) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(grid(try readCSV(utf8("a,b,c\n1,2,3"))) == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func keepsDelimitersDoubledQuotesAndNewlinesInsideQuotes() throws {
        let text = "姓名,备注\n\"王, 芳\",\"他说\"\"好\"\"\"\n\"李\n强\",x\r\nlast,\"\"\n"
        let rows = try readCSV(utf8(text))
        #expect(grid(rows) == [["姓名", "备注"], ["王, 芳", "他说\"好\""], ["李\n强", "x"], ["last"]])
        // Row.number is the physical line each record starts on.
        #expect(rows.map(\.0) == [1, 2, 3, 5])
    }

    @Test func acceptsCRLFAndCROnlyLineEnds() throws {
        #expect(grid(try readCSV(utf8("a,b\r\nc,d\r\n"))) == [["a", "b"], ["c", "d"]])
        let cr = try readCSV(utf8("a,b\rc,d\r\re,f"))
        #expect(grid(cr) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(cr.map(\.0) == [1, 2, 4])
    }

    @Test func omitsEmptyFieldsAndSkipsBlankLinesKeepingColumnsAndLines() throws {
        let rows = try readCSV(utf8("a,,c\n\n,,\n,b\n"))
        #expect(rows.count == 2)
        #expect(rows[0].0 == 1 && rows[0].1 == [0: "a", 2: "c"])
        #expect(rows[1].0 == 4 && rows[1].1 == [1: "b"])
    }

    @Test func keepsWhitespaceAndTextAfterAClosingQuote() throws {
        #expect(grid(try readCSV(utf8(" a , b \n\"x\"y,z\n"))) == [[" a ", " b "], ["xy", "z"]])
    }

    @Test func countsRecordsSeparatelyFromLines() throws {
        let path = try temporaryFile(utf8("h\n\"a\nb\"\n\nc\n"))
        let reader = try #require(try CSVWorkbook(path: path).openSheet(0) as? CSVSheetReader)
        var seen: [(Int, Int)] = []
        while let row = try reader.nextRow() { seen.append((row.number, reader.recordNumber)) }
        #expect(seen.map(\.0) == [1, 2, 5])
        #expect(seen.map(\.1) == [1, 2, 4])
    }

    @Test func readsRecordsAcrossChunkBoundaries() throws {
        // Long quoted fields with CRLF, doubled quotes and Chinese text cross the 256 KiB reads.
        var text = ""
        var expected: [[String]] = []
        for i in 0..<6000 {
            let long = String(repeating: "劳模\"\"", count: i % 40)
            text += "\(i),\"\(long)\r\n第二行\",末\r\n"
            expected.append(["\(i)", String(repeating: "劳模\"", count: i % 40) + "\r\n第二行", "末"])
        }
        let rows = try readCSV(utf8(text))
        #expect(grid(rows) == expected)
        #expect(rows.last?.0 == 2 * 5999 + 1)
    }
}

@Suite struct CSVEncodingTests {
    let text = "序号,姓名,区县\n1,王芳,五华区\n2,\"李, 强\",盘龙区\n"
    let expected = [["序号", "姓名", "区县"], ["1", "王芳", "五华区"], ["2", "李, 强", "盘龙区"]]

    @Test func readsUTF8WithAndWithoutBOM() throws {
        #expect(grid(try readCSV(utf8(text))) == expected)
        let wb = try CSVWorkbook(path: try temporaryFile([0xEF, 0xBB, 0xBF] + utf8(text)))
        #expect(wb.encoding == .utf8 && wb.hasBOM)
        #expect(grid(try readCSV([0xEF, 0xBB, 0xBF] + utf8(text))) == expected)
    }

    @Test func detectsGB18030WhenTheBytesAreNotUTF8() throws {
        let gb = try IconvConverter.encode(text, to: "GB18030")
        let wb = try CSVWorkbook(path: try temporaryFile(gb))
        #expect(wb.encoding == .gb18030)
        #expect(grid(try readCSV(gb)) == expected)
    }

    @Test func readsUTF16LittleAndBigEndianWithBOM() throws {
        let tabbed = "序号\t姓名\t区县\n1\t王芳\t五华区\n2\t\"李, 强\"\t盘龙区\n"
        let le = try IconvConverter.encode(tabbed, to: "UTF-16LE")
        let be = try IconvConverter.encode(text, to: "UTF-16BE")
        let wbLE = try CSVWorkbook(path: try temporaryFile([0xFF, 0xFE] + le))
        #expect(wbLE.encoding == .utf16LE && wbLE.delimiter == UInt8(ascii: "\t"))
        #expect(grid(try readCSV([0xFF, 0xFE] + le)) == expected)
        #expect(grid(try readCSV([0xFE, 0xFF] + be)) == expected)
    }

    @Test func honoursAnEncodingOverride() throws {
        let gbk = try IconvConverter.encode("名称\n昆明\n", to: "GBK")
        #expect(grid(try readCSV(gbk, options: ReadOptions(encoding: .gb18030))) == [["名称"], ["昆明"]])
        // Forced UTF-8 on GBK bytes is an encoding error naming the line.
        let e = try #require(csvError(gbk, options: ReadOptions(encoding: .utf8)))
        #expect(e.kind == .encoding && e.row == 1)
    }

    @Test func switchesToGB18030WhenNonASCIIAppearsAfterTheSample() throws {
        // 70 KiB of ASCII first: detection cannot decide from the sample.
        var bytes = utf8(String(repeating: "id,name\n", count: 9000))
        bytes += try IconvConverter.encode("7,王芳\n8,李强\n", to: "GB18030")
        let rows = try readCSV(bytes)
        #expect(rows.count == 9002)
        #expect(rows[9000].1 == [0: "7", 1: "王芳"])
        #expect(rows[9001].0 == 9002)
    }

    @Test func readsLargeGB18030FilesChunkByChunk() throws {
        var text = ""
        for i in 0..<30000 { text += "\(i),昆明市五华区劳动模范\(i)\n" }
        let rows = try readCSV(try IconvConverter.encode(text, to: "GB18030"))
        #expect(rows.count == 30000)
        #expect(rows[29999].1 == [0: "29999", 1: "昆明市五华区劳动模范29999"])
    }

    @Test func reportsInvalidBytesWithTheLine() throws {
        let e = try #require(csvError(utf8("a,b\nc,d\n") + [0x65, 0x2C, 0xFF, 0x0A], options: ReadOptions(encoding: .utf8)))
        #expect(e.kind == .encoding)
        #expect(e.row == 3 && e.column == 1)
        #expect(e.description.contains("line 3"))
        // Bad sequences whose replacement character is as long as they are (a 4-byte sequence
        // cut after 3 bytes), or that end a field, or sit in a quoted field: still refused.
        for bad: [UInt8] in [[0xF0, 0x9F, 0x98], [0x61, 0xE2, 0x82], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xC0, 0xAF, 0x62]] {
            let f = try #require(csvError(utf8("a,b\n") + [0x65, 0x2C] + bad + [0x0A], options: ReadOptions(encoding: .utf8)), "\(bad)")
            #expect(f.kind == .encoding && f.row == 2 && f.column == 1, "\(bad)")
        }
        // A real replacement character (U+FFFD written as UTF-8) is valid text, kept as is.
        #expect(try readCSV(utf8("a,b\nc,\u{FFFD}x\n"), options: ReadOptions(encoding: .utf8))[1].1 == [0: "c", 1: "\u{FFFD}x"])
        // Invalid GB18030 after two good lines (0x80 is not a GB18030 lead byte).
        let gb = try IconvConverter.encode("甲,乙\n丙,丁\n", to: "GB18030") + [0x80, 0x0A]
        let g = try #require(csvError(gb, options: ReadOptions(encoding: .gb18030)))
        #expect(g.kind == .encoding && g.row == 3)
    }
}

@Suite struct CSVDelimiterTests {
    @Test func sniffsTabSemicolonAndPipe() throws {
        for d in ["\t", ";", "|"] {
            let text = ["a", "b", "c"].joined(separator: d) + "\n" + ["1,5", "2", "3"].joined(separator: d) + "\n"
            let wb = try CSVWorkbook(path: try temporaryFile(utf8(text)))
            #expect(wb.delimiter == UInt8(ascii: Unicode.Scalar(d)!))
            #expect(grid(try readCSV(utf8(text))) == [["a", "b", "c"], ["1,5", "2", "3"]])
        }
    }

    @Test func prefersTheConsistentDelimiterOverStrayOnes() throws {
        // Semicolons inside quoted and plain text vary per line; commas are 2 on every line.
        let text = "标题;说明\n姓名,地址,备注\n王芳,\"五华区;一号\",a;b;c\n李强,盘龙区,x\n"
        let wb = try CSVWorkbook(path: try temporaryFile(utf8(text)))
        #expect(wb.delimiter == UInt8(ascii: ","))
    }

    @Test func defaultsToCommaForASingleColumn() throws {
        let wb = try CSVWorkbook(path: try temporaryFile(utf8("姓名\n王芳\n")))
        #expect(wb.delimiter == UInt8(ascii: ","))
    }

    @Test func honoursADelimiterOverride() throws {
        let text = "a;b,c\n1;2,3\n"
        #expect(grid(try readCSV(utf8(text), options: ReadOptions(delimiter: UInt8(ascii: ";")))) == [["a", "b,c"], ["1", "2,3"]])
        #expect(grid(try readCSV(utf8(text), options: ReadOptions(delimiter: UInt8(ascii: ",")))) == [["a;b", "c"], ["1;2", "3"]])
    }
}

@Suite struct CSVErrorTests {
    @Test func refusesAnUnclosedQuoteNamingItsLine() throws {
        let e = try #require(csvError(utf8("a,b\nc,\"never closed\nmore\n")))
        #expect(e.kind == .malformed && e.row == 2)
        #expect(e.description.contains("line 2"))
        #expect(!e.description.contains("\n"))
    }

    @Test func refusesARecordLongerThanTheLimit() throws {
        var limits = ReadLimits()
        limits.maxCSVRecordBytes = 300_000
        let bytes = utf8("a,b\nx,\"") + [UInt8](repeating: UInt8(ascii: "z"), count: 1_000_000)
        let e = try #require(csvError(bytes, options: ReadOptions(limits: limits)))
        #expect(e.kind == .limit && e.row == 2)
        #expect(e.description.contains("line 2"))
    }

    @Test func refusesTooManyFields() throws {
        var limits = ReadLimits()
        limits.maxCellsPerRow = 3
        let e = try #require(csvError(utf8("a,b,c\n1,2,3,4\n"), options: ReadOptions(limits: limits)))
        #expect(e.kind == .limit && e.row == 2)
    }

    @Test func namesTheSheetAfterTheFileAndHasOnlyOne() throws {
        let path = try temporaryFile(utf8("a\n"), name: "五华区 名单.v2.csv")
        let wb = try CSVWorkbook(path: path)
        #expect(wb.sheets == [SheetInfo(index: 0, name: "五华区 名单.v2", visibility: .visible)])
        #expect(throws: SpreadsheetError.self) { try wb.openSheet(1) }
        #expect(throws: SpreadsheetError.self) { try CSVWorkbook(path: path + ".missing") }
    }

    @Test func opensThroughSpreadsheetsOpenByContent() throws {
        let path = try temporaryFile(utf8("x,y\n1,2\n"), name: "data.txt")
        let wb = try Spreadsheets.open(path: path)
        #expect(wb.format == .csv)
        let all = try wb.readAll(sheet: 0)
        #expect(all.rows.count == 2 && all.merged.isEmpty)
    }

    @Test func readsAnEmptyFile() throws {
        #expect(try readCSV([]).isEmpty)
        #expect(try readCSV([0xEF, 0xBB, 0xBF]).isEmpty)
    }
}
