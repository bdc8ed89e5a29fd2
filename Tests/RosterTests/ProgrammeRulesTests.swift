import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore

/// The register's status dates (状态日期) against the programme's reference date, and amount
/// rules by honour level and category.
@Suite struct ProgrammeRulesTests {
    /// The test register with person 8 revoked and person 9 deceased on the given dates.
    func registry(revoked: SimpleDate?, deceased: SimpleDate?) -> Registry {
        var r = T.registry()
        var e8 = r[T.people[8].id]!
        e8.statusDate = revoked
        var e9 = r[T.people[9].id]!
        e9.statusDate = deceased
        r.insert(e8, key: e8.idNumber)
        r.insert(e9, key: e9.idNumber)
        return r
    }

    @Test func aStatusBeforeTheReferenceDateStopsPaymentAndNamesTheDate() throws {
        // The programme's reference date is 2017-09-20; a status on that day counts.
        let reg = registry(revoked: SimpleDate(year: 2017, month: 3, day: 1), deceased: SimpleDate(year: 2017, month: 9, day: 20))
        let c = try T.check([T.workbook(rows: [T.row(2, 8), T.row(3, 9)])], registry: reg)[0]
        #expect(T.codes(c) == ["2:honour.revoked", "3:honour.deceased"])
        #expect(c.findings[0].message.contains("2017-03-01") && c.findings[0].message.contains("2017-09-20"))
        #expect(c.findings[1].message.contains("2017-09-20"))
        #expect(c.acceptedCount == 0)
    }

    @Test func aStatusAfterTheReferenceDateStillPaysThatPeriodWithAWarning() throws {
        let reg = registry(revoked: SimpleDate(year: 2017, month: 11, day: 2), deceased: SimpleDate(year: 2017, month: 12, day: 10))
        let c = try T.check([T.workbook(rows: [T.row(2, 8), T.row(3, 9)])], registry: reg)[0]
        #expect(T.codes(c) == ["2:honour.status-later", "3:honour.status-later"])
        #expect(c.findings.allSatisfy { $0.severity == .warning })
        #expect(c.findings[1].message.contains("2017-12-10") && c.findings[1].message.contains("去世"))
        #expect(c.acceptedCount == 2)
    }

    @Test func aRegisterWithoutDatesWorksAsBefore() throws {
        let c = try T.check([T.workbook(rows: [T.row(2, 8), T.row(3, 9)])])[0]
        #expect(T.codes(c) == ["2:honour.revoked", "3:honour.deceased"])
    }

    @Test func theRegisterReadsItsStatusDateColumnUnderItsSynonyms() throws {
        let header = ["姓名", "身份证号码", "荣誉称号", "荣誉状态", "去世日期"]
        let rows = [
            Row.texts(1, header),
            Row.texts(2, [T.people[0].name, T.people[0].id, "市级劳动模范", "已故", "2017年12月10日"]),
            Row.texts(3, [T.people[1].name, T.people[1].id, "市级劳动模范", "撤销荣誉", "2017/3/1"]),
            Row.texts(4, [T.people[2].name, T.people[2].id, "市级劳动模范", "已故", "43070"]),
            Row.texts(5, [T.people[3].name, T.people[3].id, "市级劳动模范", "已故", "去年冬天"]),
            Row.texts(6, [T.people[4].name, T.people[4].id, "市级劳动模范", "保持荣誉", ""]),
        ]
        let wb = MemoryWorkbook(path: "名册.xlsx", sheets: [.init(name: "名册", rows: rows, merged: [])])
        let file = try RosterLocator(template: .defaultRegistry).read(workbook: wb)
        let reg = try Registry.load(file: file, template: .defaultRegistry)
        #expect(reg[T.people[0].id]?.statusDate == SimpleDate(year: 2017, month: 12, day: 10))
        #expect(reg[T.people[1].id]?.statusDate == SimpleDate(year: 2017, month: 3, day: 1))
        #expect(reg[T.people[2].id]?.statusDate == SimpleDate(year: 2017, month: 12, day: 1))
        // An unreadable date is reported, and the status then counts on any date (never guessed).
        #expect(reg[T.people[3].id]?.statusDate == nil && reg[T.people[3].id]?.status == .deceased)
        #expect(reg.problems.count == 1 && reg.problems[0].contains("去年冬天") && reg.problems[0].contains("row 5"))
        #expect(reg[T.people[4].id]?.statusDate == nil)
    }

    @Test(arguments: [
        ("2017-12-01", "2017-12-01"), ("2017/12/1", "2017-12-01"), ("2017.12.01", "2017-12-01"), ("2017年12月1日", "2017-12-01"),
        ("20171201", "2017-12-01"), ("43070", "2017-12-01"), ("43070.0", "2017-12-01"), ("36526", "2000-01-01"),
        ("2017-02-30", nil), ("12/1/2017", nil), ("17-12-01", nil), ("2017", nil), ("", nil), ("约2017年", nil),
    ] as [(String, String?)])
    func writtenDates(text: String, iso: String?) {
        #expect(WrittenDate.parse(text)?.description == iso)
    }

    // MARK: amount rules

    static let rules: [Program.ScopedRule] = [
        .init(honour: .national, category: "生活困难补助", rule: .fixed(Money(fen: 500_000))),
        .init(category: "生活困难补助", rule: .max(Money(fen: 300_000))),
        .init(category: "医疗补助", rule: .range(min: Money(fen: 50_000), max: Money(fen: 800_000))),
        .init(honour: .provincial, rule: .min(Money(fen: 100_000))),
    ]

    var program: Program {
        var p = T.program
        p.eligibleHonours = [.municipal, .provincial, .national]
        p.amount = nil
        p.amountRules = ProgrammeRulesTests.rules
        return p
    }

    static let header = T.header + ["补助类别"]

    func row(_ n: Int, _ i: Int, _ category: String, _ amount: String) -> Row {
        var r = T.row(n, i, ["补助金额(元)": amount])
        r.cells.append(Cell(column: T.header.count, value: .string(category), raw: category))
        return r
    }

    @Test func theFirstRuleThatFitsTheLevelAndCategoryApplies() throws {
        let c = try T.check(
            [T.workbook(header: Self.header, rows: [
                row(2, 0, "生活困难补助", "3000"),  // municipal: at most 3,000
                row(3, 1, "生活困难补助", "3000.01"),
                row(4, 2, "医疗补助", "400"),  // under 500
                row(5, 3, " 医疗补助 ", "8000"),
                { var r = row(6, 10, "", "900"); r.cells[5] = Cell(column: 5, value: .string("省部级劳动模范"), raw: "省部级劳动模范"); return r }(),  // provincial: at least 1,000
                row(7, 4, "丧葬补助", "2000"),  // no rule
                row(8, 5, "", "2000"),  // municipal without a category: no rule
            ])], program: program)[0]
        #expect(T.codes(c) == ["3:amount.over-limit", "4:amount.not-allowed", "6:amount.not-allowed", "7:amount.not-allowed", "8:amount.not-allowed"])
        #expect(c.findings[0].message.contains("“生活困难补助”") && c.findings[0].message.contains("3,000.00"))
        #expect(c.findings[2].message.contains("省部级劳动模范") && c.findings[2].message.contains("1,000.00"))
        #expect(c.findings[3].message.contains("丧葬补助") && c.findings[3].message.contains("“医疗补助”"))
        #expect(c.findings[3].field == .category && c.findings[3].column == "K")
        #expect(c.findings[4].message.contains("补助类别为空"))
        #expect(c.acceptedCount == 2 && c.acceptedAmount == Money(fen: 1_100_000))
    }

    @Test func programmeFilesWithRulesParseAndOldOnesStayValid() throws {
        let old = try Program(json: Data(contentsOf: URL(fileURLWithPath: "Schemas/examples/program-2017-midautumn.json")), file: "old.json")
        #expect(old.amountRules.isEmpty && old.amount != nil)
        let json = """
            {"id": "2017-national-allowance", "title": "全国劳模三金", "period": "2017-12", "eligibleHonours": ["national"],
             "amountRules": [{"honour": "national", "category": "荣誉津贴", "fixed": "1500.00"},
                             {"category": "困难补助", "min": "100", "max": "20000"}, {"honour": "national", "min": "100"}],
             "budget": "1053500.00", "currency": "CNY", "payer": {"name": "市总工会", "account": "1", "bank": "工行"}}
            """
        let p = try Program(json: Data(json.utf8), file: "p.json")
        #expect(p.amount == nil && p.amountRules.count == 3)
        #expect(p.amountRule(level: .national, category: "荣誉津贴") == .fixed(Money(fen: 150_000)))
        #expect(p.amountRule(level: .national, category: "其他") == .min(Money(fen: 10_000)))
        #expect(p.amountRule(level: .municipal, category: "") == nil)
    }

    @Test(arguments: [
        (#""amountRules": [{"honour": "city", "max": "1"}]"#, "national, provincial or municipal"),
        (#""amountRules": [{"max": "1", "fixed": "1"}]"#, "must be"),
        (#""amountRules": [{"category": "A", "max": "1"}, {"category": " A ", "max": "2"}]"#, "already has"),
        (#""amountRules": []"#, "at least"),
        (#""title2": 1"#, "amountRules"),
    ])
    func badRulesAreRefusedWithTheirPath(fragment: String, reason: String) {
        let json = """
            {"id": "x", "title": "t", "period": "2017-12", "eligibleHonours": ["national"], \(fragment),
             "budget": "1.00", "currency": "CNY", "payer": {"name": "n", "account": "1", "bank": "b"}}
            """
        #expect(throws: ConfigError.self) { try Program(json: Data(json.utf8), file: "p.json") }
        do {
            _ = try Program(json: Data(json.utf8), file: "p.json")
        } catch {
            #expect(error.description.contains(reason) || error.description.contains("title2"), "\(error.description)")
        }
    }
}
