import Foundation
import GRDB
import RosterCore

/// The intake folder's index (`intake.sqlite`, the only database of `roster serve`): accounts,
/// sessions, submissions and the audit trail. The uploads themselves are files named by their
/// SHA-256 (``SubmissionFiles``); the index holds their checks' results, masked.
public final class IntakeStore: Sendable {
    /// The intake folder.
    public let folder: String
    /// WAL, so pages read while an upload is being recorded.
    let db: DatabasePool
    /// The last upload receipt given (``nextReceipt()``).
    let receipts = Locked<Int64>(0)

    /// Opens (creating when `create`) the index of the intake folder.
    public init(folder: String, create: Bool = false) throws {
        self.folder = folder
        let path = folder + "/intake.sqlite"
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw IntakeError("\(folder): not an intake folder (no intake.sqlite); create one with roster serve --init")
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        db = try DatabasePool(path: path, configuration: config)
        try Self.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE accounts (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('district', 'city')),
                        district TEXT,
                        password_hash TEXT NOT NULL
                    );
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES accounts(id),
                        csrf TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    CREATE TABLE submissions (
                        id INTEGER PRIMARY KEY,
                        district TEXT NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES accounts(id),
                        sha256 TEXT NOT NULL,
                        stored TEXT NOT NULL,
                        original_name TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        uploaded_at TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('clean', 'errors', 'blocked')),
                        rows INTEGER NOT NULL,
                        passed INTEGER NOT NULL,
                        returned INTEGER NOT NULL,
                        passed_fen INTEGER NOT NULL,
                        returned_fen INTEGER NOT NULL,
                        warnings INTEGER NOT NULL,
                        result_json TEXT NOT NULL,
                        received INTEGER NOT NULL DEFAULT 0,
                        superseded_by INTEGER REFERENCES submissions(id)
                    );
                    CREATE INDEX submissions_by_district ON submissions(district, id);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        account TEXT NOT NULL,
                        action TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    """)
        }
        return m
    }

    /// A line of the audit trail (logins, uploads, downloads, runs), in the index and in
    /// `audit.log`. `detail` must carry no identity or card number.
    public func audit(account: String, action: String, detail: String, at date: Date = Date()) {
        let at = Self.timestamp(date)
        let who = Self.auditName(account)
        try? db.write { db in
            try db.execute(
                sql: "INSERT INTO audit (at, account, action, detail) VALUES (?, ?, ?, ?)", arguments: [at, who, action, detail])
        }
        // One write(2) on a descriptor opened for appending: lines of concurrent requests never
        // overwrite each other, and a full disk loses the line instead of stopping the server.
        let line = Array("\(at)\t\(who)\t\(action)\t\(Mask.numbers(in: detail))\n".utf8)
        let fd = open(folder + "/audit.log", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// A name as the audit trail keeps it: a typed login name may be anything (a password typed
    /// in the wrong box, a number, a forged line), so it is cut to 40 characters, without
    /// control characters, and long digit runs are masked.
    public static func auditName(_ name: String) -> String {
        let plain = String(name.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }.map(Character.init).prefix(40))
        return Mask.numbers(in: plain.isEmpty ? "?" : plain)
    }

    /// The audit trail, newest first.
    public func auditTrail(limit: Int = 200) throws -> [(at: String, account: String, action: String, detail: String)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT at, account, action, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }


    /// `2026-12-03T17:40:12Z`.
    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}

/// Why the intake could not do something, in one line.
public struct IntakeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

extension Unicode.GeneralCategory {
    /// Control, format (bidi overrides among them), separators other than the space.
    public var isControlOrFormat: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return true
        default: return false
        }
    }
}

/// A value behind a lock, for the few counters the intake keeps in memory.
public final class Locked<Value: Sendable>: @unchecked Sendable {  // `value` is only touched inside `lock`
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
