import Foundation
import RosterIntake
import Testing

/// `roster serve --init` and `roster run --from-intake`: the intake folder from the shell.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct IntakeCLITests {
    func temp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("roster-intake-cli-\(UUID().uuidString)").path }

    @Test func initPrintsOneTimePasswordsAndRefusesAFolderInUse() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = CLI.packageRoot.path
        let r = try CLI.run(["serve", "--init", dir, "--program", root + "/Samples/program.json", "--registry", root + "/Samples/register.xlsx"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines.count == 15 && lines.contains { $0.hasPrefix("  city: ") } && lines.contains { $0.hasPrefix("  五华区: ") })
        let passwords = Set(lines.map { $0.split(separator: " ").last! })
        #expect(passwords.count == 15 && passwords.allSatisfy { $0.count == 12 })
        // Only hashes are kept.
        let index = try Data(contentsOf: URL(fileURLWithPath: dir + "/intake.sqlite"))
        #expect(passwords.allSatisfy { index.range(of: Data($0.utf8)) == nil })
        let again = try CLI.run(["serve", "--init", dir, "--program", root + "/Samples/program.json", "--registry", root + "/Samples/register.xlsx"])
        #expect(again.status == 2 && again.stderr.contains("not empty"))
    }

    @Test func runFromIntakeRunsTheLatestSubmissions() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = CLI.packageRoot.path
        _ = try IntakeFolder.create(dir, program: root + "/Samples/program.json", registry: root + "/Samples/register.xlsx")
        let store = try IntakeStore(folder: dir)
        let checker = try IntakeChecker(folder: dir, configuration: try IntakeConfiguration.load(folder: dir))
        for d in ["五华区", "盘龙区"] {
            let account = try #require(try store.account(named: d))
            let temp = dir + "/upload-test"
            try FileManager.default.copyItem(atPath: root + "/Samples/rosters/\(d).xlsx", toPath: temp)
            _ = try store.submit(upload: temp, originalName: "\(d).xlsx", account: account, district: d, checker: checker)
        }
        let out = dir + "/shell-batch"
        let r = try CLI.run(["run", "--from-intake", dir, "--out", out, "--bank-template", "cn-batch-gbk"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("文件 files: 2") && FileManager.default.fileExists(atPath: out + "/汇总发放表.xlsx"))
        #expect(FileManager.default.fileExists(atPath: dir + "/ledger.sqlite"))
        #expect(try store.auditTrail().contains { $0.action == "run" })
        let mixed = try CLI.run(["run", "--from-intake", dir, "--out", out + "2", "--program", root + "/Samples/program.json"])
        #expect(mixed.status == 2 && mixed.stderr.contains("--from-intake takes the programme"))
        let empty = temp()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        _ = try IntakeFolder.create(empty, program: root + "/Samples/program.json", registry: root + "/Samples/register.xlsx")
        let none = try CLI.run(["run", "--from-intake", empty, "--out", empty + "/b"])
        #expect(none.status == 2 && none.stderr.contains("no district has sent"))
    }
}
