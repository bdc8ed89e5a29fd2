import Foundation
import Testing

@testable import Spreadsheet

/// Legal but unusual workbooks that real producers write and every other reader opens
/// (Fixtures/make_fixtures.py, `realworld()`): each must open and read like openpyxl and
/// python-calamine read it.
@Suite struct XLSXRealWorldTests {
    static func cells(_ name: String, sheet: Int = 0) throws -> [[CellValue]] {
        let wb = try Spreadsheets.open(path: TestPaths.fixture(name))
        return try wb.readAll(sheet: sheet).rows.map { $0.cells.map(\.value) }
    }

    /// .NET's System.IO.Packaging pads local headers with an extra field (id 0xa220) that the
    /// central directory does not repeat.
    @Test func aLocalExtraFieldTheCentralDirectoryLacksIsRead() throws {
        #expect(try Self.cells("valid-local-extra.xlsx") == [[.string("only"), .number(42)]])
    }

    /// Bytes after the end-of-central-directory record (a mail gateway's signature, padding).
    @Test func bytesAfterTheEndOfTheArchiveAreIgnored() throws {
        #expect(try Self.cells("valid-trailing-bytes.xlsx") == [[.string("only"), .number(42)]])
    }

    @Test func theHostileRefusalsStillHoldWithoutTheStrictOpen() {
        for (file, kind) in XLSXHostileTests.cases {
            #expect(throws: SpreadsheetError.self) { try readEverything(TestPaths.fixture(file)) }
            do { try readEverything(TestPaths.fixture(file)) } catch { #expect(error.kind == kind, "\(file)") }
        }
    }

    /// One `<row r="N">` element per cell, N repeated, columns ascending: one row each.
    @Test func rowPiecesWithTheSameNumberAreJoinedIntoOneRow() throws {
        let wb = try Spreadsheets.open(path: TestPaths.fixture("valid-row-pieces.xlsx"))
        let rows = try wb.readAll(sheet: 0).rows
        #expect(rows.map(\.number) == [1, 2, 4])
        #expect(rows[0].cells.map(\.column) == [0, 1, 3])
        #expect(rows[0].cells.map(\.value) == [.string("only"), .number(1), .number(3)])
        #expect(rows[1].cells.map(\.value) == [.number(4), .string("x")])
        #expect(rows[2].cells.map(\.column) == [1])
    }

    @Test func aRepeatedRowWhoseCellGoesBackIsRefusedNamingTheCell() {
        do {
            try readEverything(TestPaths.fixture("hostile-row-disorder.xlsx"))
            Issue.record("read without an error")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.row == 1 && error.column == 0)
            #expect(error.description.contains("out of order"))
        }
    }

    /// `AM/PM` and `"at "A/P` alone are time formats, as in Excel.
    @Test func formatsWhoseOnlyTimeTokenIsAMPMAreTimes() throws {
        let row = try #require(try Self.cells("valid-ampm.xlsx").first)
        guard case .date(let a) = row[0], case .date(let b) = row[1], case .date(let c) = row[2] else {
            Issue.record("not times: \(row)")
            return
        }
        #expect(a.kind == .time && a.isoTime == "18:00:00")
        #expect(b.kind == .dateTime && b.description == "2017-09-30T06:00:00")
        #expect(c.kind == .time && c.isoTime == "12:00:00")
        #expect(row[3] == .number(0.75), "0.00 stays a number")
        #expect(NumberFormats.kind(of: "AM/PM") == .dateTime)
        #expect(NumberFormats.kind(of: "\"at \"A/P") == .dateTime)
        #expect(NumberFormats.kind(of: "\"AM/PM\" 0") == .number, "quoted text is not a token")
    }

    @Test func chartSheetsAreListedAsChartsAndHaveNoCells() throws {
        let wb = try Spreadsheets.open(path: TestPaths.fixture("valid-chartsheet.xlsx"))
        #expect(wb.sheets.map(\.kind) == [.chart, .worksheet, .worksheet])
        #expect(wb.defaultSheetIndex == 1, "the first worksheet, never the chart")
        do {
            _ = try wb.openSheet(0)
            Issue.record("a chart sheet opened")
        } catch {
            #expect(error.kind == .noCells)
            #expect(error.sheet == "Chart1")
        }
    }

    /// A sheet named "1": the name wins for `sheetIndex(for:)`, the position for `sheetIndex(position:)`.
    @Test func aSheetNamedWithDigitsIsReachedByNameAndEveryPositionByIndex() throws {
        let wb = try Spreadsheets.open(path: TestPaths.fixture("valid-chartsheet.xlsx"))
        #expect(wb.sheetIndex(for: "1") == 1)
        #expect(wb.sheetIndex(position: 1) == 0)
        #expect(wb.sheetIndex(for: "3") == 2, "a number naming no sheet is a position")
        #expect(wb.sheetIndex(position: 4) == nil)
    }

    @Test(arguments: ["empty.xlsx", "empty.csv", "empty"])
    func aZeroByteFileIsEmptyWhateverItsName(_ name: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        do {
            _ = try Spreadsheets.open(path: path)
            Issue.record("a 0-byte file opened")
        } catch {
            #expect(error.kind == .empty)
            #expect(error.description.contains("the file is empty (0 bytes)"))
        }
    }

    @Test func writersCreateTheFoldersTheyWriteInto() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-mkdir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("a/b/out.xlsx").path
        let book = try XLSXWriter(path: xlsx)
        try book.addSheet(name: "S").writeRow([.text("x")])
        try book.close()
        #expect(FileManager.default.fileExists(atPath: xlsx))
        let csv = dir.appendingPathComponent("c/d/out.csv").path
        let w = try CSVWriter(path: csv)
        try w.close()
        #expect(FileManager.default.fileExists(atPath: csv))
        // A file where a folder should be is named.
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("file").path, contents: Data("x".utf8)))
        do {
            try Folders.create(dir.appendingPathComponent("file/sub").path)
            Issue.record("created a folder under a file")
        } catch {
            #expect(error.description.contains("is a file, not a folder"))
        }
    }
}
