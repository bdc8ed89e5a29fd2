import Foundation
import GRDB
import RosterCore

/// How payments change state inside the ledger's transactions: voiding, the budget across
/// batches, and the failed payments a new batch re-issues. Every change is kept in
/// `payment_events` and in where the payments stand (`standing`: the budget, the status).
enum PaymentStates {
    /// Refuses a batch that would take its programme and period over the budget: every issued
    /// or confirmed payment of all its batches counts (O(1): the kept total, not a sum).
    static func checkBudget(_ db: Database, _ batch: LedgerBatch, path: String) throws {
        guard let budget = batch.budget else { return }
        let earlier = try LedgerSchema.committed(db, programmeId: batch.programmeId, period: batch.period)
        if earlier.fen + batch.total.fen > budget.fen {
            throw LedgerError.overBudget(
                path: path, programmeId: batch.programmeId, period: batch.period, budget: budget,
                earlier: Money(fen: earlier.fen), batch: batch.total)
        }
    }

    /// Changes every payment matching `sql` that is still only issued to voided, with an event
    /// each and the budget freed. (A payment the bank confirmed is never voided: that would let
    /// its person be paid twice.)
    static func voidHolding(
        _ db: Database, sql condition: String, arguments: StatementArguments, date: String, reason: String, source: String
    ) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, state, programme_id, period, amount_fen, batch_id, district FROM payment_view
                WHERE (\(condition)) AND state = 'issued'
                """,
            arguments: arguments)
        var changer = try Changer(db, date: date, source: source)
        var voided: [Int64] = []
        for r in rows {
            let from = PaymentState(rawValue: r[1])!
            let bucket = LedgerSchema.Bucket(programmeId: r[2], period: r[3], batchId: r[5], district: r[6], state: from)
            if try changer.change(id: r[0], bucket: bucket, to: .voided, code: nil, reason: reason, fen: r[4]) { voided.append(r[0]) }
        }
        try changer.finish()
        // A voided re-issue never paid: the payment it re-issued waits to be paid again.
        for chunk in stride(from: 0, to: voided.count, by: 500) {
            let ids = Array(voided[chunk..<min(chunk + 500, voided.count)])
            try unmarkReissued(
                db, by: "p.id IN (" + Array(repeating: "?", count: ids.count).joined(separator: ",") + ")", arguments: StatementArguments(ids))
        }
    }

    /// The failed or returned payments that the payments matching `condition` (on `p`) re-issued
    /// go back to waiting to be paid again: those payments were removed or voided.
    static func unmarkReissued(_ db: Database, by condition: String, arguments: StatementArguments) throws {
        var deltas: [LedgerSchema.Bucket: (people: Int, fen: Int64)] = [:]
        for r in try Row.fetchAll(
            db,
            sql: """
                SELECT o.programme_id, o.period, o.batch_id, o.district, o.state, o.amount_fen
                FROM payments p JOIN payment_view o ON o.id = p.reissue_of WHERE \(condition)
                """,
            arguments: arguments)
        {
            guard let state = PaymentState(rawValue: r[4]) else { continue }
            var b = LedgerSchema.Bucket(programmeId: r[0], period: r[1], batchId: r[2], district: r[3], state: state, reissued: true)
            let fen: Int64 = r[5]
            deltas[b, default: (0, 0)].people -= 1
            deltas[b, default: (0, 0)].fen -= fen
            b.reissued = false
            deltas[b, default: (0, 0)].people += 1
            deltas[b, default: (0, 0)].fen += fen
        }
        try LedgerSchema.add(db, deltas)
    }

    /// Changes payments' states inside the caller's transaction: each row only if it is still
    /// in the state it was seen in, with its event; where the payments stand (`standing`) is
    /// adjusted once at the end (`finish`). Statements are prepared once and bound with
    /// SQLite's own calls, so a 100,000-line bank answer costs two statement runs a payment.
    struct Changer {
        let db: Database
        /// From issued (no state row yet): adds the row, or nothing when one appeared meanwhile.
        let first: BoundStatement
        /// From any other state: changes the row only if it is still in that state.
        let update: BoundStatement
        /// A payment that stops paying its person frees them.
        let release: BoundStatement
        let event: BoundStatement
        var deltas: [LedgerSchema.Bucket: (people: Int, fen: Int64)] = [:]

        init(_ db: Database, date: String, source: String) throws {
            self.db = db
            first = try BoundStatement(
                db, sql: "INSERT INTO payment_states (payment_id, state, date, reason) VALUES (?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING")
            update = try BoundStatement(db, sql: "UPDATE payment_states SET state = ?, date = ?, reason = ? WHERE payment_id = ? AND state = ?")
            release = try BoundStatement(db, sql: "UPDATE payments SET holds = NULL WHERE id = ?")
            try first.text(3, date)
            event = try BoundStatement(
                db,
                sql: """
                    INSERT INTO payment_events (payment_id, from_state, to_state, date, reason_code, reason, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            try update.text(2, date)
            try event.text(4, date)
            try event.text(7, source)
        }

        /// Moves payment `id` (in `bucket`, whose state is where it is now) to `to`; false
        /// (nothing done) when it is no longer in that state.
        mutating func change(id: Int64, bucket: LedgerSchema.Bucket, to: PaymentState, code: String?, reason: String?, fen: Int64) throws -> Bool {
            let from = bucket.state
            if from == .issued {
                try first.int(1, id)
                try first.text(2, to.rawValue)
                try first.text(4, reason ?? code)
                try first.run()
                guard first.changes == 1 else { return false }
            } else {
                try update.text(1, to.rawValue)
                try update.text(3, reason ?? code)
                try update.int(4, id)
                try update.text(5, from.rawValue)
                try update.run()
                guard update.changes == 1 else { return false }
            }
            if from.holdsPerson && !to.holdsPerson {
                try release.int(1, id)
                try release.run()
            }
            try event.int(1, id)
            try event.text(2, from.rawValue)
            try event.text(3, to.rawValue)
            try event.text(5, code)
            try event.text(6, reason)
            try event.run()
            var next = bucket
            next.state = to
            deltas[bucket, default: (0, 0)].people -= 1
            deltas[bucket, default: (0, 0)].fen -= fen
            deltas[next, default: (0, 0)].people += 1
            deltas[next, default: (0, 0)].fen += fen
            return true
        }

        /// Writes where the changed payments now stand.
        func finish() throws { try LedgerSchema.add(db, deltas) }
    }

    /// A failed or returned payment a new payment re-issues.
    struct Reissued {
        var id: Int64
        var bucket: LedgerSchema.Bucket
        var fen: Int64
    }

    /// For each person of a new batch (by index of `personKeys`), the latest failed or returned
    /// payment of theirs for the programme and period that no later payment re-issues.
    static func failedPaymentIds(
        _ db: Database, programmeId: String, period: String, personKeys: PersonKeys
    ) throws -> [Int: Reissued] {
        let any = try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM payments p JOIN payment_states s ON s.payment_id = p.id
                               WHERE p.holds IS NULL AND p.programme_id = ? AND p.period = ? AND s.state IN ('failed', 'returned'))
                """,
            arguments: [programmeId, period]) ?? false
        guard any else { return [:] }
        var index: [String: Int] = [:]
        for i in 0..<personKeys.count { index[personKeys.hex(i)] = i }
        var found: [Int: Reissued] = [:]
        for chunk in stride(from: 0, to: personKeys.count, by: 500) {
            let keys = (chunk..<min(chunk + 500, personKeys.count)).map(personKeys.hex)
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.person_key, p.id, p.batch_id, p.district, s.state, p.amount_fen
                    FROM payments p JOIN payment_states s ON s.payment_id = p.id
                    WHERE p.holds IS NULL AND s.state IN ('failed', 'returned') AND p.programme_id = ? AND p.period = ?
                      AND p.person_key IN (\(marks))
                      AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reissue_of = p.id AND r.holds = 1)
                    ORDER BY p.id
                    """,
                arguments: StatementArguments([programmeId, period] + keys))
            for r in rows {
                guard let i = index[r[0]], let state = PaymentState(rawValue: r[4]) else { continue }
                found[i] = Reissued(
                    id: r[1], bucket: LedgerSchema.Bucket(programmeId: programmeId, period: period, batchId: r[2], district: r[3], state: state),
                    fen: r[5])
            }
        }
        return found
    }
}

extension PaymentLedger {
    /// The failed or returned payments, not yet re-issued, of the people among `payments` for
    /// the programme and period, keyed by identity number: a run warns when a person is sent
    /// again to the account that failed.
    public func failedPayments(programmeId: String, period: String, payments: [LedgerPayment]) throws -> [String: FailedPayment] {
        do {
            return try dbQueue.read { db in
                guard let key = try key(db, create: false) else { return [:] }
                let ids = payments.map(\.idNumber)
                let keys = key.personKeyDigests(ids)
                let failed = try PaymentStates.failedPaymentIds(db, programmeId: programmeId, period: period, personKeys: keys).mapValues(\.id)
                let keyed = key.keyedState()
                var out: [String: FailedPayment] = [:]
                for (i, id) in failed {
                    guard
                        let r = try Row.fetchOne(
                            db, sql: "SELECT batch_id, state, state_date, state_reason, masked_account, account_key FROM payment_view WHERE id = ?",
                            arguments: [id])
                    else { continue }
                    let stored: Data? = r[5]
                    let same = payments[i].account.map { stored == Data(LedgerKey.matchKey(keyed, role: .account, $0)) } ?? false
                    out[ids[i]] = FailedPayment(
                        batchId: r[0], state: PaymentState(rawValue: r[1]) ?? .failed, date: r[2], reason: r[3] ?? "",
                        maskedAccount: r[4], sameAccount: same)
                }
                return out
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// What a programme and period hold against the budget: issued and confirmed payments.
    public func committed(programmeId: String, period: String) throws -> PaymentTotals {
        do {
            return try dbQueue.read { db in
                guard try db.tableExists("standing") else { return PaymentTotals() }
                let c = try LedgerSchema.committed(db, programmeId: programmeId, period: period)
                return PaymentTotals(count: c.people, amount: Money(fen: c.fen))
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Voids one person's payment in a batch (matched by the keyed hash of `idNumber`): the
    /// person may be paid again, and nobody else in the batch. The reason and date are kept.
    public func void(batchId: String, idNumber: String, reason: String, date: String) throws {
        let reason = try voidReason(reason, date: date, of: "the payment")
        let id = LedgerBatch.normalise(idNumber)
        do {
            try dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM batches WHERE id = ?)", arguments: [batchId]) == true
                    else { throw LedgerError.unknownBatch(path: path, batchId: batchId) }
                    guard let key = try key(db, create: false) else {
                        throw LedgerError.unknownPayment(path: path, batchId: batchId, maskedId: Mask.identity(id), detail: "(the ledger has no key yet)")
                    }
                    let personKey = key.personKey(id)
                    guard
                        let state = try String.fetchOne(
                            db, sql: "SELECT state FROM payment_view WHERE batch_id = ? AND person_key = ?", arguments: [batchId, personKey])
                    else { throw LedgerError.unknownPayment(path: path, batchId: batchId, maskedId: Mask.identity(id), detail: "") }
                    guard state == PaymentState.issued.rawValue else {
                        throw LedgerError.unknownPayment(
                            path: path, batchId: batchId, maskedId: Mask.identity(id),
                            detail: state == PaymentState.confirmed.rawValue
                                ? "that the bank has not yet answered (the bank confirmed this one as paid, so voiding it would let the person be paid twice)"
                                : "that still counts as paid (it is \(state)); nothing to void")
                    }
                    try PaymentStates.voidHolding(
                        db, sql: "batch_id = ? AND person_key = ?", arguments: [batchId, personKey], date: date, reason: reason,
                        source: "void \(batchId) person")
                    return .commit
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
