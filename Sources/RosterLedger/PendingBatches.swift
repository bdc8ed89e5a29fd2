import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
import RosterCore
#endif

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
                    try db.execute(sql: "DELETE FROM payments WHERE batch_id = ?", arguments: [batchId])
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

    /// Resolves the batches a killed run left pending. A run holds an exclusive lock on its work
    /// folder (which becomes the output folder) from creating it until it ends, so a pending
    /// batch whose folder is locked belongs to a run still going and is left alone. Otherwise:
    /// outputs in the output folder (its manifest names the batch) complete the record; a work
    /// folder still there means the move never happened, so the record is removed and the
    /// folder deleted; neither keeps the record (the safe side: nobody is paid twice).
    public func recoverInterrupted() throws -> [PendingResolution] {
        var done: [PendingResolution] = []
        for p in try pendingBatches() {
            let work = p.move.workFolder
            let out = p.move.outFolder
            var outcome: PendingResolution.Outcome
            // Checked out / work / out again: a live run's rename between the first two checks
            // is seen by the third.
            if Self.manifestBatchId(inFolder: out) == p.batchId {
                outcome = FolderLock.isHeld(out) ? .inProgress : .completed
            } else if FileManager.default.fileExists(atPath: work) {
                outcome = FolderLock.isHeld(work) ? .inProgress : .abandoned
            } else if Self.manifestBatchId(inFolder: out) == p.batchId {
                outcome = FolderLock.isHeld(out) ? .inProgress : .completed
            } else {
                outcome = .keptWithoutOutputs
            }
            switch outcome {
            case .completed, .keptWithoutOutputs:
                try completePending(batchId: p.batchId)
            case .abandoned:
                if try abandonPending(batchId: p.batchId) {
                    try? FileManager.default.removeItem(atPath: work)
                }
            case .inProgress:
                break
            }
            done.append(PendingResolution(batchId: p.batchId, outcome: outcome, outFolder: out))
        }
        return done
    }

    /// The `batchId` that `folder/manifest.json` names, or nil when there is none to read.
    public static func manifestBatchId(inFolder folder: String) -> String? {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let id = obj["batchId"] as? String, !id.isEmpty
        else { return nil }
        return id
    }
}

/// An exclusive advisory lock (`flock`) on a folder, held until released or the process ends
/// (a killed process's locks go with it). A run holds one on its work folder; the lock stays
/// with the folder when it is renamed into place.
public final class FolderLock: @unchecked Sendable {
    private var fd: Int32

    /// Locks `path` (a folder), or returns nil when it cannot be opened or is locked already.
    public init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    /// Releases the lock now (also done on deinit).
    public func release() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    deinit { release() }

    /// Whether another open holds a lock on `path` (a folder that cannot be opened is not held).
    public static func isHeld(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return false }
        return errno == EWOULDBLOCK
    }
}
