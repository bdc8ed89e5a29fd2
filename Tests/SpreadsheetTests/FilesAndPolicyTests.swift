import Foundation
import Testing

@testable import Spreadsheet

/// The one way to write a file atomically, make temporary files, guard formulas and recognise
/// plain decimals (every writer, the CLI and the bank files use these).
@Suite struct FilesAndPolicyTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func commitRefusesAnExistingFileUnlessOverwritingAndLeavesNoTemporary() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.csv"
        let first = try AtomicFile.writeTemporary(Array("one".utf8), beside: target)
        try AtomicFile.commit(first, to: target, overwrite: false)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "one")
        let second = try AtomicFile.writeTemporary(Array("two".utf8), beside: target)
        do {
            try AtomicFile.commit(second, to: target, overwrite: false)
            Issue.record("an existing file was replaced")
        } catch {
            #expect(error.kind == .exists)
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "one", "the existing file is untouched")
        let third = try AtomicFile.writeTemporary(Array("three".utf8), beside: target)
        try AtomicFile.commit(third, to: target, overwrite: true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "three")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"], "no temporary file is left")
        #expect(AtomicFile.compare(target, with: Array("three".utf8)) == .same)
        #expect(AtomicFile.compare(target, with: Array("thre".utf8)) == .different)
    }

    @Test func temporaryFilesAreFreshAndScratchOnesPrivate() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var names = Set<String>()
        for _ in 0..<50 {
            let (path, fd) = try FileIO.makeTemporaryFile(in: dir, prefix: ".x-", mode: 0o600)
            close(fd)
            #expect(names.insert(path).inserted)
            var st = stat()
            #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        }
        let folder = try FileIO.makeTemporaryFolder(in: dir, prefix: ".d-")
        #expect(FileManager.default.fileExists(atPath: folder))
        #expect(throws: SpreadsheetError.self) { try FileIO.makeTemporaryFile(in: dir + "/missing", prefix: "x") }
    }

    @Test func writeAllWritesEverythingAndReportsErrno() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, fd) = try FileIO.makeTemporaryFile(in: dir, prefix: "w-")
        let bytes = [UInt8](repeating: 7, count: 3 << 20)
        #expect(bytes.withUnsafeBytes { FileIO.writeAll(fd, $0) } == 0)
        close(fd)
        #expect(AtomicFile.compare(path, with: bytes) == .same)
        #expect(bytes.withUnsafeBytes { FileIO.writeAll(-1, $0) } == EBADF)
    }

    @Test(arguments: [
        ("2000", true), ("-12.50", true), ("0.5", true), ("-0", true), (".5", false), ("5.", false), ("1e3", false),
        ("+1", false), ("1,000", false), ("", false), ("-", false), ("1.2.3", false), ("１２", false),
    ])
    func plainDecimalsAreExactlyMinusDigitsPointDigits(_ text: String, _ plain: Bool) {
        #expect(TextPolicy.isPlainDecimal(text) == plain)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+86", "'+86"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1+1", "'-1+1"),
        ("- 5", "'- 5"), ("-12.5", "-12.5"), ("-3000", "-3000"), ("张三", "张三"), ("a=b", "a=b"), ("", ""),
    ])
    func oneFormulaGuardForEveryTextFile(_ text: String, _ guarded: String) {
        #expect(TextPolicy.formulaGuarded(text) == guarded)
        #expect(TextPolicy.isDangerous(text) == (text != guarded))
    }
}

/// The CSV reader as a record reader: every record with its field count and line ending, a
/// delimiter of any width, quoting switched off, bytes held in memory.
@Suite struct CSVRecordTests {
    static func records(_ text: String, _ options: ReadOptions = ReadOptions()) throws -> [([String], CSVSheetReader.LineEnding?)] {
        let reader = try CSVWorkbook(bytes: Array(text.utf8), name: "t.csv", options: options).openRecords()
        var out: [([String], CSVSheetReader.LineEnding?)] = []
        while let row = try reader.nextRecord() {
            out.append(((0..<reader.fieldCount).map { row[$0]?.raw ?? "" }, reader.lineEnding))
        }
        return out
    }

    @Test func recordsKeepEmptyFieldsBlankLinesAndTheirEndings() throws {
        var o = ReadOptions(encoding: .utf8, delimiter: UInt8(ascii: ","))
        o.format = .csv
        let r = try Self.records("a,,c\r\n\n\"x\r\ny\",\"\"\"q\"\"\"\rlast,", o)
        #expect(r.map(\.0) == [["a", "", "c"], [""], ["x\r\ny", "\"q\""], ["last", ""]])
        #expect(r.map(\.1) == [.crlf, .lf, .cr, nil])
    }

    @Test func aWideDelimiterSplitsOnlyOnItsWholeCharacter() throws {
        var o = ReadOptions(encoding: .utf8)
        o.delimiterText = "｜"
        // ＼ (EF BC BC) shares its first byte with ｜ (EF BD 9C): it is not a delimiter.
        let r = try Self.records("甲｜乙＼丙｜\n", o)
        #expect(r.map(\.0) == [["甲", "乙＼丙", ""]])
    }

    @Test func withoutQuotingAQuoteIsAnOrdinaryCharacter() throws {
        var o = ReadOptions(encoding: .utf8, delimiter: UInt8(ascii: "|"))
        o.quoting = false
        let r = try Self.records("\"a|b\"|c\n", o)
        #expect(r.map(\.0) == [["\"a", "b\"", "c"]])
    }
}
