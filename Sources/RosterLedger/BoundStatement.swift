import GRDB
import GRDBSQLite

/// A prepared statement run many times with values bound by SQLite's own calls: for the ledger's
/// bulk writes (a batch's payments, a bank answer's changes), where GRDB's argument arrays cost
/// more than SQLite itself. Text and blobs are copied by SQLite (`SQLITE_TRANSIENT`).
struct BoundStatement {
    let db: Database
    let statement: Statement
    var s: SQLiteStatement { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    func text(_ index: Int32, _ value: String?) throws {
        guard var value else { return try check(sqlite3_bind_null(s, index)) }
        try check(value.withUTF8 { bytes(index, $0) })
    }

    /// UTF-8 text from a buffer valid only during the call.
    func bytes(_ index: Int32, _ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        // An empty buffer may have no address, and SQLite takes a NULL address as NULL: "" is bound instead.
        guard let base = b.baseAddress else { return sqlite3_bind_text(s, index, "", 0, Self.transient) }
        return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: b.count) {
            sqlite3_bind_text(s, index, $0, Int32(b.count), Self.transient)
        }
    }

    func int(_ index: Int32, _ value: Int64?) throws {
        try check(value.map { sqlite3_bind_int64(s, index, $0) } ?? sqlite3_bind_null(s, index))
    }

    func blob(_ index: Int32, _ value: [UInt8]?) throws {
        guard let value else { return try check(sqlite3_bind_null(s, index)) }
        try check(value.withUnsafeBytes { sqlite3_bind_blob(s, index, $0.baseAddress, Int32($0.count), Self.transient) })
    }

    /// Runs the statement once with the values bound; the bindings stay for the next run.
    func run() throws {
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
        try check(sqlite3_reset(s))
    }

    /// Rows the last run changed.
    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(s))) }

    func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
    }

    /// `SQLITE_TRANSIENT`, which the C macro defines as the destructor -1.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A query read row by row with SQLite's own calls. Columns with few distinct values (a
/// district, a date, a state) can be read through ``shared(_:)``, which makes each distinct
/// text into a string once.
final class ColumnReader {
    let statement: Statement
    var s: SQLiteStatement { statement.sqliteStatement }
    private var seen: [[UInt8]: String] = [:]

    init(_ db: Database, sql: String, arguments: StatementArguments) throws {
        statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
    }

    /// Moves to the next row; false at the end.
    func step() throws -> Bool {
        let code = sqlite3_step(s)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
    }

    func isNull(_ c: Int32) -> Bool { sqlite3_column_type(s, c) == SQLITE_NULL }

    func int(_ c: Int32) -> Int64? { isNull(c) ? nil : sqlite3_column_int64(s, c) }

    func text(_ c: Int32) -> String? {
        guard !isNull(c), let p = sqlite3_column_text(s, c) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, c))), as: UTF8.self)
    }

    func shared(_ c: Int32) -> String? {
        guard !isNull(c), let p = sqlite3_column_text(s, c) else { return nil }
        let bytes = Array(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, c))))
        if let known = seen[bytes] { return known }
        let t = String(decoding: bytes, as: UTF8.self)
        seen[bytes] = t
        return t
    }

    func blob(_ c: Int32) -> [UInt8]? {
        guard !isNull(c) else { return nil }
        let n = Int(sqlite3_column_bytes(s, c))
        guard n > 0, let p = sqlite3_column_blob(s, c) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}
