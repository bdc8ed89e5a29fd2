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
        try? db.write { db in
            try db.execute(
                sql: "INSERT INTO audit (at, account, action, detail) VALUES (?, ?, ?, ?)", arguments: [at, account, action, detail])
        }
        let line = "\(at)\t\(account)\t\(action)\t\(detail)\n"
        if let h = FileHandle(forWritingAtPath: folder + "/audit.log") ?? Self.createLog(folder + "/audit.log") {
            h.seekToEndOfFile()
            h.write(Data(line.utf8))
            try? h.close()
        }
    }

    /// The audit trail, newest first.
    public func auditTrail(limit: Int = 200) throws -> [(at: String, account: String, action: String, detail: String)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT at, account, action, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    private static func createLog(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        return FileHandle(forWritingAtPath: path)
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
