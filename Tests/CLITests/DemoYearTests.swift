import Foundation
import Testing

/// The year of the seed report played end to end (`Scripts/demo-year.sh` with this build): four
/// programmes in one ledger, rosters and resubmissions, the bank's answers, a programme paid from
/// the register, one paid to studios' host organisations, and the year report.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct DemoYearTests {
    @Test func theYearReportShowsTheSeedReportsFigures() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("roster-demo-year-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = Process()
        script.executableURL = CLI.packageRoot.appendingPathComponent("Scripts/demo-year.sh")
        script.currentDirectoryURL = CLI.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["ROSTER_BIN"] = CLI.productsDirectory.appendingPathComponent("roster").path
        env["DEMO_YEAR_OUT"] = out.path
        script.environment = env
        let log = Pipe()
        script.standardOutput = log
        script.standardError = log
        try script.run()
        let text = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0, "\(text.suffix(3000))")

        let r = try CLI.run(["report", "--year", "2017", "--ledger", out.appendingPathComponent("ledger.sqlite").path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let programmes = try #require(json["programmes"] as? [[String: Any]])
        let figures = Dictionary(uniqueKeysWithValues: programmes.map { p in
            (p["programme"] as! String, "\(p["people"] as! Int) / \(p["yuan"] as! String)")
        })
        #expect(figures == [
            "2017-midautumn-hardship": "366 / 700000.00", "2017-national-allowance": "60 / 1053500.00",
            "2017-provincial-hardship": "217 / 1451900.00", "2017-innovation-studios": "4 / 28000.00",
        ])
        let studios = try #require(programmes.first { $0["programme"] as? String == "2017-innovation-studios" })
        #expect(studios["payee"] as? String == "organisation")
        // Nobody paid twice, every failure paid again, and the workbook written.
        #expect(programmes.allSatisfy { ($0["paidTwice"] as? Int) == 0 })
        #expect(programmes.allSatisfy { (($0["failedOpen"] as? [String: Any])?["people"] as? Int) == 0 })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2017年度劳模帮扶资金绩效自评表.xlsx").path))
    }
}
