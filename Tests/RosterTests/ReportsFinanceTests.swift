import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct ReportsFinanceTests {
    /// 五华区: three paid (2000, 1500.50, 3000) and one revoked; 西山区: two paid (one with a
    /// gender warning) and one over the limit; 安宁市: one paid (2500).
    static func checks(reversed: Bool = false) throws -> [FileCheck] {
        var books = [
            T.workbook("in/五华区.xlsx", rows: [T.row(2, 0), T.row(3, 1, ["补助金额(元)": "1500.50"]), T.row(4, 2, ["补助金额(元)": "3000"]), T.row(5, 8)]),
            T.workbook("in/西山区.xlsx", rows: [T.row(2, 3), T.row(3, 4, ["补助金额(元)": "3500"]), T.row(4, 5, ["性别": "男"])]),
            T.workbook("in/安宁市.xlsx", rows: [T.row(2, 6, ["补助金额(元)": "2500"])]),
        ]
        if reversed { books.reverse() }
        return try T.check(books)
    }

    static func write(_ checks: [FileCheck], to dir: String, name: String = "汇总发放表.xlsx") throws -> (String, PaymentTally) {
        let path = dir + "/" + name
        let r = try FinanceWorkbook.write(
            to: path, checks: checks, program: T.program, runDate: R.runDate, signOff: SignOff(preparer: "张三", reviewer: "李四"))
        return (path, r)
    }

    @Test func detailSheetGroupsPaidRowsByDistrictInOfficialOrderWithSubtotalsAndCapitalTotal() throws {
        let dir = try R.scratch()
        let (path, result) = try Self.write(Self.checks(reversed: true), to: dir)
        let sheets = try R.read(path)
        #expect(sheets.map(\.name) == ["发放明细", "汇总"])
        let rows = sheets[0].rows
        #expect(R.texts(rows[0]) == ["2017年中秋国庆困难市级劳模帮扶"])
        #expect(R.texts(rows[2]) == FinanceWorkbook.columns)
        let p = T.people
        // Row 4 on: 五华区 (file order then row), subtotal, 西山区, subtotal, 安宁市, subtotal.
        #expect(R.texts(rows[3]) == ["1", "五华区", p[0].name, "男", p[0].id, "市级劳动模范", "工行", T.card(0), "2000.00"])
        #expect(R.texts(rows[4]).prefix(5) == ["2", "五华区", p[1].name, "女", p[1].id])
        #expect(rows[4][8]?.raw == "1500.50")
        #expect(R.texts(rows[6]) == ["", "五华区小计", "3人", "", "", "", "", "", "6500.50"])
        #expect(R.texts(rows[7]).prefix(3) == ["4", "西山区", p[3].name])
        #expect(R.texts(rows[8]).prefix(3) == ["5", "西山区", p[5].name])
        #expect(rows[8][9]?.raw == "提示：性别与身份证号码不符")
        #expect(R.texts(rows[9]) == ["", "西山区小计", "2人", "", "", "", "", "", "4000.00"])
        #expect(R.texts(rows[10]).prefix(3) == ["6", "安宁市", p[6].name])
        #expect(R.texts(rows[11]) == ["", "安宁市小计", "1人", "", "", "", "", "", "2500.00"])
        #expect(R.texts(rows[12]) == ["", "合计", "6人", "", "", "", "", "", "13000.50"])
        #expect(R.texts(rows[13]) == ["", "合计（大写）", "壹万叁仟元零伍角整"])
        #expect(rows[14].number == 16)
        #expect(R.texts(rows[14]) == ["制表人：张三", "", "审核人：李四", "", "", "负责人：", "", "日期：2017年09月20日"])
        // Identity and account numbers are text cells formatted "@"; amounts numbers "#,##0.00".
        #expect(rows[3][4]?.value == .string(p[0].id) && rows[3][4]?.numberFormat == "@")
        #expect(rows[3][7]?.value == .string(T.card(0)) && rows[3][7]?.numberFormat == "@")
        #expect(rows[3][8]?.value == .number(2000) && rows[3][8]?.numberFormat == "#,##0.00")
        // The result reports what was written, summed from fen.
        #expect(result.total == PaymentTotals(count: 6, amount: Money(fen: 1_300_050)))
        #expect(result.totalWords == "壹万叁仟元零伍角整")
        #expect(result.disbursements.map(\.name) == [p[0], p[1], p[2], p[3], p[5], p[6]].map(\.name))
        let accepted = try Self.checks().flatMap(\.acceptedRows).reduce(Money.zero) { $0 + $1.amount! }
        #expect(result.total.amount == accepted)
    }

    @Test func summarySheetCountsReceivedPaidReturnedByDistrictHonourAndBudget() throws {
        let dir = try R.scratch()
        let (path, result) = try Self.write(Self.checks(), to: dir)
        let rows = try R.read(path)[1].rows.map(R.texts)
        func after(_ label: String) -> Int { rows.firstIndex { $0.first == label }! }
        let d = after("区县")
        #expect(Array(rows[d..<(d + 5)]) == [
            ["区县", "收到行数", "发放人数", "退回行数", "发放金额(元)", "此前已发放行数"],
            ["五华区", "4", "3", "1", "6500.50", "0"],
            ["西山区", "3", "2", "1", "4000.00", "0"],
            ["安宁市", "1", "1", "0", "2500.00", "0"],
            ["合计", "8", "6", "2", "13000.50", "0"],
        ])
        let h = after("荣誉称号")
        #expect(Array(rows[h..<(h + 3)]) == [["荣誉称号", "发放人数", "发放金额(元)"], ["市级劳动模范", "6", "13000.50"], ["合计", "6", "13000.50"]])
        #expect(rows.contains(["预算总额（元）", "700000.00"]))
        #expect(rows.contains(["此前批次已发放（元）", "0.00"]))
        #expect(rows.contains(["本批发放（元）", "13000.50"]))
        #expect(rows.contains(["预算剩余（元）", "686999.50"]))
        #expect(rows.contains(["合计（大写）", "壹万叁仟元零伍角整"]))
        #expect(result.districts.map(\.returned) == [1, 1, 0])
        #expect(result.budgetRemaining == Money(fen: 68_699_950))
    }

    @Test func overBudgetIsShownAsTheAmountExceeded() throws {
        var program = T.program
        program.budget = Money(fen: 1_000_000)
        let dir = try R.scratch()
        let r = try FinanceWorkbook.write(to: dir + "/f.xlsx", checks: Self.checks(), program: program, runDate: R.runDate)
        #expect(r.budgetRemaining == Money(fen: -300_050))
        let rows = try R.read(dir + "/f.xlsx")[1].rows.map(R.texts)
        #expect(rows.contains(["超出预算（元）", "3000.50"]))
    }

    @Test func sameChecksInAnyOrderGiveByteIdenticalWorkbooks() throws {
        let dir = try R.scratch()
        let (a, _) = try Self.write(Self.checks(), to: dir, name: "a.xlsx")
        let (b, _) = try Self.write(Self.checks(reversed: true), to: dir, name: "b.xlsx")
        #expect(try R.bytes(a) == R.bytes(b))
        // A different run date changes the bytes (it is written), the clock does not.
        let c = dir + "/c.xlsx"
        try FinanceWorkbook.write(to: c, checks: Self.checks(), program: T.program, runDate: SimpleDate(year: 2017, month: 9, day: 21),
            signOff: SignOff(preparer: "张三", reviewer: "李四"))
        #expect(try R.bytes(a) != R.bytes(c))
    }

    @Test func anExistingFileIsRefusedUnlessOverwriteIsAsked() throws {
        let dir = try R.scratch()
        let (path, _) = try Self.write(Self.checks(), to: dir)
        #expect(throws: SpreadsheetError.self) { try FinanceWorkbook.write(to: path, checks: [], program: T.program, runDate: R.runDate) }
        let r = try FinanceWorkbook.write(to: path, checks: [], program: T.program, runDate: R.runDate, overwrite: true)
        #expect(r.total == PaymentTotals() && r.totalWords == "零元整")
        let rows = try R.read(path)[0].rows.map(R.texts)
        #expect(rows.contains(["", "合计", "0人", "", "", "", "", "", "0.00"]))
    }

    @Test(.enabled(if: R.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func printSetUpPanesAndFormatsAreWhatOpenpyxlSees() throws {
        let dir = try R.scratch()
        let (path, _) = try Self.write(Self.checks(), to: dir)
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb['发放明细']
            print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)
            print(ws.print_title_rows, ws.freeze_panes)
            print(ws['E4'].number_format, ws['E4'].data_type, ws['I4'].number_format, ws['I4'].data_type, ws['C3'].font.b, ws['C3'].border.left.style)
            print(sorted(str(m) for m in ws.merged_cells.ranges))
            print(ws.column_dimensions['E'].width >= 20, ws.column_dimensions['B'].width >= 10)
            print(wb['汇总'].page_setup.orientation)
            """
        let r = try R.python(script, [path])
        #expect(r.status == 0, "\(r.out)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "landscape 9 True 1 0")
        #expect(lines[1] == "$1:$3 A4")
        #expect(lines[2] == "@ s #,##0.00 n True thin")
        #expect(lines[3] == "['A16:B16', 'A1:J1', 'A2:J2', 'C14:J14', 'C16:E16', 'F16:G16', 'H16:J16']")
        #expect(lines[4] == "True True")
        #expect(lines[5] == "landscape")
    }
}
