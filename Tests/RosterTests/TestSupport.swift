import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// A small deterministic generator (SplitMix64) so property tests repeat exactly.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum T {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A valid identity number.
    static func id(region: String = "530102", birth: String = "19650315", seq: String = "123") -> String {
        let body = region + birth + seq
        return body + String(IdentityNumber.checkCharacter(body: body)!)
    }

    /// A Luhn-valid 19-digit card number.
    static func card(_ seed: Int) -> String {
        var body = "622202"
        var s = UInt64(seed + 1)
        for _ in 0..<12 {
            s = s &* 6_364_136_223_846_793_005 &+ 1
            body += String((s >> 33) % 10)
        }
        for d in 0...9 where BankAccount.passesLuhn(body + String(d)) { return body + String(d) }
        return body
    }

    static let header = ["序号", "姓名", "性别", "身份证号码", "工作单位", "荣誉称号", "补助金额(元)", "开户行", "银行卡号", "备注"]

    struct Person {
        var name: String
        var male: Bool
        var id: String
        var level: HonourLevel = .municipal
        var status: RegisterStatus = .active
    }

    static let people: [Person] = (0..<12).map { i in
        let male = i % 2 == 0
        let seq = String(format: "%02d%d", i, male ? 1 : 2)
        return Person(name: ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴娟", "徐涛", "孙明"][i], male: male,
            id: id(birth: "19\(60 + i)0101", seq: seq))
    }

    static func registry(_ extra: [RegisterEntry] = []) -> Registry {
        var entries = people.enumerated().map { i, p in
            RegisterEntry(
                name: p.name, idNumber: p.id, honour: i == 10 ? .provincial : .municipal,
                honourText: i == 10 ? "省部级劳动模范" : "市级劳动模范", honourYear: "2005",
                status: i == 8 ? .revoked : i == 9 ? .deceased : .active, employer: nil, row: i + 2)
        }
        entries += extra
        return Registry(entries: entries)
    }

    static let program = Program(
        id: "2017-midautumn-hardship", title: "2017年中秋国庆困难市级劳模帮扶", period: "2017-09",
        date: SimpleDate(year: 2017, month: 9, day: 20), eligibleHonours: [.municipal], amount: .max(Money(fen: 300_000)),
        budget: Money(fen: 70_000_000), payer: .init(name: "昆明市总工会", account: "1", bank: "工行", bankCode: nil))

    /// A roster row for person i (values overridable by column header).
    static func row(_ n: Int, _ i: Int, _ overrides: [String: String] = [:]) -> Row {
        let p = people[i]
        var values: [String: String] = [
            "序号": String(n), "姓名": p.name, "性别": p.male ? "男" : "女", "身份证号码": p.id, "工作单位": "昆明某厂",
            "荣誉称号": "市级劳动模范", "补助金额(元)": "2000", "开户行": "工行", "银行卡号": card(i), "备注": "",
        ]
        for (k, v) in overrides { values[k] = v }
        return Row.texts(n, header.map { values[$0] ?? "" })
    }

    /// A one-sheet workbook: header on row 1, then rows.
    static func workbook(_ path: String = "五华区.xlsx", header: [String] = header, rows: [Row], merged: [CellRange] = [])
        -> MemoryWorkbook
    {
        MemoryWorkbook(path: path, sheets: [.init(name: "Sheet1", rows: [Row.texts(1, header)] + rows, merged: merged)])
    }

    static func check(
        _ wbs: [MemoryWorkbook], registry: Registry = registry(), program: Program = program,
        alreadyPaid: (@Sendable (String) -> Bool)? = nil, regions: RegionTable? = nil
    ) throws -> [FileCheck] {
        let files = try wbs.map { try RosterLocator().read(workbook: $0) }
        return Validator(program: program, registry: registry, regions: regions, alreadyPaid: alreadyPaid).check(files)
    }

    /// (row, code) pairs of a file's findings.
    static func codes(_ c: FileCheck) -> [String] {
        c.findings.map { "\($0.row.map(String.init) ?? "-"):\($0.code.rawValue)" }
    }
}

extension Tag {
    /// Tests of more than about a second (whole scenarios, runs of the binary, LibreOffice):
    /// `make test-quick` leaves them out while editing; `make test` and CI run them all.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Leaves a `.slow` test out of `make test-quick` (ROSTER_QUICK=1), saying so.
    static var notInQuickRuns: Self {
        .enabled(if: ProcessInfo.processInfo.environment["ROSTER_QUICK"] == nil, "slow: left out by make test-quick")
    }
}
