import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct ValidatorTests {
    /// Checks one 五华区 file whose rows are person indexes with overrides.
    func one(_ rows: [Row], registry: Registry = T.registry(), program: Program = T.program) throws -> FileCheck {
        try T.check([T.workbook(rows: rows)], registry: registry, program: program)[0]
    }

    @Test func aCleanRowIsAcceptedWithItsAmount() throws {
        let c = try one([T.row(2, 0, ["补助金额(元)": "1,912.57"])])
        #expect(c.findings.isEmpty)
        #expect(c.acceptedCount == 1 && c.acceptedAmount == Money(fen: 191_257))
        #expect(c.rows[0].idKey == T.people[0].id && c.rows[0].name == "王芳")
        #expect(c.normalisations == [NormalisationRecord(field: .amount, kind: "thousands-separator", rows: [2])])
    }

    @Test(arguments: [
        (["身份证号码": ""], "id.missing"), (["身份证号码": "53010219650315"], "id.format"),
        (["身份证号码": "5301021965031512AB"], "id.format"), (["姓名": ""], "name.missing"),
        (["银行卡号": ""], "bank.missing"), (["银行卡号": "62220212345"], "bank.account-format"),
        (["银行卡号": "6222O21234567890123"], "bank.account-format"), (["补助金额(元)": ""], "amount.missing"),
        (["补助金额(元)": "约2000"], "amount.format"), (["补助金额(元)": "3000.01"], "amount.over-limit"),
        (["补助金额(元)": "0"], "amount.not-allowed"), (["荣誉称号": "省劳模"], "honour.level-mismatch"),
        (["姓名": "王小芳"], "honour.name-mismatch"), (["性别": "女"], "id.gender-mismatch"),
        (["荣誉称号": "优秀党员"], "honour.unrecognised"),
    ])
    func eachDefectGivesExactlyItsCode(overrides: [String: String], code: String) throws {
        let c = try one([T.row(2, 0, overrides)])
        #expect(T.codes(c) == ["2:\(code)"])
        let f = c.findings[0]
        #expect(f.row == 2 && f.file == "五华区.xlsx" && f.sheet == "Sheet1" && !f.message.isEmpty)
        #expect(c.acceptedCount == (f.severity == .warning ? 1 : 0))
    }

    @Test func checksumBirthdateRegionAndLegacyCodes() throws {
        let good = T.people[0].id
        let badCheck = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
        let feb30 = T.id(birth: "19650230", seq: "121")
        let child = T.id(birth: "20050101", seq: "121")
        let future = T.id(birth: "20180101", seq: "121")
        let region = T.id(region: "990102", birth: "19650315", seq: "121")
        let other = T.people[5].id
        let legacy = String(other.prefix(6)) + String(other.dropFirst(8).prefix(9))
        let c = try one([
            T.row(2, 0, ["身份证号码": badCheck]), T.row(3, 1, ["身份证号码": feb30, "性别": "男"]),
            T.row(4, 2, ["身份证号码": child]), T.row(5, 3, ["身份证号码": future, "性别": "男"]),
            T.row(6, 4, ["身份证号码": region]), T.row(7, 5, ["身份证号码": legacy]),
        ])
        #expect(T.codes(c) == ["2:id.checksum", "3:id.birthdate", "4:id.birthdate", "5:id.birthdate", "6:id.region", "7:id.legacy15"])
        #expect(c.findings.allSatisfy { $0.value == nil || $0.value!.contains("********") })
        #expect(c.rows[5].idKey == other)
    }

    @Test func fullAreaCodeTableRejectsUnknownCounties() throws {
        let c = try T.check(
            [T.workbook(rows: [T.row(2, 0), T.row(3, 1, ["身份证号码": T.id(region: "530199", birth: "19610101", seq: "012")])])],
            regions: RegionTable(codes: ["530102"]))[0]
        #expect(T.codes(c) == ["3:id.region"])
    }

    @Test func precisionLostNumbersAreErrors() throws {
        var r = T.row(2, 0)
        r.cells[3] = Cell(column: 3, value: .number(5.30102196e17), raw: "5.30102196001011E+17")
        let c = try one([r])
        #expect(T.codes(c) == ["2:id.precision-lost"])
        #expect(c.findings[0].value == "530102********1000")
    }

    @Test func registerStatusAndEligibilityCodes() throws {
        let c = try one([T.row(2, 8), T.row(3, 9), T.row(4, 10, ["荣誉称号": "省部级劳动模范"])])
        #expect(T.codes(c) == ["2:honour.revoked", "3:honour.deceased", "4:honour.ineligible"])
    }

    @Test func anIDNotInTheRegisterIsNotRegistered() throws {
        let c = try one([T.row(2, 0)], registry: Registry(entries: []))
        #expect(T.codes(c) == ["2:honour.not-registered"])
    }

    @Test func fixedAndRangeAmountRules() throws {
        var p = T.program
        p.amount = .fixed(Money(fen: 200_000))
        #expect(T.codes(try one([T.row(2, 0, ["补助金额(元)": "2500"])], program: p)) == ["2:amount.not-allowed"])
        p.amount = .range(min: Money(fen: 100_000), max: Money(fen: 200_000))
        #expect(T.codes(try one([T.row(2, 0, ["补助金额(元)": "500"]), T.row(3, 1, ["补助金额(元)": "2500"])], program: p))
            == ["2:amount.not-allowed", "3:amount.over-limit"])
    }

    @Test func luhnFailureIsAWarningAndTheRowIsPaid() throws {
        let card = T.card(0)
        let bad = String(card.dropLast()) + String((card.last!.wholeNumberValue! + 1) % 10)
        let c = try one([T.row(2, 0, ["银行卡号": bad])])
        #expect(T.codes(c) == ["2:bank.luhn"] && c.acceptedCount == 1)
        #expect(c.findings[0].value == "6222***********" + bad.suffix(4))
    }

    @Test func duplicateInFileKeepsTheFirstCopy() throws {
        let c = try one([T.row(2, 0), T.row(3, 1), T.row(4, 0)])
        #expect(T.codes(c) == ["4:dup.in-file"])
        #expect(c.acceptedCount == 2)
    }

    @Test func crossDistrictDuplicatesHoldBackEveryCopyAndNameTheOtherDistrict() throws {
        let checks = try T.check([T.workbook("五华区.xlsx", rows: [T.row(2, 0)]), T.workbook("官渡区.csv", rows: [T.row(2, 0), T.row(3, 1)])])
        #expect(T.codes(checks[0]) == ["2:dup.cross-district"])
        #expect(T.codes(checks[1]) == ["2:dup.cross-district"])
        #expect(checks[0].findings[0].otherDistricts == ["官渡区"])
        #expect(checks[1].findings[0].otherDistricts == ["五华区"])
        #expect(checks[1].findings[0].message.contains("五华区") && !checks[1].findings[0].message.contains(T.people[0].name))
    }

    @Test func twoFilesOfOneDistrictKeepTheFirstByPathWhateverTheOrder() throws {
        let a = T.workbook("a/五华区.xlsx", rows: [T.row(2, 0)])
        let b = T.workbook("b/五华区.xlsx", rows: [T.row(2, 0)])
        for order in [[a, b], [b, a]] {
            let checks = try T.check(order)
            let byPath = Dictionary(uniqueKeysWithValues: checks.map { ($0.file.path, T.codes($0)) })
            #expect(byPath["a/五华区.xlsx"] == [])
            #expect(byPath["b/五华区.xlsx"] == ["2:dup.in-batch"])
        }
    }

    @Test func suspectDuplicateIsFlaggedOnTheLaterRow() throws {
        let p = T.people[0]
        var chars = Array(p.id)
        chars[15] = chars[15] == "9" ? "8" : Character(String(chars[15].wholeNumberValue! + 1))
        let typo = String(chars)  // one digit off; its check character is now wrong too
        let c = try one([T.row(2, 0), T.row(3, 0, ["身份证号码": typo])])
        #expect(T.codes(c) == ["3:id.checksum", "3:dup.suspect"])
        #expect(c.findings[1].message.contains("第2行"))
    }

    @Test func alreadyPaidPeopleAreRefused() throws {
        let paid = T.people[1].id
        let c = try T.check([T.workbook(rows: [T.row(2, 0), T.row(3, 1)])], alreadyPaid: { $0 == paid })[0]
        #expect(T.codes(c) == ["3:dup.already-paid"])
    }

    @Test func totalsRowMustEqualTheSumOfTheRows() throws {
        let ok = try one([T.row(2, 0), T.row(3, 1), Row.texts(4, ["合计", "", "", "", "", "", "4,000.00"])])
        #expect(ok.findings.isEmpty)
        let bad = try one([T.row(2, 0), T.row(3, 1), Row.texts(4, ["合计", "", "", "", "", "", "4500"])])
        #expect(T.codes(bad) == ["4:total.mismatch"])
        #expect(bad.findings[0].column == "G")
    }

    @Test func missingColumnIsOneFileLevelFindingAndHoldsBackEveryRow() throws {
        let header = ["姓名", "身份证号码", "补助金额"]
        let rows = (0..<3).map { Row.texts($0 + 2, [T.people[$0].name, T.people[$0].id, "2000"]) }
        let c = try T.check([T.workbook(header: header, rows: rows)])[0]
        #expect(T.codes(c) == ["-:column.missing"])
        #expect(c.findings[0].field == .account && c.acceptedCount == 0 && c.rejectedCount == 3)
    }

    @Test func unknownDistrictHoldsBackTheFile() throws {
        let c = try T.check([T.workbook("roster.xlsx", rows: [T.row(2, 0)])])[0]
        #expect(T.codes(c) == ["-:district.unknown"] && c.acceptedCount == 0)
    }

    @Test func aDistrictCellOutsideTheCitysListIsReturnedWithTheValueAndTheList() throws {
        let header = T.header + ["区县"]
        func row(_ n: Int, _ i: Int, district: String) -> Row {
            var r = T.row(n, i)
            r.cells.append(Cell(column: T.header.count, value: .string(district), raw: district))
            return r
        }
        let rows = [row(2, 0, district: "../../../etc/x"), row(3, 1, district: "五华"), row(4, 2, district: "=HYPERLINK(\"http://x\")")]
        let c = try T.check([T.workbook(header: header, rows: rows)])[0]
        #expect(T.codes(c) == ["2:district.unknown", "4:district.unknown"])
        let f = c.findings[0]
        #expect(f.value == "../../../etc/x" && f.column == CellAddress.columnName(T.header.count))
        #expect(f.message.contains("五华区、盘龙区") && f.message.contains("安宁市"))
        #expect(c.rows.map(\.district) == ["五华区", "五华区", "五华区"], "rows keep the file's district, never the value")
        #expect(c.acceptedCount == 1)
    }

    @Test func anEmptyFileIsOneFindingAndNoRows() throws {
        let file = RosterLocator().emptyFile(path: "rosters/官渡区补报.xlsx", fallbackDistrict: nil)
        let c = Validator(program: T.program, registry: T.registry()).check([file])[0]
        #expect(T.codes(c) == ["-:file.empty"])
        #expect(c.file.district == "官渡区" && c.rowCount == 0 && c.blocked)
    }

    @Test func everyCodeHasItsDocumentedSeverity() {
        let warnings: Set<FindingCode> = [
            .idLegacy15, .idGenderMismatch, .dupSuspect, .bankLuhn, .honourUnrecognised, .dupPaidAmountDiffers, .bankAccountFailed,
            .honourStatusLater,
        ]
        for c in FindingCode.allCases { #expect(c.severity == (warnings.contains(c) ? .warning : .error), "\(c)") }
    }
}

@Suite(.tags(.slow), .notInQuickRuns) struct LargeFileTests {
    @Test func aLargeFileCheckedInChunksGivesFindingsAndNormalisationsInRowOrder() throws {
        // 5,000 rows: over the threshold for chunked checking. Rows repeat the 8 payable people,
        // so every repeat is a dup.in-file; amounts with ¥ are recorded in row order.
        var rows: [Row] = []
        for n in 0..<5000 {
            rows.append(T.row(n + 2, n % 8, ["补助金额(元)": n % 1000 == 999 ? "¥2,000" : "2000"]))
        }
        let c = try T.check([T.workbook(rows: rows)])[0]
        #expect(c.rowCount == 5000 && c.acceptedCount == 8)
        let dupRows = c.findings.filter { $0.code == .dupInFile }.map { $0.row! }
        #expect(dupRows == Array(10...5001))
        let currency = c.normalisations.first { $0.kind == "currency-sign" }
        #expect(currency?.rows == [1001, 2001, 3001, 4001, 5001])
        #expect(c.rows.map(\.number) == Array(2...5001))
    }

    @Test func manyCopiesOfOnePersonAreFoundInLinearTime() throws {
        // 20,000 copies of one person, plus a near-identical number (one digit off) at the end:
        // duplicate and suspect detection must not compare every copy with every earlier one
        // (that took minutes before; a quadratic regression makes this test crawl). The first copy stays valid; the suspect row names row 2.
        var rows = (0..<20_000).map { T.row($0 + 2, 0) }
        let id = T.people[0].id
        var near = Array(id.utf8)
        near[14] = near[14] == UInt8(ascii: "9") ? UInt8(ascii: "8") : near[14] + 1
        let nearID = String(decoding: near.prefix(17), as: UTF8.self)
        rows.append(T.row(20_002, 0, ["身份证号码": nearID + String(IdentityNumber.checkCharacter(body: nearID)!)]))
        let c = try T.check([T.workbook(rows: rows)])[0]
        #expect(c.findings.filter { $0.code == .dupInFile }.count == 19_999)
        let suspect = c.findings.filter { $0.code == .dupSuspect }
        #expect(suspect.map(\.row) == [20_002])
        #expect(suspect.first?.message.contains("本表第2行") == true)
    }
}
