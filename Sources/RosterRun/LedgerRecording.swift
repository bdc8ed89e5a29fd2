import Foundation
import RosterCore
import RosterLedger
import Spreadsheet

/// The batch's ledger record, made on its own thread while the outputs are written: the
/// payments go in marked pending (so a concurrent run cannot pay the same people), and the
/// commit stage then only adds the manifest's hash, moves the folder into place and clears the
/// mark. A run that fails or is killed before the move leaves a pending record that is removed
/// (``abandon(after:folder:_:)`` now, or the next opening of the ledger), never a record
/// without its outputs.
final class LedgerRecording: Sendable {
    private let record: Background<Result<PaymentLedger, RunError>>
    let batchId: String

    /// Starts recording `batch` for outputs in `folder`'s work folder.
    init(_ batch: consuming LedgerBatch, folder: OutputFolder, _ c: RunConfiguration) {
        batchId = batch.id
        let move = PendingMove(workFolder: folder.work, outFolder: folder.target)
        let (existing, path, key) = (c.existingLedger, c.ledgerPath, c.ledgerKey)
        record = Background(name: "roster-ledger") { [batch] in
            Result { () throws(RunError) -> PaymentLedger in
                do {
                    if existing == nil { try Folders.createParent(of: path) }
                    let ledger = try existing ?? PaymentLedger(path: path, key: key)
                    try ledger.record(batch: batch, moving: move)
                    return ledger
                } catch {
                    if let e = error as? RunError { throw e }
                    // A concurrent run took the rest of the budget: the books' refusal (exit 3).
                    if case .overBudget? = error as? LedgerError { throw RunError(.reconciliation, "\(error)") }
                    throw RunError(.ledger, "\(error)")
                }
            }
        }
    }

    /// Waits for the record: the ledger holding it, or why it could not be made.
    func wait() throws(RunError) -> PaymentLedger { try record.value().get() }

    /// After `error` stopped the run before the move: removes the pending record, if it was
    /// made, and throws `error`. If the record cannot be removed, the work folder stays so the
    /// next opening of the ledger removes it, and the error says so.
    func abandon(after error: RunError, folder: OutputFolder, _ c: RunConfiguration) -> RunError {
        guard let ledger = try? wait() else { return error }
        do {
            try ledger.abandonPending(batchId: batchId)
            return error
        } catch let ledgerError {
            folder.keepWork = true
            var e = error
            e.message += "; batch \(batchId) stays marked pending in \(c.ledgerShown) until the next run, which removes it (\(ledgerError))"
            return e
        }
    }
}
