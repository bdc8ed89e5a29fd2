import Foundation
import Testing

@testable import Spreadsheet

@Suite struct PackagePathTests {
    @Test func relationshipPartSitsInTheSourceFolder() {
        #expect(PackagePaths.relsPart(of: "") == "_rels/.rels")
        #expect(PackagePaths.relsPart(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(PackagePaths.relsPart(of: "/xl\\workbook.xml") == "xl/_rels/workbook.xml.rels")
    }

    @Test func targetsResolveRelativeAbsoluteAndBackslashed() {
        #expect(PackagePaths.resolve(target: "worksheets/sheet1.xml", source: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(PackagePaths.resolve(target: "/xl/worksheets/sheet1.xml", source: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(PackagePaths.resolve(target: "../xl/a.xml", source: "xl/workbook.xml") == "xl/a.xml")
        #expect(PackagePaths.resolve(target: "worksheets\\sheet2.xml", source: "xl/workbook.xml") == "xl/worksheets/sheet2.xml")
        #expect(PackagePaths.resolve(target: "xl/workbook.xml", source: "") == "xl/workbook.xml")
        #expect(PackagePaths.resolve(target: "my%20sheet.xml", source: "xl/workbook.xml") == "xl/my sheet.xml")
    }

    @Test func partNamesMatchCaseInsensitivelyWithBackslashes() {
        #expect(ZipArchive.normalise("/XL\\Worksheets\\Sheet1.xml") == "xl/worksheets/sheet1.xml")
    }
}

@Suite struct NumberFormatTests {
    @Test(arguments: [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47, 27, 31, 36, 50, 57, 58])
    func builtInDateIdsAreDates(_ id: Int) {
        #expect(NumberFormats.builtInKind(id) == .dateTime)
    }

    @Test(arguments: [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 37, 40, 44, 48, 49, 59, 164])
    func otherBuiltInIdsAreNumbers(_ id: Int) {
        #expect(NumberFormats.builtInKind(id) == .number)
    }

    @Test func elapsedTimeBuiltInIsADuration() {
        #expect(NumberFormats.builtInKind(46) == .duration)
    }

    @Test(arguments: [
        "yyyy\"年\"m\"月\"d\"日\"", "[$-F800]dddd, mmmm dd, yyyy", "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"",
        "yyyy/m/d h:mm", "h:mm AM/PM", "d-mmm", "yyyy\\-mm\\-dd", "mm:ss.0", "[$-409]mmmm d, yyyy;@", "[$-804]aaaa",
    ])
    func customDateFormatsAreDates(_ code: String) {
        #expect(NumberFormats.kind(of: code) == .dateTime)
    }

    @Test(arguments: ["[h]:mm:ss", "[mm]:ss", "[ss]", "[H]:mm"])
    func elapsedFormatsAreDurations(_ code: String) {
        #expect(NumberFormats.kind(of: code) == .duration)
    }

    @Test(arguments: [
        "General", "0.00", "#,##0.00", "0.00E+00", "\"days\" 0", "#,##0.00_);[Red](#,##0.00)", "[$¥-804]#,##0.00",
        "0%", "@", "[Red]0.0", "\\d0", "_(* #,##0_)", "[DBNum1][$-804]General", "", "0;-0;;@", "General;yyyy",
    ])
    func numberFormatsAreNotDates(_ code: String) {
        #expect(NumberFormats.kind(of: code) == .number)
    }
}

@Suite struct ExcelDateTests {
    @Test func serialsConvertWithThe1900LeapYearBug() {
        #expect(ExcelDate.dateTime(serial: 1, date1904: false)?.description == "1900-01-01")
        #expect(ExcelDate.dateTime(serial: 59, date1904: false)?.description == "1900-02-28")
        #expect(ExcelDate.dateTime(serial: 60, date1904: false)?.description == "1900-02-28")
        #expect(ExcelDate.dateTime(serial: 61, date1904: false)?.description == "1900-03-01")
        #expect(ExcelDate.dateTime(serial: 43008, date1904: false)?.description == "2017-09-30")
        #expect(ExcelDate.dateTime(serial: 2_958_465, date1904: false)?.description == "9999-12-31")
    }

    @Test func the1904SystemStartsIn1904() {
        #expect(ExcelDate.dateTime(serial: 0.5, date1904: true)?.kind == .time)
        #expect(ExcelDate.dateTime(serial: 1, date1904: true)?.description == "1904-01-02")
        #expect(ExcelDate.dateTime(serial: 42428, date1904: true)?.description == "2020-02-29")
    }

    @Test func kindFollowsTheSerialAndRoundsToTheSecond() {
        #expect(ExcelDate.dateTime(serial: 0.3649305555555555, date1904: false)?.description == "08:45:30")
        #expect(ExcelDate.dateTime(serial: 43008.5, date1904: false)?.description == "2017-09-30T12:00:00")
        #expect(ExcelDate.dateTime(serial: 43008.999999999, date1904: false)?.description == "2017-10-01")
        #expect(ExcelDate.dateTime(serial: -1, date1904: false) == nil)
        #expect(ExcelDate.dateTime(serial: .nan, date1904: false) == nil)
        #expect(ExcelDate.dateTime(serial: 3e6, date1904: false) == nil)
    }

    @Test func durationsAreSecondsToTheMillisecond() {
        #expect(ExcelDate.duration(serial: 1.5) == 129_600)
        #expect(ExcelDate.duration(serial: 10.632060185185185) == 918_610)
    }

    @Test func isoDatesParse() {
        #expect(ExcelDate.parseISO("2021-01-01")?.description == "2021-01-01")
        #expect(ExcelDate.parseISO("2021-01-01T10:10:10")?.description == "2021-01-01T10:10:10")
        #expect(ExcelDate.parseISO("2021-01-01T00:00:00Z")?.description == "2021-01-01")
        #expect(ExcelDate.parseISO("10:10:10.6")?.description == "10:10:11")
        #expect(ExcelDate.parseISO("2021-13-01") == nil)
        #expect(ExcelDate.parseISO("yesterday") == nil)
    }
}

/// A hand-written strict-namespace package (Fixtures/make_fixtures.py, `parts()`).
@Suite struct XLSXPartsTests {
    static func read() throws -> (XLSXWorkbook, [Row], [CellRange]) {
        let wb = try XLSXWorkbook(path: TestPaths.fixture("parts.xlsx"))
        let all = try wb.readAll(sheet: 0)
        return (wb, all.rows, all.merged)
    }

    @Test func followsStrictRelationshipsBackslashNamesAndAbsoluteTargets() throws {
        let (wb, _, _) = try Self.read()
        #expect(wb.sheets.map(\.name) == ["Parts", "Secret"])
        #expect(wb.sheets[1].visibility == .veryHidden)
        #expect(try wb.readAll(sheet: 1).rows.first?[0]?.value == .number(7))
        do {
            _ = try wb.openSheet(2)
            Issue.record("expected noSuchSheet")
        } catch {
            #expect(error.kind == .noSuchSheet)
        }
    }

    @Test func sharedStringsJoinRunsDropPhoneticsAndDecodeEscapes() throws {
        let (_, rows, _) = try Self.read()
        #expect(rows[0][0]?.value == .string("課きく "))
        #expect(rows[0][1] == nil, "an empty shared string is no cell")
        #expect(rows[0][2]?.value == .string("tab\there _x0041_"))
    }

    @Test func rowsAndCellsWithoutReferencesUseRunningCounters() throws {
        let (_, rows, _) = try Self.read()
        #expect(rows.map(\.number) == [1, 2, 5, 6])
        #expect(rows[1].cells.map(\.column) == [0, 1, 3])
        #expect(rows[2].cells.map(\.column) == [1, 2, 3, 4, 5, 6])
    }

    @Test func cellTypesReadByTheirStoredKind() throws {
        let (_, rows, merged) = try Self.read()
        #expect(rows[1][0]?.value == .string("inline"))
        #expect(rows[1][1]?.value == .string("formula text"))
        #expect(rows[1][3]?.value == .bool(true))
        #expect(rows[2][1]?.value == .date(DateTimeValue(year: 2021, month: 1, day: 1, hour: 10, minute: 10, second: 10, kind: .dateTime)))
        #expect(rows[2][2]?.value == .date(DateTimeValue(year: 2021, month: 1, day: 2, kind: .date)))
        #expect(rows[2][3]?.value == .duration(108_000))
        #expect(rows[2][3]?.numberFormat == "[h]:mm")
        #expect(rows[2][4]?.value == .date(DateTimeValue(year: 2021, month: 1, day: 1, kind: .date)))
        #expect(rows[2][5]?.numberFormat == "yyyy\"年\"m\"月\"d\"日\"", "East-Asian built-in 31")
        #expect(rows[2][6]?.value == .error("#N/A"))
        #expect(rows[3][0]?.value == .number(60))
        #expect(rows[3][1]?.value.dateDescription == "1900-02-28")
        #expect(rows[3][2]?.value.dateDescription == "1900-03-01")
        #expect(rows[3][3]?.value.dateDescription == "12:00:00")
        #expect(merged == [CellRange("B5:C5")!])
    }
}

extension CellValue {
    fileprivate var dateDescription: String? {
        if case .date(let d) = self { return d.description }
        return nil
    }
}
