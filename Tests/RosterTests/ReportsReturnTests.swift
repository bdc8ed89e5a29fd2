import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct ReportsReturnTests {
    /// An identity number with a wrong check character.
    static let badID: String = {
        let id = T.people[1].id
        let last = id.last!
        return String(id.dropLast()) + (last == "1" ? "2" : "1")
    }()

    /// 五华区: ok, bad checksum, gender warning, a person 西山区 also sent. 西山区: ok, the shared
    /// person, ok.
    static func checks() throws -> [FileCheck] {
        try T.check([
            T.workbook(
                "in/五华区.xlsx",
                rows: [T.row(2, 0), T.row(3, 1, ["身份证号码": badID]), T.row(4, 2, ["性别": "女"]), T.row(5, 7, ["备注": "=1+1"])]),
            T.workbook("in/西山区.xlsx", rows: [T.row(2, 3), T.row(3, 7), T.row(4, 4)]),
        ])
    }

    @Test func returnHoldsTheDistrictsRowsAsSentWithProblemsStatusAndRowNumber() throws {
        let dir = try R.scratch()
        let results = try ReturnWorkbook.writeAll(into: dir + "/returns", checks: Self.checks(), program: T.program, runDate: R.runDate)
        #expect(results.map(\.district) == ["五华区", "西山区"])
        #expect(results.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["五华区.xlsx", "西山区.xlsx"])
        #expect(results[0].received == 4 && results[0].accepted.count == 2 && results[0].returned == 2 && results[0].flagged == 1)
        #expect(results[0].accepted.amount == Money(fen: 400_000))
        let sheets = try R.read(results[0].path)
        #expect(sheets.map(\.name) == ["说明", "五华区"])
        let rows = sheets[1].rows
        #expect(R.texts(rows[0]) == T.header + ["问题说明", "核对结果", "原表行号"])
        let p = T.people
        // Every original value as sent, text kept as text (even "=1+1" and the bad ID).
        #expect(Array(R.texts(rows[1]).prefix(10)) == R.texts(T.row(2, 0)) + Array(repeating: "", count: 10 - R.texts(T.row(2, 0)).count))
        #expect(rows[1][3]?.value == .string(p[0].id) && rows[1][3]?.numberFormat == "@")
        #expect(rows[2][3]?.raw == Self.badID)
        #expect(rows[4][9]?.value == .string("=1+1"))
        // 问题说明, 核对结果, 原表行号.
        #expect(rows[1][10] == nil && rows[1][11]?.raw == "通过" && rows[1][12]?.raw == "2")
        #expect(rows[2][10]?.raw.hasPrefix("【错误】身份证号码（D列）：") == true && rows[2][11]?.raw == "退回")
        #expect(rows[3][10]?.raw.hasPrefix("【提示】性别（C列）：") == true && rows[3][11]?.raw == "通过（有提示）")
        let dup = try #require(rows[4][10]?.raw)
        #expect(dup.contains("西山区") && rows[4][11]?.raw == "退回" && rows[4][12]?.raw == "5")
        // The 说明 sheet summarises and says how to resend.
        let summary = sheets[0].rows.map(R.texts)
        #expect(summary[0] == ["五华区 劳模名单核对结果及退回说明"])
        #expect(summary.contains(["五华区.xlsx", "Sheet1", "4", "2", "2", "1", "4000.00"]))
        #expect(summary.contains { $0.first == "身份证号码校验位错误" && $0.count >= 4 && $0[1] == "id.checksum" && $0[2] == "错误" && $0[3] == "1" })
        #expect(summary.contains { $0.first == "多个区县重复申报" && $0[3] == "1" })
        #expect(summary.contains { $0.first == "性别与身份证号码不符" && $0[2] == "提示" })
        #expect(summary.contains { $0.first?.hasPrefix("四、如何修改和重新报送") == true })
        #expect(summary.contains { $0.first?.contains("五华区补报.xlsx") == true })
    }

    @Test func noOtherDistrictsRowsOrPersonalDataAppearInAReturn() throws {
        let dir = try R.scratch()
        let results = try ReturnWorkbook.writeAll(into: dir, checks: Self.checks(), program: T.program, runDate: R.runDate)
        let wuhua = try R.allPartsText(results[0].path)
        let xishan = try R.allPartsText(results[1].path)
        let p = T.people
        for i in [3, 4] {
            #expect(!wuhua.contains(p[i].id) && !wuhua.contains(p[i].name) && !wuhua.contains(T.card(i)))
        }
        for i in [0, 2] {
            #expect(!xishan.contains(p[i].id) && !xishan.contains(p[i].name) && !xishan.contains(T.card(i)))
        }
        #expect(!xishan.contains(Self.badID))
        // Each names the other district for the shared person.
        #expect(wuhua.contains("西山区") && xishan.contains("五华区"))
        #expect(!wuhua.contains("西山区.xlsx") && !xishan.contains("五华区.xlsx"))
    }

    @Test(.enabled(if: R.hasOpenpyxl, "python3 with openpyxl is not installed"))
    func faultyCellsAreFilledRedOrYellowWithANote() throws {
        let dir = try R.scratch()
        let r = try ReturnWorkbook.write(to: dir + "/w.xlsx", district: "五华区", checks: Self.checks(), program: T.program, runDate: R.runDate)
        let script = """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])['五华区']
            for ref in ['D2', 'D3', 'C4', 'D5', 'K3', 'K4', 'B3']:
                c = ws[ref]
                fill = c.fill.fgColor.rgb if c.fill.fill_type == 'solid' else 'none'
                note = c.comment.text.split('\\n')[0][:4] if c.comment else '-'
                print(ref, fill, note)
            print(ws.freeze_panes, ws.print_title_rows, ws.page_setup.orientation)
            """
        let out = try R.python(script, [r.path])
        #expect(out.status == 0, "\(out.out)")
        #expect(out.out.split(separator: "\n").map(String.init) == [
            "D2 none -", "D3 FFFFC7CE 【错误】", "C4 FFFFEB9C 【提示】", "D5 FFFFC7CE 【错误】", "K3 FFFFC7CE -", "K4 FFFFEB9C -",
            "B3 none -", "A2 $1:$1 landscape",
        ])
    }

    @Test func typedCellsStayNumbersAndDatesWithTheirRawText() throws {
        let header = ["姓名", "身份证号码", "补助金额", "开户行", "银行卡号", "出生日期"]
        let born = DateTimeValue(year: 1960, month: 1, day: 1, kind: .date)
        let wb = R.typedWorkbook(
            "in/盘龙区.xlsx", header: header,
            rows: [
                [.text(T.people[0].name), .number("5.30102196001E+17", format: nil), .number("2000", format: "0.00"), .text("工行"),
                 .text(T.card(0)), .date(born)],
                [.text(T.people[1].name), .text(T.people[1].id), .number("1912.57", format: nil), .text("工行"), .text(T.card(1)), .none],
            ])
        let checks = try T.check([wb])
        let dir = try R.scratch()
        let r = try ReturnWorkbook.write(to: dir + "/p.xlsx", district: "盘龙区", checks: checks, program: T.program, runDate: R.runDate)
        let rows = try R.read(r.path)[1].rows
        #expect(rows[1][1]?.value == .number(5.30102196001E+17) && rows[1][1]?.numberFormat == nil)
        #expect(rows[1][2]?.value == .number(2000) && rows[1][2]?.raw == "2000" && rows[1][2]?.numberFormat == "0.00")
        #expect(rows[1][5]?.value == .date(born))
        #expect(rows[1][6]?.raw.contains("id.precision-lost") == false && rows[1][6]?.raw.contains("身份证号码") == true)
        #expect(rows[2][2]?.raw == "1912.57" && rows[2][1]?.value == .string(T.people[1].id))
    }

    @Test func severalFilesFromOneDistrictGetOneUniquelyNamedSheetEach() throws {
        let long = "in/五华区2017年中秋国庆困难市级劳模帮扶补充申报名单第一批（终稿）"
        let checks = try T.check([
            T.workbook(long + "A.xlsx", rows: [T.row(2, 0)]), T.workbook(long + "B.xlsx", rows: [T.row(2, 1)]),
            T.workbook("in/说明.xlsx", header: T.header + ["区县"], rows: [Row.texts(2, R.texts(T.row(2, 2)) + Array(repeating: "", count: 10 - R.texts(T.row(2, 2)).count) + ["五华区"])]),
        ])
        let dir = try R.scratch()
        let r = try ReturnWorkbook.write(to: dir + "/w.xlsx", district: "五华区", checks: checks, program: T.program, runDate: R.runDate)
        let names = try R.read(r.path).map(\.name)
        #expect(names.count == 4 && Set(names.map { $0.lowercased() }).count == 4)
        #expect(names[0] == "说明" && names.allSatisfy { $0.utf16.count <= 31 })
        #expect(names[1].hasPrefix("五华区2017年中秋国庆") && names[2].hasSuffix("(2)") && names[3] == "说明(2)")
        #expect(r.received == 3 && r.files.count == 3)
    }

    @Test func aMissingColumnIsAFileProblemOnTheSummaryAndReturnsEveryRow() throws {
        let header = T.header.filter { $0 != "银行卡号" }
        let rows = (0..<2).map { i in Row.texts(i + 2, R.texts(T.row(i + 2, i)).enumerated().filter { $0.offset != 8 }.map(\.element)) }
        let checks = try T.check([T.workbook("in/东川区.xlsx", header: header, rows: rows)])
        let dir = try R.scratch()
        let r = try ReturnWorkbook.write(to: dir + "/d.xlsx", district: "东川区", checks: checks, program: T.program, runDate: R.runDate)
        #expect(r.received == 2 && r.accepted.count == 0)
        let sheets = try R.read(r.path)
        let summary = sheets[0].rows.map(R.texts)
        #expect(summary.contains { $0.first == "东川区.xlsx" && $0.count > 3 && $0[1] == "整个文件" && $0[2] == "错误" && $0[3] == "缺少必填列" })
        for row in sheets[1].rows.dropFirst() {
            #expect(row[9]?.raw.contains("整个文件退回") == true && row[10]?.raw == "退回")
        }
    }

    @Test func sameInputsGiveByteIdenticalReturns() throws {
        let dir = try R.scratch()
        let a = try ReturnWorkbook.writeAll(into: dir + "/a", checks: Self.checks(), program: T.program, runDate: R.runDate)
        let b = try ReturnWorkbook.writeAll(into: dir + "/b", checks: Self.checks().reversed(), program: T.program, runDate: R.runDate)
        #expect(a.count == 2 && b.count == 2)
        for (x, y) in zip(a, b) { #expect(try R.bytes(x.path) == R.bytes(y.path)) }
    }
}
