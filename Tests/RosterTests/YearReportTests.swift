import Foundation
import Spreadsheet
import Testing

@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs

/// The year report: figures from the ledger alone, the indicator table, the targets file, the
/// workbook.
@Suite struct YearReportTests {
    /// Two programmes of 2017 and one of 2018: A pays 4 people (one fails and is paid again in
    /// a later batch, after the deadline), B pays 2 over two periods (the same 2 people).
    func ledger() throws -> PaymentLedger {
        let l = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        let ids = (1...4).map { LedgerFixture.id($0) }
        var a = LedgerBatch(
            programmeId: "A", period: "2017-09", created: "2017-09-20",
            payments: ids.enumerated().map { i, id in
                LedgerPayment(
                    idNumber: id, amount: Money(fen: 200_000), district: i < 3 ? "五华区" : "盘龙区", sequence: i + 1,
                    honour: i == 0 ? .provincial : .municipal)
            }, budget: Money(fen: 1_000_000))
        a.programme = LedgerProgramme(title: "中秋帮扶", deadline: "2017-09-30")
        try l.record(batch: a)
        let issued = try l.issuedPayments(batchId: a.id)
        let changes = issued.map { p in PaymentChange(payment: p, to: p.sequence == 2 ? .failed : .confirmed, code: p.sequence == 2 ? "AC04" : nil, reason: nil) }
        _ = try l.apply(sha256: "x1", name: "pain.002.xml", format: "pain.002", date: "2017-09-25", source: "pain.002.xml", changes: changes)
        var again = LedgerBatch(
            programmeId: "A", period: "2017-09", created: "2017-10-08",
            payments: [LedgerPayment(idNumber: ids[1], amount: Money(fen: 200_000), district: "五华区", honour: .municipal)],
            budget: Money(fen: 1_000_000))
        again.programme = a.programme
        try l.record(batch: again)
        for (period, created) in [("2017-06", "2017-06-30"), ("2017-12", "2017-12-20")] {
            var b = LedgerBatch(
                programmeId: "B", period: period, created: created,
                payments: ids.prefix(2).map { LedgerPayment(idNumber: $0, amount: Money(fen: 150_000), district: "官渡区", honour: .national) },
                budget: Money(fen: 300_000))
            b.programme = LedgerProgramme(title: "全国劳模津贴")
            try l.record(batch: b)
        }
        try l.record(batch: LedgerFixture.batch([ids[0]], programme: "C", period: "2018", created: "2018-01-05"))
        return l
    }

    @Test func theFiguresComeFromTheLedgerAlone() throws {
        let f = try ledger().yearFigures(year: 2017)
        #expect(f.year == 2017 && f.asOf == SimpleDate(year: 2017, month: 12, day: 20))
        #expect(f.programmes.map(\.id) == ["A", "B"])
        let a = f.programmes[0]
        #expect(a.title == "中秋帮扶" && a.periods == ["2017-09"] && a.deadline == SimpleDate(year: 2017, month: 9, day: 30))
        #expect(a.paid == PaymentTotals(count: 4, amount: Money(fen: 800_000)))
        #expect(a.confirmed == PaymentTotals(count: 3, amount: Money(fen: 600_000)))
        #expect(a.unconfirmed == PaymentTotals(count: 1, amount: Money(fen: 200_000)))
        #expect(a.failed == PaymentTotals(count: 1, amount: Money(fen: 200_000)) && a.failedOpen.count == 0)
        #expect(a.reissued == PaymentTotals(count: 1, amount: Money(fen: 200_000)))
        #expect(a.onTime == 3 && a.onTimeRate == Rate(basisPoints: 7500))
        #expect(a.firstTimeAccepted == 3 && a.firstTimeAcceptedRate == Rate(basisPoints: 7500))
        #expect(a.executionRate == Rate(basisPoints: 8000) && a.paidTwice == 0)
        #expect(a.byHonour.map(\.key) == ["municipal", "provincial"] && a.byHonour[0].totals.count == 3)
        #expect(a.byDistrict.map { "\($0.key) \($0.totals)" } == ["五华区 3 人 / 6000.00 元", "盘龙区 1 人 / 2000.00 元"])
        // B: two periods, the same two people: 2 people, 6,000 yuan, two budgets added.
        let b = f.programmes[1]
        #expect(b.periods == ["2017-06", "2017-12"] && b.paid == PaymentTotals(count: 2, amount: Money(fen: 600_000)))
        #expect(b.budget == Money(fen: 600_000) && b.executionRate == .full && b.onTime == nil && b.onTimeRate == nil)
    }

    @Test func theIndicatorTableScoresAgainstTheTargetsAndLeavesTheRestToTheClerk() throws {
        let f = try ledger().yearFigures(year: 2017)
        let json = """
            {"year": 2017, "programmes": {"A": {"people": 5, "onTimeRate": "100", "firstTimeAcceptedRate": "98", "executionRate": "100",
              "scores": {"people": 20, "onTime": 10, "firstTimeAccepted": 10, "paidTwice": 10, "cost": 10}}},
             "clerkIndicators": [{"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "劳模满意度", "target": "≥90%", "score": 10}]}
            """
        let t = try PerformanceTargets(json: Data(json.utf8), file: "t.json", known: ["A", "B"])
        let lines = IndicatorTable.build(f, targets: t)
        #expect(lines.count == 11)
        let quantity = lines[0]
        #expect(quantity.level2 == "数量指标" && quantity.target == "5人" && quantity.actual == "4人" && quantity.earned == 1600)
        #expect(quantity.note.contains("少 1人"))
        #expect(lines[1].actual == "75.00%" && lines[1].earned == 750 && lines[1].note.contains("1人在发放期限后到账"))
        #expect(lines[2].earned == 765 && lines[2].note.contains("重新发放 1 笔"))
        #expect(lines[3].actual == "0人" && lines[3].earned == 1000)
        #expect(lines[4].actual == "80.00%" && lines[4].earned == 800)
        // B has no targets: figures, no 分值, no 得分.
        #expect(lines[5].target == "" && lines[5].actual == "2人" && lines[5].earned == nil)
        let clerk = lines[10]
        #expect(clerk.leftToClerk && clerk.actual == nil && clerk.earned == nil && clerk.score == 10)
    }

    @Test(arguments: [
        (#"{"year": 2017, "programmes": {"Z": {"people": 1}}}"#, "no programme \"Z\""),
        (#"{"year": 2017, "programmes": {"A": {"onTimeRate": "101"}}}"#, "percent from 0 to 100"),
        (#"{"year": 2017, "programmes": {"A": {"scores": {"speed": 5}}}}"#, "unknown indicator"),
        (#"{"year": 2017, "programmes": {"A": {"peple": 5}}}"#, "peple"),
    ])
    func aBadTargetsFileIsRefusedWithTheReason(json: String, reason: String) {
        do {
            _ = try PerformanceTargets(json: Data(json.utf8), file: "t.json", known: ["A", "B"])
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func theExampleTargetsFileParses() throws {
        let t = try PerformanceTargets.load(path: "Schemas/examples/targets-2017.json")
        #expect(t.year == 2017 && t.programmes.count == 4 && !t.clerkIndicators.isEmpty)
    }

    @Test func rates() {
        #expect(Rate(2, of: 3)?.description == "66.67%" && Rate(1, of: 0) == nil && Rate(percent: "98.5")?.basisPoints == 9850)
        #expect(Rate(percent: "98.555") == nil && Rate(percent: "-1") == nil && Rate(percent: "x") == nil)
        #expect(IndicatorTable.earned(10, reached: 2, of: 3) == 667 && IndicatorTable.earned(10, reached: 5, of: 3) == 1000)
    }

    @Test func theWorkbookCarriesTheIndicatorSheetAndTheBreakdowns() throws {
        let f = try ledger().yearFigures(year: 2017)
        let path = try LedgerFixture.folder().appendingPathComponent("report.xlsx").path
        try YearReportWorkbook.write(to: path, figures: f, indicators: IndicatorTable.build(f, targets: nil), date: f.asOf!)
        let wb = try XLSXWorkbook(path: path)
        #expect(wb.sheets.map(\.name) == ["绩效指标", "项目汇总", "按荣誉级别", "按区县"])
        let (rows, _) = try wb.readAll(sheet: 0)
        let texts = rows.map { $0.cells.map(\.raw) }
        #expect(texts[0] == ["2017年度劳模帮扶资金绩效自评表"])
        #expect(texts[2].prefix(3) == ["一级指标", "二级指标", "三级指标"])
        #expect(texts.contains { $0.contains("（待填写）") && $0.contains("劳模满意度") })
        #expect(texts.contains { $0.first?.hasPrefix("制表人") == true })
        let (summary, _) = try wb.readAll(sheet: 1)
        #expect(summary[3].cells.map(\.raw).prefix(4) == ["中秋帮扶", "2017-09", "4", "8000.00"])
    }
}
