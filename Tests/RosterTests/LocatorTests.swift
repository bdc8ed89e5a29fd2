import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct LocatorTests {
    @Test func choosesTheRosterSheetAfterAnInstructionsSheet() throws {
        let wb = MemoryWorkbook(
            path: "x/五华区.xlsx",
            sheets: [
                .init(name: "填表说明", rows: [Row.texts(1, ["填表说明"]), Row.texts(2, ["姓名请填写全名，身份证号码设为文本"])]),
                .init(name: "花名册", rows: [Row.texts(1, T.header), T.row(2, 0)]),
            ])
        let f = try RosterLocator().read(workbook: wb)
        #expect(f.sheet == "花名册" && f.sheetIndex == 1 && f.headerRow == 1 && f.dataRows.count == 1)
    }

    @Test func skipsTitleRowsAndReadsATwoRowHeaderUnderAMergedGroupHeading() throws {
        let top = ["序号", "姓名", "性别", "身份证号码", "荣誉称号", "补助金额（元）", "银行信息", "", "家庭住址"]
        let sub = ["", "", "", "", "", "", "开户行", "银行卡号", ""]
        let p = T.people[0]
        let data = Row.texts(5, ["1", p.name, "男", p.id, "市级劳动模范", "2000", "工行", T.card(0), "某路1号"])
        let wb = MemoryWorkbook(
            path: "盘龙区.xlsx",
            sheets: [
                .init(
                    name: "Sheet1",
                    rows: [Row.texts(1, ["2017年中秋国庆困难劳模帮扶花名册"]), Row.texts(2, ["填报单位：盘龙区总工会"]), Row.texts(3, top), Row.texts(4, sub), data],
                    merged: [CellRange("A1:I1")!, CellRange("G3:H3")!, CellRange("A3:A4")!, CellRange("B3:B4")!])
            ])
        let f = try RosterLocator().read(workbook: wb)
        #expect(f.headerRows.map(\.number) == [3, 4])
        #expect(f.titleRows.map(\.number) == [1, 2])
        #expect(f.columns[.bank] == 6 && f.columns[.account] == 7 && f.columns[.amount] == 5)
        #expect(f.headers.map(\.text) == ["序号", "姓名", "性别", "身份证号码", "荣誉称号", "补助金额（元）", "银行信息/开户行", "银行信息/银行卡号", "家庭住址"])
        // Unknown columns are kept, in original order, with no field.
        #expect(f.headers.last?.field == nil && f.headers.first?.field == nil)
        #expect(f.dataRows.map(\.number) == [5] && f.dataRows[0].row.cells.count == 9)
        #expect(f.mergedRanges.count == 4 && f.missingFields.isEmpty)
        #expect(f.district == "盘龙区" && f.districtSource == .fileName)
    }

    @Test func aTitleAboveAOneRowHeaderDoesNotJoinIt() throws {
        let wb = MemoryWorkbook(
            path: "roster.xlsx",
            sheets: [.init(name: "S", rows: [Row.texts(1, ["官渡区困难劳模名单"]), Row.texts(2, T.header), T.row(3, 1)])])
        let f = try RosterLocator().read(workbook: wb)
        #expect(f.headerRows.map(\.number) == [2])
        #expect(f.district == "官渡区" && f.districtSource == .title)
    }

    @Test func blankLinesTotalsRowAndSignaturesAreNotPeople() throws {
        let rows = [
            T.row(2, 0), Row.texts(3, ["2"]), T.row(4, 1), Row.texts(6, ["合计", "", "", "", "", "", "4000"]),
            Row.texts(8, ["制表人：张三", "", "", "", "审核人：李四"]), Row.texts(9, ["说明：以上人员已经社区核实"]),
        ]
        let f = try RosterLocator().read(workbook: T.workbook(rows: rows))
        #expect(f.dataRows.map(\.number) == [2, 4])
        #expect(f.totalsRows.map(\.number) == [6])
        #expect(f.trailerRows.map(\.number) == [8, 9])
    }

    @Test func districtComesFromAColumnThenFileNameThenTitleThenOption() throws {
        var header = T.header
        header.append("所属区县")
        let r = Row(number: 2, cells: T.row(2, 0).cells + [Cell(column: 10, value: .string("石林县"), raw: "石林县")])
        let byColumn = try RosterLocator().read(workbook: T.workbook("五华区.xlsx", header: header, rows: [r]))
        #expect(byColumn.district == "石林彝族自治县" && byColumn.districtSource == .column)
        #expect(byColumn.dataRows[0].district == "石林彝族自治县")
        let byOption = try RosterLocator().read(workbook: T.workbook("roster.xlsx", rows: [T.row(2, 0)]), fallbackDistrict: "嵩明县")
        #expect(byOption.district == "嵩明县" && byOption.districtSource == .option)
        let none = try RosterLocator().read(workbook: T.workbook("roster.xlsx", rows: [T.row(2, 0)]))
        #expect(none.district == nil && none.districtSource == .none)
    }

    @Test func aMissingRequiredColumnIsListedOnce() throws {
        let header = ["姓名", "身份证号码", "补助金额"]
        let p = T.people[0]
        let f = try RosterLocator().read(workbook: T.workbook(header: header, rows: [Row.texts(2, [p.name, p.id, "2000"])]))
        #expect(f.missingFields == [.account])
    }

    @Test func aSheetWithNoRosterHeaderHasEveryRequiredFieldMissing() throws {
        let wb = MemoryWorkbook(path: "五华区.xlsx", sheets: [.init(name: "S", rows: [Row.texts(1, ["随便写点什么"])])])
        let f = try RosterLocator().read(workbook: wb)
        #expect(f.headerRows.isEmpty && f.missingFields == [.name, .idNumber, .amount, .account])
    }
}
