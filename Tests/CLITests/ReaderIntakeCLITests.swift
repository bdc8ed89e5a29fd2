import Foundation
import Testing

/// What a district clerk's unusual but honest files do in `check`, `run`, `cat` and `sheets`:
/// a 0-byte file, a chart sheet, a sheet named "1", districts outside the city's list, an
/// output folder whose parents do not exist.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct ReaderIntakeCLITests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/SpreadsheetTests/Fixtures")

    @Test func aZeroByteRosterIsOneFileEmptyFindingInCheck() throws {
        let dir = try Harden.scenario(seed: 1101, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("rosters/东川区补报.xlsx").path, contents: Data()))
        let r = try CLI.run(
            ["check", "--registry", "register.xlsx", "--program", "program.json", "--format", "json", "rosters/东川区补报.xlsx"],
            cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("\"file.empty\""))
        #expect(!r.stdout.contains("column.missing"), "one finding for the file, not one per missing column")
        #expect(r.stdout.contains("\"district\": \"东川区\""))
    }

    @Test func aZeroByteRosterInARunIsReturnedToItsDistrictAndTheOthersArePaid() throws {
        let dir = try Harden.scenario(seed: 1102, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("rosters/东川区补报.csv").path, contents: Data()))
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("file.empty") == false, "a file finding holds back no row, so it is not a returned reason")
        let report = String(decoding: try Data(contentsOf: dir.appendingPathComponent("out/report.json")), as: UTF8.self)
        #expect(report.contains("\"file.empty\""))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/returns/东川区.xlsx").path))
        #expect(Harden.completenessProblems(dir.appendingPathComponent("out")).isEmpty)
    }

    /// A 区县 cell must name one of the city's districts: a path or a formula is returned as
    /// `district.unknown`, the row stays with the file's district, and no file is named after it.
    @Test func aDistrictOutsideTheListIsReturnedAndNeverNamesAFile() throws {
        let dir = try Harden.scenario(seed: 1103, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        let register = try CLI.run(["cat", "register.xlsx", "--format", "csv"], cwd: dir)
        let person = try #require(register.stdout.split(separator: "\r\n").first { $0.contains("市级劳动模范") && $0.contains("保持荣誉") })
        let fields = person.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let name = fields[0], id = fields[2]
        let csv = """
            区县,姓名,身份证号码,荣誉称号,补助金额,开户行,银行卡号
            ../../../etc/x,\(name),\(id),市级劳动模范,1000,中国农业银行昆明分行,6228480402564890018
            "=HYPERLINK(""http://x"",""点击"")",\(name),\(id),市级劳动模范,1000,中国农业银行昆明分行,6228480402564890018
            禄劝县,\(name),\(id),市级劳动模范,1000,中国农业银行昆明分行,6228480402564890018

            """
        try Data(csv.utf8).write(to: dir.appendingPathComponent("禄劝补报.csv"))
        let check = try CLI.run(
            ["check", "--registry", "register.xlsx", "--program", "program.json", "--format", "json", "禄劝补报.csv"], cwd: dir)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        let findings = try #require(file["findings"] as? [[String: Any]])
        let unknown = findings.filter { $0["code"] as? String == "district.unknown" }
        #expect(unknown.compactMap { $0["row"] as? Int } == [2, 3], "\(findings)")
        #expect(unknown.allSatisfy { ($0["message"] as? String)?.contains("禄劝彝族苗族自治县") == true }, "the message lists the districts")
        #expect(file["district"] as? String == "禄劝彝族苗族自治县", "禄劝县 is an alias")

        let run = try Harden.roster(Harden.runArgs(out: "out", inputs: ["禄劝补报.csv"]), cwd: dir)
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let returns = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/returns").path)) ?? []
        #expect(returns.allSatisfy { $0 == "禄劝彝族苗族自治县.xlsx" }, "\(returns)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("etc").path))
    }

    @Test func anotherCitysDistrictListIsUsedAndAnUnknownDistrictOptionIsRefused() throws {
        let dir = try Harden.scenario(seed: 1104, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = #"{"province": "云南省", "city": "大理市", "districts": [{"name": "下关镇", "aliases": ["下关"]}, {"name": "大理镇"}]}"#
        try Data(list.utf8).write(to: dir.appendingPathComponent("dali.json"))
        try Data("姓名,身份证号码,补助金额,银行卡号\n".utf8).write(to: dir.appendingPathComponent("下关名单.csv"))
        let base = ["check", "--registry", "register.xlsx", "--program", "program.json", "--districts", "dali.json", "--format", "json"]
        let ok = try CLI.run(base + ["下关名单.csv"], cwd: dir)
        #expect(ok.stdout.contains("\"district\": \"下关镇\""), "\(ok.stdout)")
        let bad = try CLI.run(base + ["--district", "五华区", "x.csv"], cwd: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--district 五华区: not a district or county of 大理市"), "\(bad.stderr)")
        try Data(#"{"city": "大理市", "districts": [{"name": "下关镇", "aliases": ["大理镇"]}, {"name": "大理镇"}]}"#.utf8)
            .write(to: dir.appendingPathComponent("clash.json"))
        let clash = try CLI.run(
            ["check", "--registry", "register.xlsx", "--program", "program.json", "--districts", "clash.json", "x.csv"], cwd: dir)
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("clash.json: $.districts[1]"), "\(clash.stderr)")
    }

    @Test func runCreatesTheMissingParentsOfItsOutputFolder() throws {
        let dir = try Harden.scenario(seed: 1105, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harden.roster(Harden.runArgs(out: "a/b/c", ledger: "l/ledger.sqlite"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/b/c/report.json").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("l/ledger.sqlite").path))
        #expect(Harden.leftovers(in: dir.appendingPathComponent("a/b"), out: "c").isEmpty)
    }

    @Test func runRefusesAFileWhereAnOutputFolderShouldBe() throws {
        let dir = try Harden.scenario(seed: 1106, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("a").path, contents: Data("x".utf8)))
        let r = try Harden.roster(Harden.runArgs(out: "a/b/c"), cwd: dir)
        #expect(r.status == 2 && r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("a is a file, not a folder"), "\(r.stderr)")
    }

    @Test func chartSheetsAreListedAndNeverReadAsCells() throws {
        let path = Self.fixtures.appendingPathComponent("valid-chartsheet.xlsx").path
        let sheets = try CLI.run(["sheets", path])
        #expect(sheets.stdout == "1\tChart1\tvisible\tchart\n2\t1\tvisible\tworksheet\n3\tData\tvisible\tworksheet\n")
        let first = try CLI.run(["cat", path])
        #expect(first.status == 0 && first.stdout == "[1]\n", "the default is the first worksheet")
        let chart = try CLI.run(["cat", path, "--sheet", "Chart1"])
        #expect(chart.status == 2)
        #expect(chart.stderr.contains("Chart1: a chart sheet, which has no cells"), "\(chart.stderr)")
    }

    @Test func sheetIndexReachesEverySheetWhenOneIsNamedWithDigits() throws {
        let path = Self.fixtures.appendingPathComponent("valid-chartsheet.xlsx").path
        #expect(try CLI.run(["cat", path, "--sheet", "1"]).stdout == "[1]\n", "by name: the sheet named 1")
        #expect(try CLI.run(["cat", path, "--sheet-index", "3"]).stdout == "[\"only\"]\n")
        #expect(try CLI.run(["cat", path, "--sheet", "3"]).stdout == "[\"only\"]\n", "a number naming no sheet is a position")
        let both = try CLI.run(["cat", path, "--sheet", "1", "--sheet-index", "2"])
        #expect(both.status != 0 && both.stderr.contains("not both"))
        let beyond = try CLI.run(["cat", path, "--sheet-index", "9"])
        #expect(beyond.status == 2 && beyond.stderr.contains("there is no sheet number 9"))
    }

    @Test(arguments: ["cat", "convert"])
    func aZeroByteFileIsSaidToBeEmpty(_ command: String) throws {
        let path = try scratchFile([], name: "interrupted.xlsx")
        let args = command == "cat" ? ["cat", path] : ["convert", path, path + ".csv"]
        let r = try CLI.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains("the file is empty (0 bytes)"), "\(r.stderr)")
    }
}
