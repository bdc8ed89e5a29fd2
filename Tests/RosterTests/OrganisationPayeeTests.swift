import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterOutputs

/// Organisations as payees: a studio's host paid by its unified social credit code, checked
/// against the list of named studios and the register (its leader), written to the finance
/// workbook and the bank files (pain.001 OrgId, 对公转账).
@Suite struct OrganisationPayeeTests {
    /// A valid credit code from 17 characters.
    static func code(_ body: String) -> String { body + String(CreditCode.checkCharacter(for: body)!) }

    static let codes = [code("91530100MA6K00001"), code("91530102MA6K00002"), code("12530100431234567")]
    static let studios = StudioList(studios: [
        NamedStudio(name: "王芳劳模创新工作室", creditCode: codes[0], host: "昆明某机床厂", leaderId: T.people[0].id, leaderName: "王芳", namedYear: "2017", row: 2),
        NamedStudio(name: "李强劳模创新工作室", creditCode: codes[1], host: "昆明某电力公司", leaderId: T.people[1].id, leaderName: "李强", namedYear: "2017", row: 3),
        NamedStudio(name: "周杰技能大师工作室", creditCode: codes[2], host: "昆明某医院", leaderId: T.people[8].id, leaderName: "周杰", namedYear: "2016", row: 4),
    ])

    static let program: Program = {
        var p = T.program
        p.id = "2017-innovation-studios"
        p.title = "2017年新命名劳模创新工作室补助"
        p.payee = .organisation
        p.amount = .fixed(Money(fen: 700_000))
        p.eligibleHonours = [.national, .provincial, .municipal]
        return p
    }()

    static let header = ["序号", "单位名称", "统一社会信用代码", "工作室名称", "负责人姓名", "负责人身份证号码", "开户行", "对公账号", "联行号", "金额", "备注"]

    static func row(_ n: Int, _ s: Int, _ overrides: [String: String] = [:]) -> Row {
        let st = studios.studios[s]
        var v: [String: String] = [
            "序号": String(n), "单位名称": st.host, "统一社会信用代码": st.creditCode, "工作室名称": st.name, "负责人姓名": st.leaderName,
            "负责人身份证号码": st.leaderId, "开户行": "中国工商银行昆明分行", "对公账号": "2502010009200012345", "联行号": "102731000013",
            "金额": "7000.00",
        ]
        for (k, x) in overrides { v[k] = x }
        return Row.texts(n, header.map { v[$0] ?? "" })
    }

    func check(_ rows: [Row], path: String = "五华区.xlsx", program: Program = program, header: [String] = header) throws -> [FileCheck] {
        let wb = T.workbook(path, header: header, rows: rows)
        let template: TableTemplate = program.payee == .organisation ? .defaultOrganisation : .defaultRoster
        let file = try RosterLocator(template: template).read(workbook: wb)
        var v = Validator(template: template, program: program, registry: T.registry(), districts: .kunming)
        v.studios = Self.studios
        return v.check([file])
    }

    @Test func aCleanOrganisationRowIsPaidByItsCreditCode() throws {
        let c = try check([Self.row(2, 0), Self.row(3, 1)])[0]
        #expect(c.findings.isEmpty, "\(c.findings.map(\.message))")
        #expect(c.acceptedCount == 2 && c.acceptedAmount == Money(fen: 1_400_000))
        let r = c.rows[0]
        #expect(r.idKey == Self.codes[0] && r.name == "昆明某机床厂" && r.organisation?.studio == "王芳劳模创新工作室")
        #expect(r.register?.idNumber == T.people[0].id && r.organisation?.bankCode == "102731000013")
        let d = PaymentTally([c], program: Self.program).disbursements
        #expect(d.count == 2 && d[0].isOrganisation && d[0].gender == "" && d[0].leader == "王芳" && d[0].honour == "市级劳动模范")
    }

    @Test(arguments: [
        (["统一社会信用代码": "91530100MA6K0000"], "org.uscc-format", "16位"),
        (["统一社会信用代码": String(codes[0].dropLast()) + (codes[0].last == "1" ? "2" : "1")], "org.uscc-checksum", "第18位"),
        (["统一社会信用代码": codes[0].lowercased()], "org.uscc-format", "大写"),
        (["工作室名称": "张伟劳模创新工作室"], "org.not-named", "不在已命名"),
        (["统一社会信用代码": codes[1]], "org.not-named", "不符"),
        (["负责人身份证号码": T.id(birth: "19700101", seq: "991")], "org.leader-not-registered", "命名名单"),
        (["对公账号": "2502-0100-0920"], "org.account-format", "第5位"),
        (["联行号": "10273100001"], "org.bank-code", "12"),
        (["单位名称": ""], "name.missing", "单位名称"),
    ])
    func eachDefectGivesItsCodeAndNamesThePosition(overrides: [String: String], code: String, words: String) throws {
        let c = try check([Self.row(2, 0, overrides)])[0]
        #expect(T.codes(c) == ["2:\(code)"], "\(T.codes(c)) \(c.findings.map(\.message))")
        #expect(c.findings.first?.message.contains(words) == true, "\(c.findings.map(\.message))")
        #expect(c.acceptedCount == 0)
    }

    @Test func aStudioWhoseLeaderLostTheHonourIsNotPaid() throws {
        // Person 8 (周杰) is revoked in the test register.
        let c = try check([Self.row(2, 2)])[0]
        #expect(T.codes(c) == ["2:org.leader-not-registered"] && c.findings[0].message.contains("撤销"))
    }

    @Test func oneGrantPerStudioAndPerHostAcrossFilesAndDistricts() throws {
        let a = T.workbook("五华区.xlsx", header: Self.header, rows: [Self.row(2, 0), Self.row(3, 0)])
        let b = T.workbook("盘龙区.xlsx", header: Self.header, rows: [Self.row(2, 0, ["单位名称": "另一个名字"]), Self.row(3, 1)])
        let files = try [a, b].map { try RosterLocator(template: .defaultOrganisation).read(workbook: $0) }
        var v = Validator(template: .defaultOrganisation, program: Self.program, registry: T.registry())
        v.studios = Self.studios
        let c = v.check(files)
        #expect(T.codes(c[0]) == ["3:dup.org"] && c[0].findings[0].message.contains("本表第2行"))
        #expect(T.codes(c[1]) == ["2:dup.org"] && c[1].findings[0].message.contains("五华区"))
        #expect(c[0].acceptedCount + c[1].acceptedCount == 2)
    }

    @Test func aRosterOfTheOtherKindIsToldSo() throws {
        let org = try check([Self.row(2, 0)], program: T.program)[0]
        #expect(T.codes(org) == ["-:file.wrong-kind"] && org.findings[0].message.contains("单位（工作室）名册") && org.blocked)
        let person = try check([T.row(2, 0)], header: T.header)[0]
        #expect(T.codes(person).first == "-:file.wrong-kind" && person.findings[0].message.contains("个人花名册") && person.blocked)
    }

    @Test func theBankFilesNameTheOrganisation() throws {
        let c = try check([Self.row(2, 0), Self.row(3, 1)])
        let tally = PaymentTally(c, program: Self.program)
        let batch = PaymentBatch(
            programmeId: Self.program.id, programmeTitle: Self.program.title, period: "2017-11", payerName: "昆明市总工会",
            payerAccount: "2502531488861479432", payerBank: "中国工商银行昆明正义路支行", executionDate: "2017-11-15",
            payments: tally.disbursements.enumerated().map { i, d in
                Payment(
                    sequence: i + 1, name: d.name, idNumber: d.idNumber, account: d.account, bankName: d.bank, bankCode: d.bankCode,
                    amount: d.amount, district: d.district, purpose: Self.program.title, isOrganisation: true)
            })
        let xml = String(decoding: try Pain001.render(batch, version: .v09), as: UTF8.self)
        #expect(xml.contains("<OrgId>") && xml.contains("<Prtry>USCC</Prtry>") && xml.contains("<Id>\(Self.codes[0])</Id>"))
        #expect(!xml.contains("<PrvtId>") && xml.contains("<MmbId>102731000013</MmbId>"))
        if let xsd = BankFixtures.xsd(.v09) {
            let path = try BankFixtures.temporaryDirectory() + "/org.xml"
            try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try XMLSchemaValidator(xsdPath: xsd).validate(xmlPath: path).isEmpty)
        }
        let corporate = try BankTemplate.resolve("cn-corporate-gbk")
        let text = try decodeGBK(DelimitedBankFile.render(batch, template: corporate))
        #expect(text.hasPrefix("2|14000.00\r\n1|2502010009200012345|昆明某机床厂|中国工商银行昆明分行|102731000013|7000.00|"))
    }

    func decodeGBK(_ bytes: [UInt8]) throws -> String { try IconvConverter.decode(bytes, from: "GBK") }

    @Test func theFinanceWorkbookLabelsOrganisations() throws {
        let c = try check([Self.row(2, 0)])
        let tally = PaymentTally(c, program: Self.program)
        let path = try BankFixtures.temporaryDirectory() + "/finance.xlsx"
        try FinanceWorkbook.write(to: path, tally: tally, program: Self.program, runDate: SimpleDate(year: 2017, month: 11, day: 15))
        let (rows, _) = try XLSXWorkbook(path: path).readAll(sheet: 0)
        #expect(rows[2].cells.map(\.raw) == FinanceWorkbook.organisationColumns)
        #expect(rows[3].cells.map(\.raw).contains("王芳（市级劳动模范）") && rows[4].cells.map(\.raw).contains("1个"))
    }
}

/// Programmes paid from the register: payees made from the register and an account list.
@Suite struct RegisterPayeeTests {
    static let program: Program = {
        var p = T.program
        p.id = "2017-national-allowance"
        p.payeesFrom = .register
        p.eligibleHonours = [.municipal]
        p.amount = nil
        p.amountRules = [.init(category: "特殊困难帮扶", rule: .fixed(Money(fen: 2_100_000))), .init(rule: .fixed(Money(fen: 1_750_000)))]
        return p
    }()

    func accounts(_ rows: [[String]]) throws -> RosterFile {
        let header = ["身份证号码", "姓名", "开户行", "账号", "区县", "津贴类型"]
        let wb = MemoryWorkbook(
            path: "accounts.xlsx", sheets: [.init(name: "账户", rows: [Row.texts(1, header)] + rows.enumerated().map { Row.texts($0 + 2, $1) }, merged: [])])
        return try RosterLocator(template: .defaultAccounts).read(workbook: wb)
    }

    @Test func everyEligibleHolderIsAPayeeAndThoseWithoutAnAccountAreReturned() throws {
        // People 0–7, 11 are active municipal holders; 8 revoked, 9 deceased, 10 provincial.
        var lines = (0..<7).map { i in [T.people[i].id, T.people[i].name, "工行", T.card(i), i < 4 ? "五华区" : "盘龙区", i == 0 ? "特殊困难帮扶" : "荣誉津贴"] }
        lines.append([T.people[9].id, T.people[9].name, "工行", T.card(9), "五华区", "荣誉津贴"])  // deceased: listed by mistake
        let files = try RegisterPayees.rosters(
            register: T.registry(), accounts: try accounts(lines), program: Self.program, districts: .kunming, registerShown: "register.xlsx")
        #expect(files.map(\.path) == ["accounts.xlsx（五华区）", "accounts.xlsx（盘龙区）", "register.xlsx（未提供账户）"])
        let v = Validator(program: Self.program, registry: T.registry())
        let checks = files.map(v.checkFile)
        #expect(checks[0].acceptedCount == 4 && checks[0].acceptedAmount == Money(fen: 2_100_000 + 3 * 1_750_000))
        #expect(T.codes(checks[0]) == ["6:honour.deceased"])
        #expect(checks[1].acceptedCount == 3)
        // People 7 and 11 have no account: returned, named, not dropped.
        #expect(checks[2].rowCount == 2 && T.codes(checks[2]) == ["2:bank.missing", "3:bank.missing"])
        #expect(checks[2].rows.map(\.idNumber) == [T.people[7].id, T.people[11].id])
    }

    @Test func aHolderWhoDiedAfterTheReferenceDateIsStillPaid() throws {
        var reg = T.registry()
        var e = reg[T.people[9].id]!
        e.statusDate = SimpleDate(year: 2017, month: 12, day: 1)
        reg.insert(e, key: e.idNumber)
        let lines = [[T.people[9].id, T.people[9].name, "工行", T.card(9), "五华区", "荣誉津贴"]]
        let files = try RegisterPayees.rosters(
            register: reg, accounts: try accounts(lines), program: Self.program, districts: .kunming, registerShown: "r")
        let c = Validator(program: Self.program, registry: reg).checkFile(files[0])
        #expect(T.codes(c) == ["2:honour.status-later"] && c.acceptedCount == 1)
    }
}
