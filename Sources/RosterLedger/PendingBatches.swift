import Foundation
import GRDB

/// Where a run moves a recorded batch's outputs: from its work folder to the output folder.
public struct PendingMove: Sendable, Equatable {
    /// The folder the outputs were written into (absolute).
    public var workFolder: String
    /// The folder they are moved to (absolute).
    public var outFolder: String
    /// Creates a move.
    public init(workFolder: String, outFolder: String) {
        self.workFolder = workFolder
        self.outFolder = outFolder
    }
}

/// A batch recorded in the ledger whose outputs were not yet known to be in place.
public struct PendingBatch: Sendable, Equatable {
    /// The batch.
    public var batchId: String
    /// Its outputs' move.
    public var move: PendingMove
}

/// What ``PaymentLedger/recoverInterrupted()`` found and did for one pending batch.
public struct PendingResolution: Sendable, Equatable {
    /// What was done.
    public enum Outcome: Sendable, Equatable {
        /// The outputs are in the output folder: the record stands and is no longer pending.
        case completed
        /// The outputs never left the work folder: the record is removed (nobody in it counts
        /// as paid) and the work folder deleted.
        case abandoned
        /// Neither the outputs nor the work folder can be found: the record stands, so nobody
        /// in it is paid twice, and the user is told how to void it.
        case keptWithoutOutputs
        /// A run still going holds the batch's folder: left alone.
        case inProgress
    }
    /// The batch.
    public var batchId: String
    /// What was done.
    public var outcome: Outcome
    /// The output folder the batch was meant for.
    public var outFolder: String
    /// The work folder its outputs were written into.
    public var workFolder: String

    /// One line for the user (English; paths as recorded).
    public var message: String {
        switch outcome {
        case .completed:
            return "batch \(batchId): the run that recorded it stopped after moving its outputs into \(outFolder); the record is completed"
        case .abandoned:
            return "batch \(batchId): the run that recorded it stopped before moving its outputs into \(outFolder); the record is removed (nobody in it counts as paid) and the unfinished outputs are deleted"
        case .keptWithoutOutputs:
            return "batch \(batchId): the run that recorded it stopped, and neither its outputs (\(outFolder)) nor its work folder can be found; it stays recorded so nobody in it is paid twice; if its bank files were never used, void it with `roster ledger void \(batchId)`"
        case .inProgress:
            return "batch \(batchId) is being recorded by a run that is still going (outputs for \(outFolder))"
        }
    }
}

extension PaymentLedger {
    /// The batches marked pending, by id. A ledger made before pending marks existed (and
    /// opened read-only, so not brought up to date) has none.
    public func pendingBatches() throws -> [PendingBatch] {
        do {
            return try dbQueue.read { db in
                guard try db.tableExists("pending") else { return [] }
                return try Row.fetchAll(db, sql: "SELECT batch_id, out_folder, work_folder FROM pending ORDER BY batch_id")
                    .map { PendingBatch(batchId: $0[0], move: PendingMove(workFolder: $0[2], outFolder: $0[1])) }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Stores the manifest's SHA-256 of a pending batch (recorded while its outputs were still
    /// being written, before the manifest existed). Does nothing for a batch that is not pending.
    public func recordManifest(batchId: String, sha256: String) throws {
        do {
            try dbQueue.write { db in
                try db.execute(
                    sql: "UPDATE batches SET manifest_sha256 = ? WHERE id = ? AND id IN (SELECT batch_id FROM pending)",
                    arguments: [sha256, batchId])
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Clears the pending mark of a batch whose outputs are in place. Does nothing for a batch
    /// that is not pending.
    public func completePending(batchId: String) throws {
        do {
            try dbQueue.write { db in
                try db.execute(sql: "DELETE FROM pending WHERE batch_id = ?", arguments: [batchId])
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Removes a pending batch, its payments and its mark: its outputs never reached the output
    /// folder, so nobody in it was paid. Returns false (removing nothing) when the batch is not
    /// pending: a completed batch is only ever voided, never removed.
    @discardableResult
    public func abandonPending(batchId: String) throws -> Bool {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                var removed = false
                try db.inTransaction(.immediate) {
                    guard try db.tableExists("pending"),
                        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pending WHERE batch_id = ?)", arguments: [batchId]) == true
                    else { return .commit }
                    // The failed payments it re-issued go back to waiting; its own rows stand nowhere.
                    try PaymentStates.unmarkReissued(db, by: "p.batch_id = ?", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM standing WHERE batch_id = ?", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM payment_events WHERE payment_id IN (SELECT id FROM payments WHERE batch_id = ?)", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM payment_states WHERE payment_id IN (SELECT id FROM payments WHERE batch_id = ?)", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM payments WHERE batch_id = ?", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM batch_messages WHERE batch_id = ?", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM pending WHERE batch_id = ?", arguments: [batchId])
                    try db.execute(sql: "DELETE FROM batches WHERE id = ?", arguments: [batchId])
                    removed = true
                    return .commit
                }
                return removed
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Resolves the batches a killed run left pending: `inspect` says, from what is on disk,
    /// what became of each one's outputs (the run knows where they go); the record is then
    /// completed (outputs in place, or nowhere to be found: nobody is paid twice), removed
    /// (outputs never moved: nobody in it was paid), or left alone (a run still going).
    public func resolvePending(_ inspect: (PendingBatch) -> PendingResolution.Outcome) throws -> [PendingResolution] {
        var done: [PendingResolution] = []
        for p in try pendingBatches() {
            let outcome = inspect(p)
            switch outcome {
            case .completed, .keptWithoutOutputs:
                try completePending(batchId: p.batchId)
            case .abandoned:
                try abandonPending(batchId: p.batchId)
            case .inProgress:
                break
            }
            done.append(PendingResolution(batchId: p.batchId, outcome: outcome, outFolder: p.move.outFolder, workFolder: p.move.workFolder))
        }
        return done
    }
}
