import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// The generated multi-district fixture set (Tests/RosterTests/Fixtures/make_fixtures.py).
@Suite struct EndToEndTests {
    static let dir = T.packageRoot.appendingPathComponent("Tests/RosterTests/Fixtures/e2e")
    static let rosters = ["五华区2017中秋帮扶.xlsx", "盘龙区.xlsx", "guandu.csv", "西山区.csv", "chenggong.xlsx", "东川区.csv"]

    func run(_ names: [String]) throws -> CheckReport {
        let program = try Program.load(path: Self.dir.appendingPathComponent("program.json").path)
        let registry = try Registry.load(path: Self.dir.appendingPathComponent("register.xlsx").path)
        let v = Validator(program: program, registry: registry)
        return CheckReport.run(paths: names.map { Self.dir.appendingPathComponent($0).path }, validator: v)
    }

    struct Expected: Decodable, Hashable, Comparable {
        var file: String
        var row: Int?
        var code: String
        static func < (a: Expected, b: Expected) -> Bool { (a.file, a.row ?? 0, a.code) < (b.file, b.row ?? 0, b.code) }
    }

    @Test func findingsEqualTheTruthFileExactly() throws {
        let truth = try JSONDecoder().decode(
            [String: [Expected]].self, from: Data(contentsOf: Self.dir.appendingPathComponent("truth.json")))["findings"]!
        let report = try run(Self.rosters)
        #expect(!report.hasUnreadable)
        var got: [Expected] = []
        for c in report.checked {
            for f in c.findings {
                got.append(Expected(file: URL(fileURLWithPath: c.file.path).lastPathComponent, row: f.row, code: f.code.rawValue))
            }
        }
        #expect(got.sorted() == truth.sorted())
        #expect(report.exitCode == 1)
    }

    @Test func layoutsAreFoundInEveryMakerAndEncoding() throws {
        let report = try run(Self.rosters)
        let byName = Dictionary(uniqueKeysWithValues: report.checked.map { (URL(fileURLWithPath: $0.file.path).lastPathComponent, $0) })
        let wuhua = try #require(byName["五华区2017中秋帮扶.xlsx"])
        #expect(wuhua.file.sheet == "花名册" && wuhua.file.headerRows.map(\.number) == [3, 4] && wuhua.file.totalsRows.count == 1)
        #expect(wuhua.file.district == "五华区" && wuhua.rowCount == 11 && wuhua.file.trailerRows.count == 2)
        #expect(byName["guandu.csv"]?.file.district == "官渡区" && byName["guandu.csv"]?.file.districtSource == .column)
        #expect(byName["西山区.csv"]?.file.headerRow == 2 && byName["西山区.csv"]?.rowCount == 14)
        #expect(byName["chenggong.xlsx"]?.file.district == "呈贡区" && byName["chenggong.xlsx"]?.file.districtSource == .title)
        #expect(byName["chenggong.xlsx"]?.file.headers.last?.text == "家庭住址")
        let guandu = try #require(byName["guandu.csv"])
        let kinds = Set(guandu.normalisations.map { "\($0.field.rawValue):\($0.kind)" })
        #expect(kinds.isSuperset(of: ["amount:currency-sign", "amount:thousands-separator", "idNumber:lowercase-x", "idNumber:full-width", "name:spaces"]))
    }

    @Test func inputOrderDoesNotChangeTheFindings() throws {
        let a = try run(Self.rosters)
        let b = try run(Self.rosters.reversed())
        func key(_ r: CheckReport) -> [String] {
            r.checked.sorted { $0.file.path < $1.file.path }.flatMap { c in c.findings.map { "\(c.file.path)|\($0.row ?? 0)|\($0.code.rawValue)|\($0.message)" } }
        }
        #expect(key(a) == key(b))
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let report = try run(Array(Self.rosters.prefix(2)))
        let text = report.json().serialized()
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(obj.keys) == ["files", "summary"])
        let files = try #require(obj["files"] as? [[String: Any]])
        for k in ["path", "sheet", "district", "headerRow", "rows", "accepted", "rejected", "findings"] {
            #expect(files[0][k] != nil, "\(k)")
        }
        #expect(files[0]["path"] as? String == Self.dir.appendingPathComponent(Self.rosters[0]).path)
        let finding = try #require((files[0]["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == ["row", "column", "field", "code", "severity", "message", "value"])
        // Keys keep the documented order, and the same report gives the same bytes.
        #expect(text.range(of: "\"path\"")!.lowerBound < text.range(of: "\"sheet\"")!.lowerBound)
        #expect(text == (try run(Array(Self.rosters.prefix(2)))).json().serialized())
        // No unmasked identity number leaks into the report.
        for c in report.checked { for r in c.rows where r.idNumber.count == 18 { #expect(!text.contains(r.idNumber)) } }
    }

    @Test func anUnreadableFileIsReportedAndExitsTwo() throws {
        let report = try run([Self.rosters[0], "does-not-exist.xlsx"])
        #expect(report.hasUnreadable && report.exitCode == 2)
    }
}
