import Foundation
import GRDB
import HummingbirdBcrypt
import RosterCore

/// Who uses the intake: one account per district (it sees only its own submissions) and the
/// city's (it sees all and runs the batch).
public struct IntakeAccount: Sendable, Hashable {
    public enum Role: String, Sendable { case district, city }
    public var id: Int64
    /// The login name: the district's name, or `city`.
    public var name: String
    public var role: Role
    /// The district, for a district account.
    public var district: String?
}

/// A signed-in browser: its account and the token every form must carry back (CSRF).
public struct IntakeSession: Sendable, Hashable {
    public var account: IntakeAccount
    public var csrf: String
}

extension IntakeStore {
    /// bcrypt's cost: about 60 ms a hash on these machines, and 2^10 rounds for whoever steals
    /// the index.
    static let bcryptCost: UInt8 = 10

    /// Creates the accounts of `districts` and the city's, each with a one-time password
    /// (returned once, kept only as a bcrypt hash). Existing accounts are left alone.
    public func createAccounts(districts: [String], cityName: String = "city") throws -> [(name: String, password: String)] {
        var made: [(String, String)] = []
        for (name, role, district) in [(cityName, IntakeAccount.Role.city, nil as String?)] + districts.map({ ($0, .district, $0) }) {
            if try account(named: name) != nil { continue }
            let password = Self.randomPassword()
            try setPassword(name: name, role: role, district: district, password: password)
            made.append((name, password))
        }
        return made
    }

    /// Sets (or creates the account with) a password.
    public func setPassword(name: String, role: IntakeAccount.Role, district: String?, password: String) throws {
        let hash = Bcrypt.hash(password, cost: Self.bcryptCost)
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO accounts (name, role, district, password_hash) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash
                    """, arguments: [name, role.rawValue, district, hash])
        }
    }

    /// The account of a login name.
    public func account(named name: String) throws -> IntakeAccount? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, role, district FROM accounts WHERE name = ?", arguments: [name]).map(Self.account)
        }
    }

    /// Every account, the city's first.
    public func accounts() throws -> [IntakeAccount] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT id, name, role, district FROM accounts ORDER BY role = 'district', id").map(Self.account) }
    }

    /// The account when the password is its own (bcrypt; an unknown name costs the same time).
    public func verify(name: String, password: String) throws -> IntakeAccount? {
        let row = try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, role, district, password_hash FROM accounts WHERE name = ?", arguments: [name])
        }
        guard let row else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: row[4]) ? Self.account(row) : nil
    }

    /// A hash no password matches, checked for unknown names so they take as long as known ones.
    static let decoyHash = Bcrypt.hash(randomPassword(), cost: bcryptCost)

    // MARK: sessions

    /// Opens a session for `account`: the browser keeps the token (an HttpOnly cookie), the index
    /// keeps its SHA-256; every form carries the CSRF token.
    public func openSession(_ account: IntakeAccount, lifetime: Int, now: Date = Date()) throws -> (token: String, session: IntakeSession) {
        let token = Self.randomHex(32)
        let csrf = Self.randomHex(16)
        try db.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [Int(now.timeIntervalSince1970)])
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, account_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.sha(token), account.id, csrf, Int(now.timeIntervalSince1970) + lifetime])
        }
        return (token, IntakeSession(account: account, csrf: csrf))
    }

    /// The session of a token, when it has not expired. Using it extends it by `lifetime`, written
    /// only once half of it has passed, so most requests only read the index.
    public func session(token: String, lifetime: Int, now: Date = Date()) throws -> IntakeSession? {
        let t = Int(now.timeIntervalSince1970)
        let key = Self.sha(token)
        let row = try db.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT a.id, a.name, a.role, a.district, s.csrf, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id
                    WHERE s.token_hash = ? AND s.expires_at >= ?
                    """, arguments: [key, t])
        }
        guard let row else { return nil }
        let expires: Int = row[5]
        if expires - t < lifetime / 2 {
            try db.write { db in
                try db.execute(sql: "UPDATE sessions SET expires_at = ? WHERE token_hash = ?", arguments: [t + lifetime, key])
            }
        }
        return IntakeSession(account: Self.account(row), csrf: row[4])
    }

    /// Ends a session.
    public func closeSession(token: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [Self.sha(token)]) }
    }

    static func account(_ r: Row) -> IntakeAccount {
        IntakeAccount(id: r[0], name: r[1], role: IntakeAccount.Role(rawValue: r[2]) ?? .district, district: r[3])
    }

    static func sha(_ s: String) -> String { sha256Hex(utf8: s) }

    /// A random token (a form's, a cookie's).
    public static func newToken() -> String { randomHex(16) }

    static func randomHex(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return hexString((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) })
    }

    /// 12 characters a clerk can read aloud (no 0/O, 1/l/I).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }
}
