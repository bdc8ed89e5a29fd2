import Foundation
import Testing

/// `roster check` run as a user would.
@Suite struct CheckCLITests {
    static let dir = CLI.packageRoot.appendingPathComponent("Tests/RosterTests/Fixtures/e2e")
    static let args = ["check", "--registry", "register.xlsx", "--program", "program.json"]

    @Test func textOutputSummarisesTheFileAndItsFindings() throws {
        let r = try CLI.run(Self.args + ["chenggong.xlsx", "--format", "text"], cwd: Self.dir)
        // chenggong has a wrong totals row: one error.
        #expect(r.status == 1)
        #expect(r.stdout.contains("chenggong.xlsx") && r.stdout.contains("呈贡区") && r.stdout.contains("total.mismatch"))
    }

    @Test func jsonOutputListsEveryFileAndMasksPersonalValues() throws {
        let r = try CLI.run(Self.args + ["--format", "json", "西山区.csv", "guandu.csv"], cwd: Self.dir)
        #expect(r.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(obj["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["西山区.csv", "guandu.csv"])
        #expect((obj["summary"] as? [String: Any])?["rows"] as? Int == 27)
        // Every identity number in the output is masked.
        let eighteen = try Regex("[0-9]{17}[0-9X]")
        #expect(r.stdout.firstMatch(of: eighteen) == nil)
    }

    @Test func aFileWithoutErrorsExitsZero() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("check-cli-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        // The first three data lines of guandu.csv are clean people (the 区县 column names the district).
        let r0 = try CLI.run(["cat", "--format", "csv", Self.dir.appendingPathComponent("guandu.csv").path])
        guard r0.status == 0 else {
            print("skipping: roster cat is not available (\(r0.stderr))")
            return
        }
        let lines = r0.stdout.split(whereSeparator: \.isNewline).prefix(4).joined(separator: "\n") + "\n"
        let file = tmp.appendingPathComponent("roster.csv")
        try lines.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(Self.args + [file.path], cwd: Self.dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func unreadableInputExitsTwoWithAOneLineError() throws {
        let r = try CLI.run(Self.args + ["chenggong.xlsx", "missing.xlsx"], cwd: Self.dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("missing.xlsx") && r.stderr.split(separator: "\n").count == 1)
    }

    @Test func badProgrammeExitsTwoNamingTheJSONPath() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bad-program-\(getpid()).json")
        try #"{"id":"x","title":"t","period":"2017-9"}"#.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try CLI.run(["check", "--registry", "register.xlsx", "--program", tmp.path, "chenggong.xlsx"], cwd: Self.dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("$.period"))
    }
}
