import Foundation
import Spreadsheet
import Testing

@testable import RosterCore
@testable import RosterSamples

/// The year written once for the whole suite (seed 2017), removed when the process ends.
private enum YearFixture {
    static let dir: String = {
        let dir = NSTemporaryDirectory() + "roster-year-tests-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        atexit { try? FileManager.default.removeItem(atPath: YearFixture.dir) }
        do {
            try YearWriter.write(try YearSamples.generate(year: 2017, seed: 2017), to: dir)
        } catch {
            Issue.record("roster samples --year 2017 failed: \(error)")
        }
        return dir
    }()

    /// The register by identity number.
    static let register: [String: [String: String]] = {
        let rows = (try? table("register.xlsx", key: "身份证号码")) ?? []
        return Dictionary(rows.map { ($0["身份证号码"]!, $0) }, uniquingKeysWith: { a, _ in a })
    }()

    /// A workbook's first sheet from its header row (the first row holding `key`): one
    /// dictionary a row, keyed by header, each cell's text as stored.
    static func table(_ relative: String, key: String) throws -> [[String: String]] {
        let reader = try XLSXWorkbook(path: dir + "/" + relative).openSheet(0)
        var header: [Int: String] = [:]
        var out: [[String: String]] = []
        while let row = try reader.nextRow() {
            if header.isEmpty {
                if row.cells.contains(where: { $0.raw == key }) {
                    for c in 0..<64 { if let t = row[c]?.raw { header[c] = t } }
                }
                continue
            }
            out.append(Dictionary(uniqueKeysWithValues: header.map { ($0.value, row[$0.key]?.raw ?? "") }))
        }
        return out
    }

    /// The workbooks under a folder of the year, by name.
    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + folder)) ?? []).sorted().map { folder + "/" + $0 }
    }

    /// Every file under the folder, relative to it.
    static func allFiles(_ root: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: root)!
        var out: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }
}

/// Held on `date`: holding the title, or losing it after `date` (as the check decides).
private func eligible(_ holder: [String: String], on date: String) -> Bool {
    holder["荣誉状态"] == "保持荣誉" || (holder["状态日期"].map { !$0.isEmpty && $0 > date } ?? false)
}

/// A roster row the check would pay, judged independently of the validator: a valid ID of
/// the register under that name, eligible on `date` at a level in `levels`, an amount up to
/// `max`, a card of 12 to 30 digits passing Luhn when it has 16 to 19.
private func payable(_ row: [String: String], date: String, levels: Set<String>, max: Money) -> Bool {
    let id = row["身份证号码"] ?? ""
    guard SampleIdentity.isValid(id), let holder = YearFixture.register[id], holder["姓名"] == row["姓名"] else { return false }
    guard eligible(holder, on: date), levels.contains(holder["荣誉称号"] ?? "") else { return false }
    guard let amount = Money(decimal: row["补助金额(元)"] ?? ""), amount <= max else { return false }
    let card = row["银行卡号"] ?? ""
    guard (12...30).contains(card.count), card.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
    return !(16...19).contains(card.count) || SampleLuhn.isValid(card)
}

/// What the rosters and resubmissions of a programme pay in the end: people and yuan, and
/// the rows of the first batch and of the resubmission.
private func settle(_ folder: String, date: String, levels: Set<String>, max: Money) throws
    -> (people: Int, yuan: Money, rows: Int, returned: Int, resent: Int)
{
    var paid: [String: Money] = [:]
    var twice = 0
    var counts = (rows: 0, returned: 0, resent: 0)
    for (sub, first) in [("rosters", true), ("resubmission", false)] {
        for file in YearFixture.files(in: folder + "/" + sub) {
            for row in try YearFixture.table(file, key: "序号") {
                if first { counts.rows += 1 } else { counts.resent += 1 }
                guard payable(row, date: date, levels: levels, max: max) else {
                    if first { counts.returned += 1 }
                    continue
                }
                if paid[row["身份证号码"]!] != nil { twice += 1 }
                paid[row["身份证号码"]!] = Money(decimal: row["补助金额(元)"]!)
            }
        }
    }
    #expect(twice == 0)
    return (paid.count, paid.values.reduce(.zero, +), counts.rows, counts.returned, counts.resent)
}

@Suite struct YearSamplesTests {
    @Test func writesEveryFileOfTheYear() {
        let files = Set(YearFixture.allFiles(YearFixture.dir))
        let fixed = [
            "register.xlsx", "studios.xlsx", "targets.json", "README.txt", "national/accounts.xlsx", "national/accounts-supplement.xlsx",
            "programmes/2017-midautumn-hardship.json", "programmes/2017-national-allowance.json",
            "programmes/2017-provincial-hardship.json", "programmes/2017-innovation-studios.json",
        ]
        for f in fixed { #expect(files.contains(f), "\(f) missing") }
        for district in DistrictList.kunming.names {
            #expect(files.contains("midautumn/rosters/\(district).xlsx"))
            #expect(files.contains("provincial/rosters/\(district).xlsx"))
        }
        #expect(!YearFixture.files(in: "midautumn/resubmission").isEmpty)
        #expect(!YearFixture.files(in: "provincial/resubmission").isEmpty)
        #expect((2...3).contains(YearFixture.files(in: "studios/rosters").count))
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let again = NSTemporaryDirectory() + "roster-year-again-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: again) }
        try YearWriter.write(try YearSamples.generate(year: 2017, seed: 2017), to: again, force: true)
        let files = YearFixture.allFiles(YearFixture.dir)
        #expect(files == YearFixture.allFiles(again))
        for f in files {
            #expect(FileManager.default.contents(atPath: YearFixture.dir + "/" + f) == FileManager.default.contents(atPath: again + "/" + f), "\(f)")
        }
        #expect(throws: SampleOptionsError.self) { try YearSamples.generate(year: 2018, seed: 2017) }
    }

    @Test func theRegisterHoldsTheSeedsCensus() {
        let holders = Array(YearFixture.register.values)
        func count(_ level: String, on date: String) -> Int {
            holders.filter { $0["荣誉称号"] == level && eligible($0, on: date) }.count
        }
        #expect(count("全国劳动模范", on: "2017-06-30") == 60)
        #expect(count("全国劳动模范", on: "2017-12-10") == 57)
        #expect(count("省部级劳动模范", on: "2017-12-10") == 673)
        #expect(count("市级劳动模范", on: "2017-12-10") == 3725)
        let nationals = holders.filter { $0["荣誉称号"] == "全国劳动模范" }
        let diedLater = nationals.filter { $0["荣誉状态"] == "已故" && ("2017-07-01"..."2017-12-09").contains($0["状态日期"]!) }
        #expect(diedLater.count == 3)
        #expect(nationals.filter { !eligible($0, on: "2017-06-30") }.count >= 2)
        #expect(holders.allSatisfy { ($0["荣誉状态"] == "保持荣誉") == ($0["状态日期"] ?? "").isEmpty })
    }

    @Test func studiosHaveValidCodesAndRegisteredLeaders() throws {
        let studios = try YearFixture.table("studios.xlsx", key: "工作室名称")
        #expect(studios.count == 7)
        #expect(studios.filter { $0["命名年份"] == "2017" }.count == 4)
        #expect(Set(studios.compactMap { $0["命名年份"] }).isSuperset(of: ["2015", "2016"]))
        let kunming = Set(DistrictList.kunming.districts.compactMap(\.code))
        for s in studios {
            let code = s["统一社会信用代码"]!
            #expect(CreditCode.check(code) == nil, "\(code)")
            #expect(kunming.contains(String(code.dropFirst(2).prefix(6))))
            let leader = YearFixture.register[s["负责人身份证号码"]!]
            #expect(leader?["姓名"] == s["负责人姓名"] && leader?["荣誉状态"] == "保持荣誉")
        }
    }

    @Test func midAutumnPays366PeopleAndTheSeedsTotal() throws {
        let r = try settle("midautumn", date: "2017-09-20", levels: ["市级劳动模范"], max: Money(fen: 300_000))
        #expect(r.people == 366)
        #expect(r.yuan == Money(fen: 70_000_000))
        #expect(r.returned == 7 && r.resent == 6 && r.rows == 367)
    }

    @Test func provincialPays217PeopleAndTheSeedsTotal() throws {
        let r = try settle("provincial", date: "2017-12-01", levels: ["全国劳动模范", "省部级劳动模范"], max: Money(fen: 1_000_000))
        #expect(r.people == 217)
        #expect(r.yuan == Money(fen: 145_190_000))
        #expect(r.returned == 6 && r.resent == 5 && r.rows == 218)
    }

    @Test func nationalAccountsCoverTheSixtyWithOneLate() throws {
        let first = try YearFixture.table("national/accounts.xlsx", key: "身份证号码")
        let late = try YearFixture.table("national/accounts-supplement.xlsx", key: "身份证号码")
        #expect(first.count == 59 && late.count == 1)
        let ids = Set((first + late).map { $0["身份证号码"]! })
        let eligibleIDs = YearFixture.register.filter { $0.value["荣誉称号"] == "全国劳动模范" && eligible($0.value, on: "2017-06-30") }
        #expect(ids == Set(eligibleIDs.keys))
        let yuan = (first + late).reduce(Money.zero) { sum, row in
            sum + Money(fen: row["津贴类型"] == "特殊困难帮扶" ? 2_100_000 : row["津贴类型"] == "荣誉津贴" ? 1_750_000 : 0)
        }
        #expect(yuan == Money(fen: 105_350_000))
        #expect((first + late).filter { $0["津贴类型"] == "特殊困难帮扶" }.count == 1)
        #expect((first + late).allSatisfy { SampleLuhn.isValid($0["账号"]!) && YearFixture.register[$0["身份证号码"]!]?["姓名"] == $0["姓名"] })
    }

    @Test func studioRostersPayTheFourNamedIn2017() throws {
        let named = try YearFixture.table("studios.xlsx", key: "工作室名称").filter { $0["命名年份"] == "2017" }
        let rows = try YearFixture.files(in: "studios/rosters").flatMap { try YearFixture.table($0, key: "序号") }
        #expect(rows.count == 4)
        #expect(Set(rows.map { $0["统一社会信用代码"]! }) == Set(named.map { $0["统一社会信用代码"]! }))
        #expect(rows.reduce(Money.zero) { $0 + (Money(decimal: $1["金额"]!) ?? .zero) } == Money(fen: 2_800_000))
        for r in rows {
            #expect(BankCode.check(r["联行号"]!) == nil && (15...20).contains(r["对公账号"]!.count))
            #expect(CorporateAccount.check(r["对公账号"]!) == nil && CreditCode.check(r["统一社会信用代码"]!) == nil)
        }
    }

    /// Fails until `Program` reads `payee` and `payeesFrom` (the lead's change).
    @Test func everyProgrammeParses() throws {
        let budgets = [
            "2017-midautumn-hardship": "700000.00", "2017-national-allowance": "1053500.00",
            "2017-provincial-hardship": "1451900.00", "2017-innovation-studios": "28000.00",
        ]
        for (id, budget) in budgets {
            let path = YearFixture.dir + "/programmes/\(id).json"
            let program = try Program(json: try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
            #expect(program.id == id && program.budget.decimalString == budget && program.deadline != nil)
            #expect((program.payee == .organisation) == (id == "2017-innovation-studios"))
            #expect((program.payeesFrom == .register) == (id == "2017-national-allowance"))
        }
    }

    @Test func targetsAreTheExampleTargets() throws {
        let example = try String(contentsOf: T.packageRoot.appendingPathComponent("Schemas/examples/targets-2017.json"), encoding: .utf8)
        let written = try String(contentsOfFile: YearFixture.dir + "/targets.json", encoding: .utf8)
        let withoutSchema = example.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"$schema\"") }
        #expect(written == withoutSchema.joined(separator: "\n"))
    }
}
