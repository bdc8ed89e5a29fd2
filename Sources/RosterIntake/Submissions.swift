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

    /// Where its return workbook is kept.
    public var returnWorkbook: String { (stored as NSString).deletingLastPathComponent + "/return-\(id).xlsx" }
}

extension IntakeStore {
    /// Takes an upload (a temporary file in the intake folder): named by its SHA-256, checked,
    /// its return workbook written, recorded as the district's latest (the previous one is
    /// superseded). A file the readers refuse (damaged, hostile, not a spreadsheet) is removed
    /// and nothing is recorded: the error says why, in the reader's words.
    public func submit(
        upload temporary: String, originalName: String, account: IntakeAccount, district: String, checker: IntakeChecker,
        now: Date = Date()
    ) throws -> Submission {
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let (sha, bytes, isZip) = try Self.fingerprint(temporary)
        let relative = "files/\(sha)/\(district).\(isZip ? "xlsx" : "csv")"
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { try FileManager.default.moveItem(atPath: temporary, toPath: path) }
        let check: FileCheck
        do {
            check = try checker.check(path: path, district: district)
        } catch {
            // Nothing of a refused file stays: the file, and its folder unless another district's
            // identical file is in it.
            try? FileManager.default.removeItem(atPath: path)
            let dir = (path as NSString).deletingLastPathComponent
            if (try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true { try? FileManager.default.removeItem(atPath: dir) }
            throw IntakeError(error.description.replacingOccurrences(of: path, with: originalName))
        }
        let result = SubmissionResult(check)
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        let at = Self.timestamp(now)
        let id: Int64 = try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO submissions (district, account_id, sha256, stored, original_name, bytes, uploaded_at, status, rows, passed,
                                             returned, passed_fen, returned_fen, warnings, result_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    district, account.id, sha, relative, originalName, bytes, at, result.status, result.rows, result.passed, result.returned,
                    check.acceptedAmount.fen, check.returnedTotals.amount.fen, result.warnings.count, json,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE submissions SET superseded_by = ? WHERE district = ? AND id <> ? AND superseded_by IS NULL",
                arguments: [id, district, id])
            return id
        }
        let submission = try self.submission(id: id)!
        try checker.writeReturn(check, district: district, to: folder + "/" + submission.returnWorkbook)
        audit(account: account.name, action: "upload", detail: "submission \(id) \(district) \(result.rows) rows \(result.status) sha256 \(sha.prefix(12))", at: now)
        return submission
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
        let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()
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
