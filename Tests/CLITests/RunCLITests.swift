import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterRun
import Testing

/// `roster run` through the built binary on a generated scenario.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct RunCLITests {
    /// A scenario written by `roster samples` into a fresh folder.
    static func scenario(seed: Int, rows: Int = 300) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-run-cli-\(UUID().uuidString)")
        let r = try CLI.run(["samples", "--out", dir.path, "--rows", String(rows), "--seed", String(seed)])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    static let baseArgs = ["run", "--program", "program.json", "--registry", "register.xlsx", "--ledger", "ledger.sqlite"]

    @Test func aCompleteRunPrintsASummaryWithNoPersonalNumbers() throws {
        let dir = try Self.scenario(seed: 21)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(Self.baseArgs + ["--out", "out", "--bank-template", "cn-batch-gbk", "rosters"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("paid"))
        #expect(r.stdout.contains("returned"))
        #expect(r.stdout.contains("out/"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/manifest.json").path))
        // Scan stdout, stderr and report.json against every register ID and roster account.
        let reg = try Registry.load(path: dir.appendingPathComponent("register.xlsx").path)
        let report = String(decoding: try Data(contentsOf: dir.appendingPathComponent("out/report.json")), as: UTF8.self)
        for id in reg.entries.keys {
            #expect(!r.stdout.contains(id) && !r.stderr.contains(id) && !report.contains(id))
        }
        // A second run against the same ledger pays no one (exit 1): everyone it paid is already
        // paid; the districts still get their return workbooks, with no bank file and no batch.
        let again = try CLI.run(Self.baseArgs + ["--out", "out2", "rosters"], cwd: dir)
        #expect(again.status == 1)
        #expect(again.stdout.contains("already paid"))
        #expect(again.stderr.contains("nothing to pay"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out2/report.json").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out2/bank").path))
        // An existing folder is refused (exit 2) without --force.
        let refused = try CLI.run(Self.baseArgs + ["--out", "out", "rosters"], cwd: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
    }

    @Test func unusableInputIsExitTwoWithOneLine() throws {
        let dir = try Self.scenario(seed: 22)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(Self.baseArgs + ["--out", "out", "missing-folder"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("missing-folder"))
        let bad = try CLI.run(Self.baseArgs + ["--out", "out", "--date", "2017-02-30", "rosters"], cwd: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--date"))
    }

    @Test func aRunKilledMidwayLeavesNoFolderAndNoLedgerEntry() throws {
        let dir = try Self.scenario(seed: 23, rows: 3000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = CLI.productsDirectory.appendingPathComponent("roster")
        var completed = 0
        for (i, delay) in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5].enumerated() {
            let out = "out\(i)"
            let ledger = "ledger\(i).sqlite"
            let p = Process()
            p.executableURL = binary
            p.arguments = [
                "run", "--program", "program.json", "--registry", "register.xlsx", "--ledger", ledger, "--out", out,
                "--bank-template", "pain.001.001.09", "rosters",
            ]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let outExists = FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path)
            let ledgerPath = dir.appendingPathComponent(ledger).path
            var batches = 0
            if FileManager.default.fileExists(atPath: ledgerPath) {
                // As the next run or ledger command would: a batch the killed run left pending is
                // settled from the disk first (removed when its outputs never moved).
                let l = try PaymentLedger(path: ledgerPath, key: nil)
                _ = try PaymentRun.settleInterrupted(in: l)
                batches = try l.list().count
            }
            if p.terminationReason == .exit {
                // Finished before the kill: then it must be whole.
                completed += 1
                #expect(p.terminationStatus == 0)
                #expect(outExists && batches == 1)
            } else {
                // Killed: either nothing at all, or (killed after the commit) everything.
                #expect(outExists == (batches == 1), "delay \(delay): folder \(outExists), batches \(batches)")
                if outExists {
                    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(out + "/manifest.json").path))
                }
            }
        }
        print("killed-run test: \(6 - completed) of 6 runs were killed midway")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") || ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/soffice") } == true))
    func theWorkbooksOpenInLibreOffice() throws {
        let dir = try Self.scenario(seed: 24)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(Self.baseArgs + ["--out", "out", "rosters"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let returns = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/returns").path).sorted()
        let inputs = ["out/汇总发放表.xlsx", "out/returns/" + returns[0]]
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["soffice", "-env:UserInstallation=file://" + profile.path, "--headless", "--convert-to", "pdf", "--outdir", "pdf"] + inputs
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for i in inputs {
            let name = ((i as NSString).lastPathComponent as NSString).deletingPathExtension + ".pdf"
            let pdf = dir.appendingPathComponent("pdf/" + name)
            let data = try Data(contentsOf: pdf)
            #expect(data.count > 1000 && data.prefix(4) == Data("%PDF".utf8), "\(name)")
        }
    }
}
