import Foundation
import GRDB
import RosterCore

/// The bulk insert of a batch's payment rows: one prepared statement whose values are bound
/// with SQLite's own calls (``BoundStatement``). GRDB's argument arrays cost more than SQLite
/// itself at this size (0.6 s of 0.8 s for 94,000 rows).
enum PaymentRows {
    /// Inserts one row per payment of `batch` (`personKeys` in the same order), committed.
    /// Rows go in person-key order, so the unique index grows at its end instead of at random
    /// pages. Must run inside the caller's write transaction.
    /// `reissues` maps a payment's index to the failed or returned payment it re-issues.
    static func insert(
        _ batch: LedgerBatch, personKeys: PersonKeys, key: LedgerKey, reissues: [Int: PaymentStates.Reissued], into db: Database
    ) throws {
        let insert = try BoundStatement(
            db,
            sql: """
                INSERT INTO payments (batch_id, programme_id, period, person_key, masked_id, amount_fen, district,
                                      seq, end_to_end_id, account_key, masked_account, name_key, holds, reissue_of, honour)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """)
        let order = (0..<personKeys.count).sorted(by: personKeys.less)
        try insert.text(1, batch.id)
        try insert.text(2, batch.programmeId)
        try insert.text(3, batch.period)
        let keyed = key.keyedState()
        // Each payment is read in place (a copy would retain and release its every string).
        try batch.payments.withUnsafeBufferPointer { payments in
            for i in order {
                try insert.check(personKeys.withHex(i) { insert.bytes(4, $0) })
                try insert.text(5, Mask.identity(payments[i].idNumber))
                try insert.int(6, payments[i].amount.fen)
                try insert.text(7, payments[i].district)
                try insert.int(8, payments[i].sequence.map(Int64.init))
                try insert.text(9, payments[i].endToEndId)
                try insert.blob(10, payments[i].account.map { LedgerKey.matchKey(keyed, role: .account, $0) })
                try insert.text(11, payments[i].account.map(Mask.account))
                try insert.blob(12, payments[i].name.map { LedgerKey.matchKey(keyed, role: .name, $0) })
                try insert.int(13, reissues[i]?.id)
                try insert.text(14, payments[i].honour?.rawValue)
                try insert.run()
            }
        }
    }
}
