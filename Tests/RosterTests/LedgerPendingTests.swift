import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Pending batches: recorded before their outputs are moved into place, resolved from what is
/// on disk when a run was killed in between.
@Suite struct LedgerPendingTests {
    /// A ledger in a fresh folder, with a work folder and an output folder path beside it.
    struct Place {
        let dir: URL
        let ledger: PaymentLedger
        var work: String { dir.appendingPathComponent(".out.tmp-abcdef").path }
        var out: String { dir.appendingPathComponent("out").path }
        var move: PendingMove { PendingMove(workFolder: work, outFolder: out) }

        init() throws {
            dir = try LedgerFixture.folder()
            ledger = try PaymentLedger(path: dir.appendingPathComponent("l.sqlite").path, key: nil)
        }

        /// Writes a folder holding a manifest that names `batchId`.
        func folder(_ path: String, batchId: String) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data(#"{"batchId":"\#(batchId)"}"#.utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"))
        }

        /// Records the three people's batch, marked pending with this place's move.
        func recordPending() throws -> LedgerBatch {
            let batch = LedgerFixture.batch(LedgerPendingTests.people)
            try ledger.record(batch: batch, moving: move)
            return batch
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static let people = (1...3).map { LedgerFixture.id($0) }

    @Test func aPendingBatchBlocksItsPeopleAndIsClearedOnceInPlace() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        #expect(try p.ledger.pendingBatches() == [PendingBatch(batchId: batch.id, move: p.move)])
        // Pending counts as paid: a concurrent run cannot pay the same people.
        #expect(try p.ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: Self.people) == Set(Self.people))
        try p.ledger.completePending(batchId: batch.id)
        #expect(try p.ledger.pendingBatches().isEmpty)
        #expect(try p.ledger.list().map(\.id) == [batch.id])
        // A completed batch is never removed, only voided.
        #expect(try p.ledger.abandonPending(batchId: batch.id) == false)
        #expect(try p.ledger.list().map(\.id) == [batch.id])
    }

    @Test func abandoningRemovesTheBatchAndItsPaymentsSoTheyCanBePaid() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        #expect(try p.ledger.abandonPending(batchId: batch.id))
        #expect(try p.ledger.list().isEmpty)
        #expect(try p.ledger.pendingBatches().isEmpty)
        #expect(try p.ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: Self.people).isEmpty)
        // The same batch records again under the same id.
        #expect(try p.ledger.availableBatchId(for: batch) == batch.id)
        try p.ledger.record(batch: batch)
        #expect(try p.ledger.list().map(\.id) == [batch.id])
    }

    @Test func recoveryCompletesABatchWhoseOutputsAreInPlace() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        try p.folder(p.out, batchId: batch.id)
        let r = try PaymentRun.settleInterrupted(in: p.ledger)
        #expect(r.map(\.outcome) == [.completed])
        #expect(r.first?.message.contains("after moving its outputs into \(p.out)") == true)
        #expect(try p.ledger.pendingBatches().isEmpty)
        #expect(try p.ledger.list().map(\.id) == [batch.id])
        #expect(FileManager.default.fileExists(atPath: p.out + "/manifest.json"))
    }

    @Test func recoveryRemovesABatchWhoseOutputsNeverMovedAndDeletesThem() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        try p.folder(p.work, batchId: batch.id)
        // The output folder holds an older batch (the one --force was replacing): not this one.
        try p.folder(p.out, batchId: "20240101-000000000000")
        let r = try PaymentRun.settleInterrupted(in: p.ledger)
        #expect(r.map(\.outcome) == [.abandoned])
        #expect(try p.ledger.list().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: p.work))
        #expect(RunManifest.batchId(inFolder: p.out) == "20240101-000000000000")
        #expect(try PaymentRun.settleInterrupted(in: p.ledger).isEmpty)
    }

    @Test func recoveryKeepsABatchWhoseFoldersAreBothGoneAndSaysHowToVoidIt() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        let r = try PaymentRun.settleInterrupted(in: p.ledger)
        #expect(r.map(\.outcome) == [.keptWithoutOutputs])
        #expect(r.first?.message.contains("roster ledger void \(batch.id)") == true)
        #expect(try p.ledger.list().map(\.id) == [batch.id])
        #expect(try p.ledger.pendingBatches().isEmpty)
    }

    @Test func recoveryLeavesABatchAloneWhileItsRunHoldsTheFolder() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = try p.recordPending()
        try p.folder(p.work, batchId: batch.id)
        let lock = try #require(FolderLock(p.work))
        #expect(FolderLock(p.work) == nil, "a second lock on a held folder")
        #expect(FolderLock.isHeld(p.work))
        #expect(try PaymentRun.settleInterrupted(in: p.ledger).map(\.outcome) == [.inProgress])
        #expect(FileManager.default.fileExists(atPath: p.work))
        // The lock follows the folder when it is renamed into place.
        #expect(rename(p.work, p.out) == 0)
        #expect(FolderLock.isHeld(p.out))
        #expect(try PaymentRun.settleInterrupted(in: p.ledger).map(\.outcome) == [.inProgress])
        #expect(try p.ledger.pendingBatches().count == 1)
        lock.release()
        #expect(!FolderLock.isHeld(p.out))
        #expect(try PaymentRun.settleInterrupted(in: p.ledger).map(\.outcome) == [.completed])
    }

    @Test func aLedgerMadeBeforePendingMarksIsBroughtUpToDate() throws {
        let p = try Place()
        defer { p.remove() }
        let batch = LedgerFixture.batch(Self.people)
        try p.ledger.record(batch: batch)
        let path = p.ledger.path
        // Undo migration v2: the ledger as the first version of roster left it.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sqlite3; c = sqlite3.connect('\(path)'); c.execute('DROP TABLE pending'); c.execute(\"DELETE FROM grdb_migrations WHERE identifier = 'v2'\"); c.commit()",
        ]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
        let reopened = try PaymentLedger(path: path, key: nil)
        #expect(try reopened.pendingBatches().isEmpty)
        #expect(try reopened.list().map(\.id) == [batch.id])
        let second = LedgerFixture.batch([LedgerFixture.id(9)])
        try reopened.record(batch: second, moving: p.move)
        #expect(try reopened.pendingBatches().map(\.batchId) == [second.id])
    }
}
