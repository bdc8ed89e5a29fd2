import Foundation
import GRDB
import Crypto
import RosterCore

/// A payment as a bank's answer is matched against it: no clear identity, account or name,
/// only their masked forms and keyed hashes.
public struct IssuedPayment: Sendable, Hashable {
    public var id: Int64
    public var batchId: String
    public var sequence: Int?
    public var endToEndId: String?
    public var accountKey: [UInt8]?
    public var nameKey: [UInt8]?
    public var amount: Money
    public var state: PaymentState
    public var district: String
    public var maskedId: String
    public var maskedAccount: String?
    public var programmeId: String
    public var period: String
    /// When the state last changed, and why.
    public var stateDate: String?
    public var stateReason: String?
}

/// Keyed hashes of account numbers and names, made without going back to the ledger.
public struct MatchKeyer {
    let keyed: KeyedHash
    /// The keyed hashes of an account number and a name.
    public func keys(account: String?, name: String?) -> (account: [UInt8]?, name: [UInt8]?) {
        (account.map { LedgerKey.matchKey(keyed, role: .account, $0) }, name.map { LedgerKey.matchKey(keyed, role: .name, $0) })
    }
}

/// A recorded batch as a bank's answer needs it.
public struct BatchFacts: Sendable, Hashable {
    public var id: String
    public var programmeId: String
    public var period: String
    public var created: String
    public var status: LedgerBatchStatus
    public var payerAccount: String?
    /// What the batch's bank files paid.
    public var count: Int
    public var total: Money
}

/// One change a bank's answer makes.
public struct PaymentChange: Sendable, Hashable {
    public var paymentId: Int64
    /// The payment's programme, period, batch, district and amount (where it stands).
    public var programmeId: String
    public var period: String
    public var batchId: String
    public var district: String
    public var amount: Money
    /// The state the match was made against: if another answer changed it since, the change is
    /// not made and is reported.
    public var from: PaymentState
    public var to: PaymentState
    public var code: String?
    public var reason: String?
    public init(payment p: IssuedPayment, to: PaymentState, code: String?, reason: String?) {
        self.paymentId = p.id
        self.programmeId = p.programmeId
        self.period = p.period
        self.batchId = p.batchId
        self.district = p.district
        self.amount = p.amount
        self.from = p.state
        self.to = to
        self.code = code
        self.reason = reason
    }

    public init(
        paymentId: Int64, programmeId: String, period: String, batchId: String, district: String, amount: Money, from: PaymentState,
        to: PaymentState, code: String?, reason: String?
    ) {
        self.paymentId = paymentId
        self.programmeId = programmeId
        self.period = period
        self.batchId = batchId
        self.district = district
        self.amount = amount
        self.from = from
        self.to = to
        self.code = code
        self.reason = reason
    }
}

/// What applying an answer did.
public struct AppliedAnswer: Sendable, Hashable {
    /// When the same file (by content) was applied before, and under what name: then nothing changed.
    public struct Before: Sendable, Hashable {
        public var date: String
        public var name: String
    }
    /// Set when the same file was applied before.
    public var appliedBefore: Before?
    /// Changes made.
    /// How many payments it changed.
    public var changed = 0
    /// Changes not made: another answer had changed the payment since (id → its state now).
    public var stale: [Int64: PaymentState] = [:]
    public init() {}
}

extension PaymentLedger {
    /// The batch that issued the pain.001 message `messageId`, if any.
    public func batchId(forMessage messageId: String) throws -> String? {
        try batchId(from: "batch_messages m", column: "m.message_id", messageId)
    }

    /// The batch that issued the pain.001 payment group `paymentInformationId`, if any.
    public func batchId(forPaymentInformation id: String) throws -> String? {
        try batchId(from: "batch_messages m", column: "m.payment_information_id", id)
    }

    /// The batch of the payment with EndToEndId `endToEndId`, if any.
    public func batchId(forEndToEnd endToEndId: String) throws -> String? {
        try batchId(from: "payments m", column: "m.end_to_end_id", endToEndId)
    }

    /// The batch whose `table` row (aliased `m`, with a `batch_id`) has `column` = `value`;
    /// a standing batch before a voided one, then the newest.
    private func batchId(from table: String, column: String, _ value: String) throws -> String? {
        try readLedger { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT m.batch_id FROM \(table) JOIN batches b ON b.id = m.batch_id WHERE \(column) = ?
                    ORDER BY b.status = 'committed' DESC, b.created DESC, b.rowid DESC LIMIT 1
                    """,
                arguments: [value])
        }
    }

    /// The batches with payments still awaiting the bank, oldest first.
    public func batchesAwaitingBank() throws -> [String] {
        try readLedger { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT b.id FROM batches b WHERE b.status = 'committed'
                      AND EXISTS (SELECT 1 FROM standing s WHERE s.batch_id = b.id AND s.state = 'issued' AND s.people > 0)
                    ORDER BY b.created, b.id
                    """)
        }
    }

    /// A batch's facts, or nil when there is no such batch.
    public func batchFacts(_ id: String) throws -> BatchFacts? {
        try readLedger { db in
            guard
                let r = try Row.fetchOne(
                    db, sql: "SELECT id, programme_id, period, created, status, payer_account, payment_count, total_fen FROM batches WHERE id = ?",
                    arguments: [id])
            else { return nil }
            return BatchFacts(
                id: r[0], programmeId: r[1], period: r[2], created: r[3], status: LedgerBatchStatus(rawValue: r[4]) ?? .committed,
                payerAccount: r[5], count: r[6], total: Money(fen: r[7]))
        }
    }

    /// A batch's payments and yuan by state.
    public func stateTotals(batchId: String) throws -> [PaymentState: PaymentTotals] {
        try readLedger { db in
            var out: [PaymentState: PaymentTotals] = [:]
            for r in try Row.fetchAll(
                db,
                sql: "SELECT state, sum(people), sum(fen) FROM standing WHERE batch_id = ? GROUP BY state HAVING sum(people) > 0",
                arguments: [batchId])
            {
                if let s = PaymentState(rawValue: r[0]) { out[s] = PaymentTotals(count: r[1], amount: Money(fen: r[2])) }
            }
            return out
        }
    }

    /// Every payment of a batch (or only those in `states`), in bank-file order (序号).
    public func issuedPayments(batchId: String, states: [PaymentState]? = nil) throws -> [IssuedPayment] {
        try readLedger { db in
            let only = states.map { s in " AND state IN (" + s.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")" } ?? ""
            // Read with SQLite's own calls, the few distinct districts and dates made into
            // strings once: a batch of 94,000 payments is read in a tenth of the time of rows.
            let read = try ColumnReader(
                db,
                sql: """
                    SELECT id, seq, end_to_end_id, account_key, name_key, amount_fen, state, district, masked_id, masked_account,
                           state_date, state_reason, programme_id, period
                    FROM payment_view WHERE batch_id = ?\(only) ORDER BY seq, id
                    """,
                arguments: [batchId])
            var out: [IssuedPayment] = []
            while try read.step() {
                out.append(
                    IssuedPayment(
                        id: read.int(0)!, batchId: batchId, sequence: read.int(1).map(Int.init), endToEndId: read.text(2),
                        accountKey: read.blob(3), nameKey: read.blob(4), amount: Money(fen: read.int(5) ?? 0),
                        state: PaymentState(rawValue: read.shared(6) ?? "") ?? .issued, district: read.shared(7) ?? "",
                        maskedId: read.text(8) ?? "", maskedAccount: read.text(9), programmeId: read.shared(12) ?? "",
                        period: read.shared(13) ?? "", stateDate: read.shared(10), stateReason: read.shared(11)))
            }
            return out
        }
    }

    /// What makes the keyed hashes of account numbers and names, as stored with each payment
    /// (nil for a ledger without a key yet: it has paid nobody).
    public func matchKeyer() throws -> MatchKeyer? {
        try readLedger { db in try key(db, create: false).map { MatchKeyer(keyed: $0.keyedState()) } }
    }

    /// Applies a bank's answer in one transaction: each change is made only if the payment is
    /// still in the state it was matched in (else it is reported as stale), with its event and
    /// the budget; the file is recorded by its SHA-256, and the same file again changes nothing.
    public func apply(
        sha256: String, name: String, format: String, date: String, source: String, changes: [PaymentChange]
    ) throws -> AppliedAnswer {
        guard Self.isDate(date) else {
            throw LedgerError.invalid(path: path, field: "result date", reason: "'\(date)' is not a date YYYY-MM-DD; give --date")
        }
        do {
            return try dbQueue.writeWithoutTransaction { db in
                // A whole batch's rows are touched: a cache that holds them saves a read per row.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = -4096") }
                var out = AppliedAnswer()
                try db.inTransaction(.immediate) {
                    if let r = try Row.fetchOne(db, sql: "SELECT date, name FROM results_applied WHERE sha256 = ?", arguments: [sha256]) {
                        out.appliedBefore = AppliedAnswer.Before(date: r[0], name: r[1])
                        return .commit
                    }
                    var changer = try PaymentStates.Changer(db, date: date, source: source)
                    // In row order, so the pages are visited once each, in order.
                    for c in changes.sorted(by: { $0.paymentId < $1.paymentId }) where c.from.accepts(c.to) {
                        let bucket = LedgerSchema.Bucket(
                            programmeId: c.programmeId, period: c.period, batchId: c.batchId, district: c.district, state: c.from)
                        let done = try changer.change(id: c.paymentId, bucket: bucket, to: c.to, code: c.code, reason: c.reason, fen: c.amount.fen)
                        if done {
                            out.changed += 1
                        } else {
                            // Another answer moved it since it was matched: say what it is now.
                            let now = try String.fetchOne(db, sql: "SELECT state FROM payment_view WHERE id = ?", arguments: [c.paymentId])
                            out.stale[c.paymentId] = now.flatMap(PaymentState.init(rawValue:)) ?? c.from
                        }
                    }
                    try changer.finish()
                    try db.execute(
                        sql: "INSERT INTO results_applied (sha256, name, format, date, changed) VALUES (?, ?, ?, ?, ?)",
                        arguments: [sha256, name, format, date, out.changed])
                    return .commit
                }
                return out
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    func readLedger<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
