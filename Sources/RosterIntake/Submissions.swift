import Crypto
import Foundation
import GRDB
import RosterCheck
import RosterCore
import Spreadsheet

/// One submission as the index keeps it.
public struct Submission: Sendable, Hashable {
    public var id: Int64
    public var district: String
    /// The uploaded file, relative to the intake folder: `files/<sha256>/<区县>.xlsx|csv` (the
    /// district's own name, never the name the browser sent).
    public var stored: String
    public var sha256: String
    /// The name the browser sent, shown only (never used as a path).
    public var originalName: String
    public var bytes: Int
    public var uploadedAt: String
    /// `clean`, `errors` or `blocked`.
    public var status: String
    public var supersededBy: Int64?
    public var result: SubmissionResult

    /// Where its return workbook is kept: beside the file, named by the district (the same bytes
    /// from the same district give the same workbook).
    public var returnWorkbook: String { Self.returnWorkbook(stored: stored, district: district) }

    static func returnWorkbook(stored: String, district: String) -> String {
        (stored as NSString).deletingLastPathComponent + "/return-\(district).xlsx"
    }
}

extension IntakeStore {
    /// Takes an upload (a temporary file in the intake folder): named by its SHA-256, checked,
    /// its return workbook written, recorded as the district's latest. A file the readers refuse
    /// (damaged, hostile, not a spreadsheet) is removed and nothing is recorded: the error says
    /// why, in the reader's words. `receipt` (``nextReceipt()``, taken when the upload arrived)
    /// orders a district's submissions: of two checked at once, the one sent last is the latest
    /// whichever check ends first.
    public func submit(
        upload temporary: String, originalName: String, account: IntakeAccount, district: String, checker: IntakeChecker,
        receipt: Int64? = nil, now: Date = Date()
    ) throws -> Submission {
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let receipt = receipt ?? nextReceipt()
        let (sha, bytes, isZip) = try Self.fingerprint(temporary)
        let relative = "files/\(sha)/\(district).\(isZip ? "xlsx" : "csv")"
        let path = folder + "/" + relative
        let dir = (path as NSString).deletingLastPathComponent
        let existed = FileManager.default.fileExists(atPath: path)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if !existed { try FileManager.default.moveItem(atPath: temporary, toPath: path) }
        do {
            let check: FileCheck
            do {
                check = try checker.check(path: path, district: district)
            } catch {
                throw IntakeError(error.description.replacingOccurrences(of: path, with: originalName))
            }
            let result = SubmissionResult(check)
            // Written before the record: a submission never points at a workbook that is not there.
            try checker.writeReturn(check, district: district, to: folder + "/" + Submission.returnWorkbook(stored: relative, district: district))
            let id = try record(
                district: district, account: account, sha: sha, stored: relative, originalName: originalName, bytes: bytes,
                receipt: receipt, result: result, check: check, at: Self.timestamp(now))
            audit(account: account.name, action: "upload", detail: "submission \(id) \(district) \(result.rows) rows \(result.status) sha256 \(sha.prefix(12))", at: now)
            return try submission(id: id)!
        } catch {
            // Nothing of a refused upload stays: its file (unless the district had sent the very
            // same bytes before) and its folder when empty (rmdir: never another's files).
            if !existed {
                try? FileManager.default.removeItem(atPath: path)
                rmdir(dir)
            }
            throw error
        }
    }

    /// Inserts the submission and marks which of the district's is the latest, in one transaction.
    func record(
        district: String, account: IntakeAccount, sha: String, stored: String, originalName: String, bytes: Int, receipt: Int64,
        result: SubmissionResult, check: FileCheck, at: String
    ) throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        return try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO submissions (district, account_id, sha256, stored, original_name, bytes, uploaded_at, status, rows, passed,
                                             returned, passed_fen, returned_fen, warnings, result_json, received)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    district, account.id, sha, stored, originalName, bytes, at, result.status, result.rows, result.passed, result.returned,
                    check.acceptedAmount.fen, check.returnedTotals.amount.fen, result.warnings.count, json, receipt,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE submissions SET superseded_by = ? WHERE district = ? AND id <> ? AND received < ? AND superseded_by IS NULL",
                arguments: [id, district, id, receipt])
            if let newer = try Int64.fetchOne(
                db, sql: "SELECT id FROM submissions WHERE district = ? AND received > ? AND superseded_by IS NULL ORDER BY received DESC LIMIT 1",
                arguments: [district, receipt])
            {
                try db.execute(sql: "UPDATE submissions SET superseded_by = ? WHERE id = ?", arguments: [newer, id])
            }
            return id
        }
    }

    /// The order in which uploads arrived (kept across restarts).
    public func nextReceipt() -> Int64 {
        receipts.withLock { last in
            let stored = (try? db.read { db in try Int64.fetchOne(db, sql: "SELECT max(received) FROM submissions") }) ?? nil
            last = max(last, stored ?? 0) + 1
            return last
        }
    }

    /// SHA-256, size, and whether the bytes are a zip archive (an XLSX) rather than text.
    static func fingerprint(_ path: String) throws -> (String, Int, Bool) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw IntakeError("the upload cannot be read") }
        defer { try? h.close() }
        var hasher = SHA256()
        var bytes = 0
        var head = Data()
        while true {
            let chunk = h.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            if head.count < 4 { head.append(chunk.prefix(4 - head.count)) }
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        let sha = hexString(hasher.finalize())
        return (sha, bytes, head.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    /// One submission.
    public func submission(id: Int64) throws -> Submission? {
        // The row is copied out and its JSON decoded after the read, not while holding the index.
        try db.read { db in try GRDB.Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [id]) }.map(Self.submission)
    }

    /// A district's submissions, newest first.
    public func submissions(district: String) throws -> [Submission] {
        try db.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM submissions WHERE district = ? ORDER BY id DESC", arguments: [district])
        }.map(Self.submission)
    }

    /// Each district's latest submission (none superseded), in the city's order.
    public func latest(districts: DistrictList) throws -> [Submission] {
        let all = try db.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM submissions WHERE superseded_by IS NULL")
        }.map(Self.submission)
        return all.sorted { districts.reportOrder($0.district) < districts.reportOrder($1.district) }
    }

    static func submission(_ r: GRDB.Row) -> Submission {
        let json: String = r["result_json"]
        let result = (try? JSONDecoder().decode(SubmissionResult.self, from: Data(json.utf8)))
        return Submission(
            id: r["id"], district: r["district"], stored: r["stored"], sha256: r["sha256"], originalName: r["original_name"],
            bytes: r["bytes"], uploadedAt: r["uploaded_at"], status: r["status"], supersededBy: r["superseded_by"],
            result: result ?? SubmissionResult.empty)
    }
}

extension SubmissionResult {
    /// A result with nothing in it (an index row whose JSON cannot be read).
    static let empty = SubmissionResult(
        rows: 0, blocked: true, passed: 0, returned: 0, passedYuan: "0.00", returnedYuan: "0.00", headers: [], returnedRows: [],
        fileProblems: [], warnings: [])
}
