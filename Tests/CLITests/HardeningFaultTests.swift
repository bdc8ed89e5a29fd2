import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterRun
import Testing

/// Fault injection on `roster run` (the built binary): output failures (no writable folder, a
/// full disk, the process killed at many points) and input failures (vanished, unreadable,
/// looping and very many files). After each: no partial output folder, the ledger and the
/// outputs agree, and — when the process lived to say so — one clear line on stderr.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct HardeningFaultTests {
    /// Asserts a failed run left nothing: no DIR, no temporary folder beside it, no batch.
    static func expectNothingLeft(_ dir: URL, out: String = "out", ledger: String = "ledger.sqlite", _ note: String) throws {
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(out).path), "\(note): output folder exists")
        #expect(Harden.leftovers(in: dir, out: out).isEmpty, "\(note): leftovers \(Harden.leftovers(in: dir, out: out))")
        #expect(try Harden.batchIds(ledger: dir.appendingPathComponent(ledger).path).isEmpty, "\(note): a batch was recorded")
    }

    // MARK: - output failures

    @Test func anOutputFolderWhoseParentIsAFileIsRefusedWithOneLine() throws {
        let dir = try Harden.scenario(seed: 601)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a folder\n".utf8).write(to: dir.appendingPathComponent("plain.txt"))
        let r = try Harden.roster(Harden.runArgs(out: "plain.txt/out"), cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("plain.txt/out"))
        #expect(r.stderr.contains("plain.txt is a file, not a folder"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ledger.sqlite").path))
        #expect(Harden.names(in: dir).filter { $0.hasPrefix(".plain") }.isEmpty)
    }

    @Test func aReadOnlyOutputFileSystemFailsWithOneLineAndRecordsNothing() throws {
        guard let mnt = Harden.mountTmpfs(size: "1m", options: "ro", note: "read-only output folder") else { return }
        defer { Harden.unmount(mnt) }
        let dir = try Harden.scenario(seed: 602)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = mnt.appendingPathComponent("out").path
        let r = try Harden.roster(Harden.runArgs(out: out), cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(mnt.path), "\(r.stderr)")
        #expect(r.stderr.contains("Read-only"), "\(r.stderr)")
        #expect(Harden.names(in: mnt).isEmpty)
        #expect(try Harden.batchIds(ledger: dir.appendingPathComponent("ledger.sqlite").path).isEmpty)
    }

    @Test func aDiskThatFillsUpMidWriteLeavesNoFolderAndNoBatch() throws {
        guard let mnt = Harden.mountTmpfs(size: "200k", note: "disk full (tmpfs)") else { return }
        defer { Harden.unmount(mnt) }
        let dir = try Harden.scenario(seed: 603, rows: 2000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harden.roster(
            Harden.runArgs(out: mnt.appendingPathComponent("out").path, extra: ["--bank-template", "pain.001.001.09"]), cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(mnt.path), "\(r.stderr)")
        #expect(r.stderr.localizedCaseInsensitiveContains("space") || r.stderr.localizedCaseInsensitiveContains("full"), "\(r.stderr)")
        // The temporary folder went with the failure; nothing in the ledger.
        #expect(Harden.names(in: mnt).isEmpty, "\(Harden.names(in: mnt))")
        #expect(try Harden.batchIds(ledger: dir.appendingPathComponent("ledger.sqlite").path).isEmpty)
    }

    @Test func aFileSizeLimitMidWriteLeavesNoFolderAndNoBatch() throws {
        let dir = try Harden.scenario(seed: 604, rows: 2000)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 50 KiB per file: the ledger fits, the finance workbook does not; SIGXFSZ ignored so
        // the write fails with EFBIG instead of killing the process.
        let r = try Harden.rosterUnder(shell: "trap '' XFSZ; ulimit -f 50", Harden.runArgs(out: "out"), cwd: dir)
        #expect(!r.signalled)
        #expect(r.status == 1 || r.status == 3, "\(r.status) \(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("out"), "\(r.stderr)")
        #expect(!r.stderr.contains(".out.tmp-"), "the message shows the temporary folder: \(r.stderr)")
        try Self.expectNothingLeft(dir, "ulimit -f")
    }

    @Test func aRunKilledAtEightPointsNeverLeavesAPartialFolderOrAnUnmatchedBatch() throws {
        let dir = try Harden.scenario(seed: 605, rows: 2500)
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = { (ledger: String) in
            Harden.runArgs(out: "out", ledger: ledger, extra: ["--force", "--bank-template", "pain.001.001.09", "--bank-template", "cn-batch-gbk"])
        }
        // A complete run first: the previous DIR each killed run may replace, and the duration.
        let full = try Harden.roster(args("ledger-base.sqlite"), cwd: dir, timeout: 60)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(Harden.completenessProblems(dir.appendingPathComponent("out")).isEmpty)
        let baseManifest = try Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))
        let duration = full.seconds
        var killed = 0
        var pendingSeen = 0
        for (i, fraction) in [0.03, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.97].enumerated() {
            let ledger = "ledger\(i).sqlite"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Harden.binary)
            p.arguments = args(ledger)
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: duration * fraction)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let wasKilled = p.terminationReason == .uncaughtSignal
            if wasKilled { killed += 1 } else { #expect(p.terminationStatus == 0) }
            let outDir = dir.appendingPathComponent("out")
            let ledgerPath = dir.appendingPathComponent(ledger).path
            let note = "kill at \(Int(fraction * 100))% (\(wasKilled ? "killed" : "finished"))"
            // A run killed between recording its batch and moving its folder into place leaves
            // the batch marked pending; the next opening of the ledger resolves it from the disk.
            if FileManager.default.fileExists(atPath: ledgerPath) {
                let ledger = try PaymentLedger(path: ledgerPath, key: nil)
                #expect(try ledger.pendingBatches().count <= 1, "\(note)")
                let resolved = try PaymentRun.settleInterrupted(in: ledger)
                #expect(resolved.allSatisfy { $0.outcome == .completed || $0.outcome == .abandoned }, "\(note): \(resolved)")
                #expect(try ledger.pendingBatches().isEmpty, "\(note)")
                if !resolved.isEmpty { pendingSeen += 1 }
            }
            let batches = try Harden.batchIds(ledger: ledgerPath)
            if FileManager.default.fileExists(atPath: outDir.path) {
                // Either the complete previous folder, or the complete new one recorded in this ledger.
                #expect(Harden.completenessProblems(outDir).isEmpty, "\(note): \(Harden.completenessProblems(outDir))")
                let manifest = try Data(contentsOf: outDir.appendingPathComponent("manifest.json"))
                #expect(manifest == baseManifest, "\(note): the folder is neither the previous nor a whole new one")
                if let id = batches.first { #expect(Harden.manifestBatchId(outDir) == id, "\(note)") }
            } else {
                // Killed between moving the old folder aside and moving the new one in: nothing recorded.
                #expect(batches.isEmpty, "\(note): a batch is recorded but there is no output folder")
            }
            #expect(batches.count <= 1, "\(note)")
            if !batches.isEmpty {
                #expect(FileManager.default.fileExists(atPath: outDir.path), "\(note): ledger entry without outputs")
            }
            // Whatever is left beside DIR is hidden temporary or moved-aside folders, never DIR itself.
            for name in Harden.leftovers(in: dir, out: "out") {
                #expect(name.hasPrefix(".out.tmp-") || name.hasPrefix(".out.old-"), "\(note): \(name)")
            }
            if !wasKilled { #expect(batches.count == 1, "\(note): a finished run recorded no batch") }
        }
        print("kill test: \(killed) of 8 runs killed, \(pendingSeen) left a pending batch (full run took \(String(format: "%.2f", duration)) s)")
        #expect(killed >= 4)
    }

    @Test func aRunKilledAfterRecordingAndBeforeTheMoveIsUndoneByTheNextOpening() throws {
        let dir = try Harden.scenario(seed: 608)
        defer { try? FileManager.default.removeItem(at: dir) }
        let killed = try Harden.rosterUnder(shell: "export ROSTER_KILL_AT=before-rename", Harden.runArgs(out: "out", ledger: "l.sqlite"), cwd: dir)
        #expect(killed.signalled, "\(killed.stderr)")
        // What the kill left: the batch recorded and marked pending, its outputs in the work folder.
        let ledgerPath = dir.appendingPathComponent("l.sqlite").path
        let pending = try PaymentLedger(path: ledgerPath, key: nil).pendingBatches()
        #expect(pending.count == 1)
        let id = try #require(pending.first?.batchId)
        #expect(try Harden.batchIds(ledger: ledgerPath) == [id])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        #expect(Harden.leftovers(in: dir, out: "out").count == 1)
        // Opening the ledger removes the record and the unfinished outputs, and says so.
        let list = try Harden.roster(["ledger", "list", "--ledger", "l.sqlite"], cwd: dir)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stderr.contains("batch \(id): the run that recorded it stopped before moving its outputs"), "\(list.stderr)")
        #expect(list.stdout.contains("No batches"), "\(list.stdout)")
        #expect(Harden.leftovers(in: dir, out: "out").isEmpty)
        // The same run then pays everyone, under the same batch id.
        let again = try Harden.roster(Harden.runArgs(out: "out", ledger: "l.sqlite"), cwd: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Harden.manifestBatchId(dir.appendingPathComponent("out")) == id)
        #expect(try PaymentLedger(path: ledgerPath, key: nil).pendingBatches().isEmpty)
    }

    @Test func aRunKilledAfterTheMoveIsCompletedByTheNextRun() throws {
        let dir = try Harden.scenario(seed: 609)
        defer { try? FileManager.default.removeItem(at: dir) }
        let killed = try Harden.rosterUnder(shell: "export ROSTER_KILL_AT=after-rename", Harden.runArgs(out: "out", ledger: "l.sqlite"), cwd: dir)
        #expect(killed.signalled, "\(killed.stderr)")
        let outDir = dir.appendingPathComponent("out")
        #expect(Harden.completenessProblems(outDir).isEmpty)
        let id = try #require(Harden.manifestBatchId(outDir))
        let ledgerPath = dir.appendingPathComponent("l.sqlite").path
        #expect(try PaymentLedger(path: ledgerPath, key: nil).pendingBatches().map(\.batchId) == [id])
        // The next run (into another folder) completes the record first, so everyone in the
        // batch counts as paid: nothing is paid twice.
        let next = try Harden.roster(Harden.runArgs(out: "out2", ledger: "l.sqlite"), cwd: dir)
        #expect(next.stderr.contains("batch \(id): the run that recorded it stopped after moving its outputs"), "\(next.stderr)")
        #expect(next.status == 1, "\(next.stderr)")
        #expect(next.stderr.contains("nothing to pay"), "\(next.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out2/bank").path))
        #expect(try PaymentLedger(path: ledgerPath, key: nil).pendingBatches().isEmpty)
        #expect(try Harden.batchIds(ledger: ledgerPath) == [id])
    }

    @Test func aFolderHoldingABatchTheLedgerDoesNotRecordIsNamedAsSuch() throws {
        // A complete folder whose batch the ledger lacks (written with another ledger, or the
        // ledger restored from an older copy). Made here with a second, fresh ledger.
        let dir = try Harden.scenario(seed: 607)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Harden.roster(Harden.runArgs(out: "out", ledger: "a.sqlite"), cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let id = try #require(Harden.manifestBatchId(dir.appendingPathComponent("out")))
        // Same ledger: the folder's batch is recorded, the ordinary refusal.
        let same = try Harden.roster(Harden.runArgs(out: "out", ledger: "a.sqlite"), cwd: dir)
        #expect(same.status == 2)
        #expect(same.stderr.contains("already exists; choose another --out"), "\(same.stderr)")
        // Another ledger: the batch is named, with what not to do.
        let other = try Harden.roster(Harden.runArgs(out: "out", ledger: "b.sqlite"), cwd: dir)
        #expect(other.status == 2)
        #expect(other.errorLines.count == 1, "\(other.stderr)")
        #expect(other.stderr.contains("holds batch \(id), which b.sqlite does not record"), "\(other.stderr)")
        #expect(other.stderr.contains("bank files must not be used"), "\(other.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.sqlite").path))
        // --force replaces it and says what it discarded.
        let forced = try Harden.roster(Harden.runArgs(out: "out", ledger: "b.sqlite", extra: ["--force"]), cwd: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("holds batch \(id), which b.sqlite does not record"), "\(forced.stderr)")
        #expect(try Harden.batchIds(ledger: dir.appendingPathComponent("b.sqlite").path) == [Harden.manifestBatchId(dir.appendingPathComponent("out"))!])
    }

    // MARK: - input failures

    @Test func aRosterThatVanishedBeforeReadingIsNamedInOneLine() throws {
        let dir = try Harden.scenario(seed: 606)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Listed by the folder walk, gone when read: a dangling symlink is exactly that state.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("rosters/晚到区.xlsx").path, withDestinationPath: "gone.xlsx")
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("晚到区.xlsx"), "\(r.stderr)")
        try Self.expectNothingLeft(dir, "dangling symlink")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ledger.sqlite").path))
    }

    @Test func aPipeInPlaceOfARosterIsRefusedInsteadOfBlocking() throws {
        let dir = try Harden.scenario(seed: 607)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("rosters/管道区.csv").path, 0o644) == 0)
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir, timeout: 10)
        #expect(!r.timedOut, "roster run blocked on a FIFO")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("管道区.csv"), "\(r.stderr)")
        try Self.expectNothingLeft(dir, "fifo")
    }

    @Test func aFolderInPlaceOfTheRegisterIsOneLine() throws {
        let dir = try Harden.scenario(seed: 608)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("reg.xlsx"), withIntermediateDirectories: false)
        var args = Harden.runArgs(out: "out")
        args[args.firstIndex(of: "register.xlsx")!] = "reg.xlsx"
        let r = try Harden.roster(args, cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("reg.xlsx"), "\(r.stderr)")
        #expect(r.stderr.contains("is a folder, not a file"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        try Self.expectNothingLeft(dir, "folder as register")
    }

    @Test func aSymlinkLoopInAnInputFolderIsNamedOrSkippedButNeverHangs() throws {
        let dir = try Harden.scenario(seed: 609)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rosters = dir.appendingPathComponent("rosters")
        // A file link to itself and a folder link back to its parent.
        try FileManager.default.createSymbolicLink(atPath: rosters.appendingPathComponent("loop").path, withDestinationPath: "loop")
        try FileManager.default.createSymbolicLink(atPath: rosters.appendingPathComponent("self").path, withDestinationPath: ".")
        let r0 = try Harden.roster(Harden.runArgs(out: "out0", ledger: "l0.sqlite"), cwd: dir, timeout: 15)
        #expect(!r0.timedOut, "the folder walk looped")
        #expect(r0.status == 0, "\(r0.stderr)")
        // A looping link with a roster's extension is named in one line.
        try FileManager.default.createSymbolicLink(atPath: rosters.appendingPathComponent("环路区.xlsx").path, withDestinationPath: "环路区.xlsx")
        let r = try Harden.roster(Harden.runArgs(out: "out"), cwd: dir, timeout: 15)
        #expect(!r.timedOut)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("环路区.xlsx"), "\(r.stderr)")
        #expect(r.stderr.contains("symbolic link loop"), "\(r.stderr)")
        try Self.expectNothingLeft(dir, "symlink loop")
        // The same link given on the command line.
        let direct = try Harden.roster(Harden.runArgs(out: "out", inputs: ["rosters/环路区.xlsx"]), cwd: dir, timeout: 15)
        #expect(direct.status == 2 && direct.errorLines.count == 1, "\(direct.stderr)")
        #expect(direct.stderr.contains("symbolic link loop"), "\(direct.stderr)")
    }

    @Test func aFolderOfTenThousandRostersFinishesInBoundedTime() throws {
        let dir = try Harden.scenario(seed: 610, rows: 120)
        defer { try? FileManager.default.removeItem(at: dir) }
        // One valid CSV roster row per file, each a different person of the register.
        let reg = try Registry.load(path: dir.appendingPathComponent("register.xlsx").path)
        let people = reg.entries.values.sorted { $0.idNumber < $1.idNumber }
        #expect(!people.isEmpty)
        let many = dir.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: many, withIntermediateDirectories: false)
        let started = Date()
        for i in 0..<10_000 {
            let p = people[i % people.count]
            let n = String(i)
            let pad = String(repeating: "0", count: 5 - n.count) + n
            let csv = "姓名,身份证号码,补助金额,开户行,银行卡号\n\(p.name),\(p.idNumber),10.00,中国工商银行,62220200000000\(pad)\n"
            let fd = open(many.path + "/五华区-" + pad + ".csv", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0)
            let bytes = Array(csv.utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
            close(fd)
        }
        print("10,000 files written in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let r = try Harden.roster(Harden.runArgs(out: "out", inputs: ["many"]), cwd: dir, timeout: 60)
        #expect(!r.timedOut, "10,000 files took over 60 s")
        // Every file is read and checked; the district's return workbook would need one sheet
        // per file, over the writer's cap of 4,096 sheets: refused in one line, nothing kept.
        #expect(r.status == 1, "\(r.status) \(r.stderr.prefix(500))")
        #expect(r.errorLines.count == 1, "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("out/returns/五华区.xlsx") && r.stderr.contains("too many sheets"), "\(r.stderr.prefix(500))")
        #expect(!r.stderr.contains(".out.tmp-"), "the message shows the temporary folder: \(r.stderr.prefix(500))")
        try Self.expectNothingLeft(dir, "10,000 files")
        print("10,000 files: exit \(r.status) in \(String(format: "%.1f", r.seconds)) s")
    }
}
