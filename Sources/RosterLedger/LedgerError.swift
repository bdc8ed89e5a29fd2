import RosterCore

/// Why the payment ledger refused or failed. Each case prints as one line naming the ledger
/// file, what is wrong and what to do.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No ledger file where one was required.
    case missing(path: String)
    /// The file is not an SQLite database, or is another program's database.
    case notALedger(path: String, detail: String)
    /// The ledger was written by a newer roster whose schema this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The ledger was created with a different key than the one given.
    case keyMismatch(path: String)
    /// The ledger was created with a key kept outside it, and none was given.
    case keyRequired(path: String)
    /// Some people in the batch were already paid for the programme and period.
    case alreadyPaid(path: String, programmeId: String, period: String, people: [AlreadyPaidPerson])
    /// The same person appears more than once in the batch.
    case duplicateInBatch(path: String, maskedIds: [String])
    /// A batch with this id is already recorded.
    case batchExists(path: String, batchId: String, status: LedgerBatchStatus)
    /// No batch with this id.
    case unknownBatch(path: String, batchId: String)
    /// The batch was already voided.
    case alreadyVoided(path: String, batchId: String, date: String)
    /// A field of the batch or the request is unusable.
    case invalid(path: String, field: String, reason: String)
    /// The batch would take the programme over its budget.
    case overBudget(path: String, programmeId: String, period: String, budget: Money, earlier: Money, batch: Money)
    /// No payment in the batch for that person, or none that still holds them.
    case unknownPayment(path: String, batchId: String, maskedId: String, detail: String)
    /// Another roster run held the ledger for longer than the wait allows.
    case busy(path: String)
    /// The file or folder cannot be written.
    case readOnly(path: String)
    /// Some other SQLite failure.
    case database(path: String, detail: String)

    /// A person named in an ``alreadyPaid(path:programmeId:period:people:)`` error.
    public struct AlreadyPaidPerson: Sendable, Equatable {
        /// The masked identity number.
        public var maskedId: String
        /// The committed batch that paid them.
        public var batchId: String
    }

    /// The ledger file the error is about.
    public var path: String {
        switch self {
        case .missing(let p), .notALedger(let p, _), .newerSchema(let p, _), .keyMismatch(let p),
            .keyRequired(let p), .alreadyPaid(let p, _, _, _), .duplicateInBatch(let p, _),
            .batchExists(let p, _, _), .unknownBatch(let p, _), .alreadyVoided(let p, _, _),
            .invalid(let p, _, _), .overBudget(let p, _, _, _, _, _), .unknownPayment(let p, _, _, _), .busy(let p), .readOnly(let p), .database(let p, _):
            return p
        }
    }

    /// One line: the ledger file, what is wrong and what to do.
    public var description: String {
        let head = "ledger \(path): "
        switch self {
        case .missing:
            return head + "no such ledger; pass --ledger FILE naming an existing ledger (roster run creates one)"
        case .notALedger(_, let detail):
            return head
                + "not a roster payment ledger (\(detail)); pass --ledger FILE naming the right ledger, or restore it from a backup"
        case .newerSchema(_, let unknown):
            return head
                + "written by a newer roster (unknown schema steps: \(unknown.joined(separator: ", "))); use that newer roster"
        case .keyMismatch:
            return head
                + "the ledger key given differs from the one this ledger was created with; give the same --ledger-key-file or ROSTER_LEDGER_KEY"
        case .keyRequired:
            return head
                + "this ledger was created with a key kept outside it; give it with --ledger-key-file FILE or ROSTER_LEDGER_KEY"
        case .alreadyPaid(_, let programme, let period, let people):
            let shown = people.prefix(10).map { "\($0.maskedId) (batch \($0.batchId))" }.joined(separator: ", ")
            let more = people.count > 10 ? " and \(people.count - 10) more" : ""
            return head
                + "\(people.count) already paid for programme \(programme) period \(period): \(shown)\(more); remove them from the batch, or void the earlier batch with `roster ledger void`"
        case .duplicateInBatch(_, let ids):
            let shown = ids.prefix(10).joined(separator: ", ")
            let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
            return head
                + "the batch pays \(ids.count) people more than once: \(shown)\(more); de-duplicate the batch before recording it"
        case .batchExists(_, let id, let status):
            return head
                + "batch \(id) is already recorded (\(status.rawValue)); a batch is recorded once, so record it under a new id"
        case .unknownBatch(_, let id):
            return head + "no batch \(id); see `roster ledger list` for the batch ids"
        case .alreadyVoided(_, let id, let date):
            return head + "batch \(id) was already voided on \(date); nothing to do"
        case .invalid(_, let field, let reason):
            return head + "\(field): \(reason)"
        case .overBudget(_, let programme, let period, let budget, let earlier, let batch):
            let excess = Money(fen: earlier.fen + batch.fen - budget.fen)
            return head
                + "programme \(programme) period \(period) has a budget of \(budget.groupedString) yuan; earlier batches committed \(earlier.groupedString) yuan and this batch pays \(batch.groupedString) yuan, \(excess.groupedString) yuan over; nothing was recorded. Raise the budget in the programme or pay fewer people"
        case .unknownPayment(_, let batch, let masked, let detail):
            return head + "batch \(batch) has no payment to \(masked) \(detail); see `roster ledger show \(batch)`"
        case .busy:
            return head + "locked by another roster run for too long; try again when it has finished"
        case .readOnly:
            return head
                + "cannot open or write the ledger; check that its folder exists and the permissions of the file and folder"
        case .database(_, let detail):
            return head + "SQLite error: \(detail); check the disk and the file, or restore the ledger from a backup"
        }
    }
}
