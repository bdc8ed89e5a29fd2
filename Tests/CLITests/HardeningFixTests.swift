import Foundation
@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples
import Testing

/// The "found, not fixed" items of the first hardening round, fixed in `roster run`: pipes as
/// configuration files, leftovers of killed runs, and messages that showed internal paths.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct HardeningFixTests {
    @Test(arguments: ["--registry", "--program", "--xsd"])
    func aPipeGivenAsAConfigurationFileIsRefusedAtOnce(_ option: String) throws {
        let dir = try Harden.scenario(seed: 671, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("pipe.file").path, 0o644) == 0)
        var args = Harden.runArgs(out: "out")
        switch option {
        case "--registry": args[args.firstIndex(of: "register.xlsx")!] = "pipe.file"
        case "--program": args[args.firstIndex(of: "program.json")!] = "pipe.file"
        default: args.insert(contentsOf: ["--bank-template", "pain.001.001.09", "--xsd", "pipe.file"], at: 1)
        }
        let before = Harden.names(in: dir)
        let r = try Harden.roster(args, cwd: dir, timeout: 10)
        #expect(!r.timedOut, "roster run blocked on a FIFO given to \(option)")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(option) pipe.file: not a regular file"), "\(r.stderr)")
        #expect(Harden.names(in: dir) == before)
    }

    @Test func aFolderNamedLikeARosterIsRefusedAsAFolder() throws {
        let dir = try Harden.scenario(seed: 672, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("西山区.xlsx"), withIntermediateDirectories: false)
        let r = try Harden.roster(Harden.runArgs(out: "out", inputs: ["rosters", "西山区.xlsx"]), cwd: dir)
        #expect(r.status == 2 && r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("西山区.xlsx: is a folder, not a roster file"), "\(r.stderr)")
    }

    @Test func aReadableRosterMissingAColumnStaysAFileFindingNotAStop() throws {
        let dir = try Harden.scenario(seed: 673, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A header with 姓名 and 身份证号码 but no amount or account column.
        try Data("姓名,身份证号码,备注\n张三,530102199001011234,无\n".utf8).write(to: dir.appendingPathComponent("rosters/东川区补报.csv"))
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = String(decoding: try Data(contentsOf: dir.appendingPathComponent("out/report.json")), as: UTF8.self)
        #expect(report.contains("column.missing"))
    }

    @Test func leftoversOfAKilledRunAreRemovedByTheNextRunAndNothingElseIs() throws {
        let dir = try Harden.scenario(seed: 674, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        // What a killed run leaves: a temporary folder with partial outputs and a moved-aside one.
        let stale = [".out.tmp-Ab12Cd", ".out.old-xY98zW"]
        for s in stale {
            try fm.createDirectory(at: dir.appendingPathComponent(s + "/returns"), withIntermediateDirectories: true)
            try Data("partial".utf8).write(to: dir.appendingPathComponent(s + "/report.json"))
        }
        // Look-alikes that must survive: other lengths, other folders' names, files, links,
        // unhidden names, and a link whose target must not be followed.
        let keepFolders = [".out.tmp-Ab12C", ".out.tmp-Ab12Cde", ".outx.tmp-Ab12Cd", "out.tmp-Ab12Cd", ".out.new-Ab12Cd", ".out.tmp-Ab_2Cd"]
        for k in keepFolders { try fm.createDirectory(at: dir.appendingPathComponent(k), withIntermediateDirectories: false) }
        try Data("keep".utf8).write(to: dir.appendingPathComponent(".out.tmp-File01"))
        let target = dir.appendingPathComponent("precious")
        try fm.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("data.txt"))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent(".out.old-Link01").path, withDestinationPath: "precious")
        // Older than the run that follows.
        Thread.sleep(forTimeInterval: 0.05)
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("removed 2 folders left by an interrupted run of out"), "\(r.stderr)")
        for s in stale {
            #expect(!fm.fileExists(atPath: dir.appendingPathComponent(s).path), "\(s) was not removed")
            #expect(r.stderr.contains(s))
        }
        for k in keepFolders + [".out.tmp-File01", ".out.old-Link01"] {
            var st = stat()
            #expect(lstat(dir.appendingPathComponent(k).path, &st) == 0, "\(k) was removed")
        }
        #expect(fm.fileExists(atPath: target.appendingPathComponent("data.txt").path), "a link's target was touched")
        #expect(Harden.completenessProblems(dir.appendingPathComponent("out")).isEmpty)
        // Nothing left by the run itself; a second run finds nothing to remove.
        #expect(Harden.leftovers(in: dir, out: "out").sorted() == [".out.old-Link01", ".out.new-Ab12Cd", ".out.tmp-Ab12C", ".out.tmp-Ab12Cde", ".out.tmp-Ab_2Cd", ".out.tmp-File01"].sorted())
        let again = try Harden.roster(Harden.runArgs(out: "out2", ledger: "l2.sqlite"), cwd: dir)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }

    @Test func aLeftoverNewerThanTheRunIsNotRemoved() throws {
        // Unit level: a folder changed after the run started may belong to a run still going.
        let dir = try Harden.freshDir("leftover-new")
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date().addingTimeInterval(-60)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".out.tmp-Qw12Er"), withIntermediateDirectories: false)
        let removed = OutputFolder.removeStaleLeftovers(of: dir.appendingPathComponent("out").path, olderThan: start)
        #expect(removed.isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".out.tmp-Qw12Er").path))
        let later = OutputFolder.removeStaleLeftovers(of: dir.appendingPathComponent("out").path, olderThan: Date().addingTimeInterval(1))
        #expect(later == [".out.tmp-Qw12Er"])
        #expect(Harden.names(in: dir).isEmpty, "\(Harden.names(in: dir))")
    }
}
