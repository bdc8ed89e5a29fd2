import Foundation
import Testing

@testable import Spreadsheet

/// Fixtures written by XlsxWriter/openpyxl and re-saved by LibreOffice (see Fixtures/make_fixtures.py).
@Suite struct XLSXFixtureTests {
    static func rows(_ name: String, sheet: Int = 0) throws -> (rows: [Row], merged: [CellRange], workbook: XLSXWorkbook) {
        let wb = try XLSXWorkbook(path: TestPaths.fixture(name))
        let all = try wb.readAll(sheet: sheet)
        return (all.rows, all.merged, wb)
    }

    @Test(arguments: ["roster-xw.xlsx", "roster-lo.xlsx"])
    func readsChineseRosterWithTitleRowsMergedHeaderAndTypedCells(_ name: String) throws {
        let (rows, merged, wb) = try Self.rows(name)
        #expect(wb.sheets.map(\.name) == ["申报表", "说明"])
        #expect(wb.sheets.map(\.visibility) == [.visible, .hidden])
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(rows[0][0]?.value == .string("昆明市劳动模范困难帮扶资金申报表"))
        #expect(merged == [CellRange("A1:H1")!, CellRange("A3:B3")!])
        let zhang = rows[4]
        // The 18-digit identity number typed as a number keeps its stored text.
        guard case .number = zhang[1]?.value else {
            Issue.record("identity number should be a number cell")
            return
        }
        #expect(zhang[1]!.raw.uppercased().contains("E+"))
        #expect(zhang[1]!.raw.hasPrefix("5.30102199001011"))
        // The amount keeps its exact stored text for fen arithmetic.
        #expect(zhang[2]?.raw == "1912.57")
        #expect(zhang[2]?.numberFormat == "#,##0.00")
        #expect(zhang[3]?.value == .date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date)))
        #expect(zhang[3]?.raw == "43008")
        #expect(zhang[3]?.numberFormat?.contains("年") == true)
        guard case .date(let time)? = zhang[4]?.value else {
            Issue.record("time of day expected")
            return
        }
        #expect(time.kind == .time)
        #expect(time.isoTime == "08:45:30")
        #expect(zhang[5]?.value == .duration(129_600))
        #expect(zhang[6]?.value == .bool(true))
        #expect(zhang[7]?.value == .string(" 前后空格 "), "whitespace is kept as stored")
        #expect(rows[5][1]?.value == .string("53010219850505002X"))
        // XlsxWriter escapes a literal "_x000D_" as "_x005F_x000D_": it reads back literally.
        #expect(rows[5][7]?.value == .string("a_x000D_b"))
        #expect(rows[6][2]?.raw == "2912.57", "formula cell read by its cached value")
        #expect(rows[6][3]?.value == .error("#DIV/0!"))
        #expect(try wb.readAll(sheet: 1).rows.first?[0]?.value == .string("hidden sheet"))
    }

    @Test(arguments: ["opx-1904.xlsx", "opx-1904-lo.xlsx"])
    func readsThe1904DateSystemRichTextAndMergedRanges(_ name: String) throws {
        let (rows, merged, wb) = try Self.rows(name)
        #expect(wb.date1904)
        #expect(rows[0][0]?.value == .date(DateTimeValue(year: 2020, month: 2, day: 29, kind: .date)))
        #expect(rows[0][1]?.value == .date(DateTimeValue(year: 2020, month: 2, day: 29, hour: 23, minute: 59, second: 59, kind: .dateTime)))
        #expect(rows[1][0]?.value == .string("富文本"), "rich-text runs are joined")
        #expect(merged == [CellRange("A4:C5")!])
    }
}


/// The threaded paths (sheet inflated and parsed on their own threads, shared strings loaded in
/// the background) give exactly what the single-threaded path gives.
@Suite struct XLSXThreadedReadTests {
    static func read(_ path: String, threshold: Int64, options: ReadOptions = ReadOptions()) throws(SpreadsheetError)
        -> [[Row]]
    {
        let wb = try XLSXWorkbook(path: path, options: options, parallelThreshold: threshold)
        var out: [[Row]] = []
        // A chart sheet has no cells: it reads as no rows.
        for s in wb.sheets { out.append(s.kind.hasCells ? try wb.readAll(sheet: s.index).rows : []) }
        return out
    }

    @Test(arguments: ["roster-xw.xlsx", "roster-lo.xlsx", "opx-1904-lo.xlsx", "parts.xlsx"])
    func threadedReadEqualsSingleThreadedRead(_ name: String) throws {
        let path = TestPaths.fixture(name)
        #expect(try Self.read(path, threshold: 0) == Self.read(path, threshold: .max))
    }

    @Test(arguments: XLSXHostileTests.cases)
    func threadedReadRefusesHostileFilesTheSameWay(_ file: String, _ kind: SpreadsheetError.Kind) {
        do {
            _ = try Self.read(TestPaths.fixture(file), threshold: 0)
            Issue.record("\(file) was read")
        } catch {
            #expect(error.kind == kind, "\(file): \(error)")
        }
    }

    @Test func abandoningAThreadedReaderMidwayStopsItsThreads() throws {
        let wb = try XLSXWorkbook(
            path: TestPaths.fixture("roster-lo.xlsx"), options: ReadOptions(), parallelThreshold: 0)
        for _ in 0..<20 {
            let reader = try wb.openSheet(0)
            #expect(try reader.nextRow()?.number == 1)
        }
    }
}
