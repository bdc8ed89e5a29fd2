import Foundation
import GRDB
import GRDBSQLite
import RosterCore

/// The bulk insert of a batch's payment rows: one prepared statement whose values are bound
/// with SQLite's own calls. GRDB's argument arrays cost more than SQLite itself at this size
/// (0.6 s of 0.8 s for 94,000 rows).
enum PaymentRows {
    /// Inserts one row per payment of `batch` (`personKeys` in the same order), committed.
    /// Rows go in person-key order, so the unique index grows at its end instead of at random
    /// pages. Must run inside the caller's write transaction.
    /// `reissues` maps a payment's index to the failed or returned payment it re-issues.
    static func insert(
        _ batch: LedgerBatch, personKeys: PersonKeys, key: LedgerKey, reissues: [Int: Int64], into db: Database
    ) throws {
        let statement = try db.makeStatement(
            sql: """
                INSERT INTO payments (batch_id, programme_id, period, person_key, masked_id, amount_fen, district,
                                      seq, end_to_end_id, account_key, masked_account, name_key,
                                      state, state_date, reissue_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?)
                """)
        let s = statement.sqliteStatement
        let order = (0..<personKeys.count).sorted(by: personKeys.less)
        try bind(s, 1, batch.id, db)
        try bind(s, 2, batch.programmeId, db)
        try bind(s, 3, batch.period, db)
        try bind(s, 13, batch.created, db)
        let keyed = key.keyedState()
        for i in order {
            let p = batch.payments[i]
            try check(personKeys.withHex(i) { bindText(s, 4, $0) }, db)
            try bind(s, 5, Mask.identity(p.idNumber), db)
            try check(sqlite3_bind_int64(s, 6, p.amount.fen), db)
            try bind(s, 7, p.district, db)
            try check(p.sequence.map { sqlite3_bind_int64(s, 8, Int64($0)) } ?? sqlite3_bind_null(s, 8), db)
            try check(p.endToEndId.map { e in bindString(s, 9, e) } ?? sqlite3_bind_null(s, 9), db)
            try bindKey(s, 10, p.account.map { LedgerKey.matchKey(keyed, role: .account, $0) }, db)
            try check(p.account.map { a in bindString(s, 11, Mask.account(a)) } ?? sqlite3_bind_null(s, 11), db)
            try bindKey(s, 12, p.name.map { LedgerKey.matchKey(keyed, role: .name, $0) }, db)
            try check(reissues[i].map { sqlite3_bind_int64(s, 14, $0) } ?? sqlite3_bind_null(s, 14), db)
            let code = sqlite3_step(s)
            guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
            try check(sqlite3_reset(s), db)
        }
        sqlite3_clear_bindings(s)
    }

    /// SQLite copies the text (`SQLITE_TRANSIENT`), so the Swift string may go at once.
    private static func bind(_ s: SQLiteStatement, _ index: Int32, _ text: String, _ db: Database) throws {
        try check(bindString(s, index, text), db)
    }

    private static func bindString(_ s: SQLiteStatement, _ index: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { bindText(s, index, $0) }
    }

    private static func bindKey(_ s: SQLiteStatement, _ index: Int32, _ key: [UInt8]?, _ db: Database) throws {
        guard let key else { return try check(sqlite3_bind_null(s, index), db) }
        try check(key.withUnsafeBytes { sqlite3_bind_blob(s, index, $0.baseAddress, Int32($0.count), transient) }, db)
    }

    private static func bindText(_ s: SQLiteStatement, _ index: Int32, _ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        // An empty buffer may have no address, and SQLite takes a NULL address as NULL: "" is bound instead.
        guard let base = b.baseAddress else { return sqlite3_bind_text(s, index, "", 0, transient) }
        return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: b.count) {
            sqlite3_bind_text(s, index, $0, Int32(b.count), transient)
        }
    }

    private static func check(_ code: Int32, _ db: Database) throws {
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
    }

    /// `SQLITE_TRANSIENT`, which the C macro defines as the destructor -1.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
