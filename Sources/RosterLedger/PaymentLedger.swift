import Foundation
import GRDB
import RosterCore

/// The payment ledger: an SQLite file recording every committed batch, so nobody is paid twice
/// for the same programme and period, even by two runs at once.
///
/// Each person is stored as HMAC-SHA256(ledger key, identity number) plus the masked number,
/// never the clear number (see ``LedgerKey``). Writes run in `BEGIN IMMEDIATE` transactions and
/// a busy timeout makes a second run wait for the first instead of failing.
public final class PaymentLedger: Sendable {
    /// The ledger file.
    public let path: String
    private let suppliedKey: LedgerKey?
    let dbQueue: DatabaseQueue

    /// The default file name (`roster ledger` looks in the current folder; `roster run` beside its output).
    public static let defaultFileName = "roster-ledger.sqlite"

    /// The SQLite `application_id` marking a roster ledger ("RSTL").
    static let applicationId: Int32 = 0x5253_544C

    /// Opens the ledger at `path`, creating it unless `mustExist`, and brings its schema up to date.
    /// - Parameters:
    ///   - key: the key from ``LedgerKey/resolve(keyFile:environment:)``, or nil to use the key
    ///     stored in the ledger (created on first use).
    ///   - mustExist: refuse a missing file instead of creating it.
    ///   - busyTimeout: how long to wait for another run holding the ledger, in seconds.
    public init(path: String, key: LedgerKey?, mustExist: Bool = false, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        self.suppliedKey = key
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw LedgerError.notALedger(path: path, detail: "it is a folder")
        }
        if mustExist && !exists {
            throw LedgerError.missing(path: path)
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "roster-ledger"
        config.prepareDatabase { db in
            // A batch is inserted in index order, so a small cache does (4 MiB): a 32 MiB one held a
            // whole 94,000-payment batch in memory, beside the outputs written meanwhile.
            try db.execute(sql: "PRAGMA cache_size = -4096")
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.map(error, path: path)
        }
        try open()
    }

    private func open() throws {
        let migrator = LedgerSchema.migrator
        var upToDate = false
        do {
            // One read transaction, so a run creating the ledger at the same moment is seen whole.
            try dbQueue.read { db in
                let appId = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                // The migrator creates `grdb_migrations` on its own before the first migration, so
                // a ledger being created by another run may briefly hold only that table.
                let tables =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM sqlite_master
                            WHERE type = 'table' AND name NOT IN ('grdb_migrations') AND name NOT LIKE 'sqlite_%'
                            """) ?? 0
                if tables > 0 && appId != Self.applicationId {
                    throw LedgerError.notALedger(path: path, detail: "an SQLite database of another program")
                }
                if try migrator.hasBeenSuperseded(db) {
                    let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                    throw LedgerError.newerSchema(path: path, unknownMigrations: unknown)
                }
                upToDate = try migrator.hasCompletedMigrations(db)
            }
        } catch {
            throw Self.map(error, path: path)
        }
        // An up-to-date ledger is not written to, so a read-only copy can still be listed.
        if upToDate { return }
        // Two runs opening a ledger at once may both try a migration; the loser's transaction
        // rolls back, and it tries again with what the winner has done since (each migration
        // is its own transaction, so the winner may be one step ahead).
        var attempt = 0
        while true {
            attempt += 1
            do {
                try migrator.migrate(dbQueue)
                return
            } catch {
                let done = (try? dbQueue.read { try migrator.hasCompletedMigrations($0) }) ?? false
                if done { return }
                let applied = (try? dbQueue.read { try migrator.appliedIdentifiers($0) }) ?? []
                // A read-only ledger made before pending marks existed can still be read: it holds
                // no pending batch, and recording into it fails as read-only anyway.
                if applied.contains("v1"), case .readOnly? = Self.map(error, path: path) as? LedgerError { return }
                if attempt >= 5 { throw Self.map(error, path: path) }
            }
        }
    }

    // MARK: - Key

    /// The key in force: the supplied one (checked against the ledger's fingerprint) or the
    /// stored one. With `create`, a fresh ledger gets the supplied key's fingerprint or a new
    /// stored key; without it, a fresh ledger returns nil (nobody can be paid in it yet).
    func key(_ db: Database, create: Bool) throws -> LedgerKey? {
        let fingerprint = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'key_fingerprint'")
        let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'key'")
        if let suppliedKey {
            if let fingerprint {
                guard fingerprint == suppliedKey.fingerprint else { throw LedgerError.keyMismatch(path: path) }
            } else if create {
                try db.execute(
                    sql: "INSERT INTO meta(key, value) VALUES ('key_fingerprint', ?)",
                    arguments: [suppliedKey.fingerprint])
            }
            return suppliedKey
        }
        if let stored {
            guard let bytes = LedgerKey.decodeHex(stored), let key = try? LedgerKey(bytes: bytes),
                fingerprint == nil || fingerprint == key.fingerprint
            else {
                throw LedgerError.notALedger(path: path, detail: "its stored key is damaged")
            }
            return key
        }
        if fingerprint != nil { throw LedgerError.keyRequired(path: path) }
        guard create else { return nil }
        let key = LedgerKey.random()
        try db.execute(
            sql: "INSERT INTO meta(key, value) VALUES ('key', ?), ('key_fingerprint', ?)",
            arguments: [key.hex, key.fingerprint])
        return key
    }

    // MARK: - Queries

    /// Which of `idNumbers` (normalised) are already paid for the programme and period in
    /// committed batches.
    public func alreadyPaid(programmeId: String, period: String, idNumbers: some Collection<String>) throws -> Set<
        String
    > {
        Set(try priorPayments(programmeId: programmeId, period: period, idNumbers: idNumbers).keys)
    }

    /// The committed payments for the programme and period of any of `idNumbers`, keyed by the
    /// (normalised) identity number given, with the batch that paid each, for the message.
    public func priorPayments(
        programmeId: String, period: String, idNumbers: some Collection<String>
    ) throws -> [String: PriorPayment] {
        do {
            return try dbQueue.read { db in
                guard let key = try key(db, create: false) else { return [:] }
                return try Self.committedPayments(
                    db, key: key, programmeId: programmeId, period: period,
                    idNumbers: idNumbers.map(LedgerBatch.normalise))
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    private static func committedPayments(
        _ db: Database, key: LedgerKey, programmeId: String, period: String, idNumbers: [String]
    ) throws -> [String: PriorPayment] {
        try committedPayments(db, programmeId: programmeId, period: period, idNumbers: idNumbers, personKeys: { key.personKeys(idNumbers) })
    }

    /// `committedPayments` with the person keys of `idNumbers` (in the same order), made only
    /// when the programme and period have payments to look them up in.
    private static func committedPayments(
        _ db: Database, programmeId: String, period: String, idNumbers: [String], personKeys makeKeys: () -> [String]
    ) throws -> [String: PriorPayment] {
        // A programme and period with no committed payment yet (every first batch) needs no lookups.
        let anyPaid = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM payments WHERE holds = 1 AND programme_id = ? AND period = ?)",
            arguments: [programmeId, period]) ?? true
        if !anyPaid { return [:] }
        let allKeys = makeKeys()
        var byPersonKey: [String: String] = [:]
        byPersonKey.reserveCapacity(idNumbers.count)
        for (id, personKey) in zip(idNumbers, allKeys) { byPersonKey[personKey] = id }
        // Sorted, so each chunk's lookups walk neighbouring index pages.
        let personKeys = byPersonKey.keys.sorted()
        var found: [String: PriorPayment] = [:]
        var start = 0
        while start < personKeys.count {
            let chunk = Array(personKeys[start..<min(start + 500, personKeys.count)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            var args: [any DatabaseValueConvertible] = [programmeId, period]
            args.append(contentsOf: chunk)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.person_key, p.batch_id, b.created, p.masked_id, p.amount_fen, p.district, p.state
                    FROM payment_view p JOIN batches b ON b.id = p.batch_id
                    WHERE p.holds = 1 AND p.programme_id = ? AND p.period = ?
                      AND p.person_key IN (\(marks))
                    """,
                arguments: StatementArguments(args))
            for row in rows {
                let personKey: String = row[0]
                guard let id = byPersonKey[personKey] else { continue }
                found[id] = PriorPayment(
                    batchId: row[1], created: row[2], maskedId: row[3], amount: Money(fen: row[4]),
                    district: row[5], state: PaymentState(rawValue: row[6]) ?? .issued)
            }
        }
        return found
    }

    /// Every recorded batch, oldest first (by date, then id).
    public func list() throws -> [LedgerBatchSummary] {
        do {
            return try dbQueue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM batches ORDER BY created, id").map(Self.summary)
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// One batch with its payments (masked), sorted by district then masked identity.
    public func show(batchId: String) throws -> LedgerBatchDetail {
        do {
            return try dbQueue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE id = ?", arguments: [batchId])
                else { throw LedgerError.unknownBatch(path: path, batchId: batchId) }
                let payments = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT masked_id, amount_fen, district, state, state_date, state_reason FROM payment_view WHERE batch_id = ?
                        ORDER BY district, masked_id, amount_fen
                        """,
                    arguments: [batchId]
                ).map {
                    LedgerPaymentRecord(
                        maskedId: $0[0], amount: Money(fen: $0[1]), district: $0[2], state: PaymentState(rawValue: $0[3]) ?? .issued,
                        stateDate: $0[4], stateReason: $0[5])
                }
                return LedgerBatchDetail(summary: try Self.summary(row), payments: payments)
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// The batch's content id if it is free, else the first free `<id>-2`, `<id>-3`… (a batch
    /// re-run after its earlier self was voided). Call before writing outputs that name the id.
    public func availableBatchId(for batch: LedgerBatch) throws -> String {
        try availableBatchId(contentId: LedgerBatch.contentId(
            programmeId: batch.programmeId, period: batch.period, created: batch.created,
            payments: batch.payments))
    }

    /// `availableBatchId(for:)` for a batch whose content id is known (a new `LedgerBatch`'s `id`).
    public func availableBatchId(contentId base: String) throws -> String {
        do {
            return try dbQueue.read { db in
                let taken = Set(
                    try String.fetchAll(
                        db, sql: "SELECT id FROM batches WHERE id = ? OR id LIKE ? ESCAPE '\\'",
                        arguments: [base, base + "-%"]))
                if !taken.contains(base) { return base }
                var n = 2
                while taken.contains("\(base)-\(n)") { n += 1 }
                return "\(base)-\(n)"
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    // MARK: - Writes

    /// Records a completed batch atomically. Refuses, recording nothing, when anyone in it is
    /// already paid for the programme and period in a committed batch (listing them masked),
    /// when it pays someone twice, or when its id is taken. This check and the insert share one
    /// `BEGIN IMMEDIATE` transaction, so two concurrent runs cannot both pay the same person.
    ///
    /// With `moving`, the batch is also marked pending: its outputs are still in the work
    /// folder and about to be moved to the output folder. The caller then calls
    /// ``completePending(batchId:)`` once they are in place, or ``abandonPending(batchId:)``
    /// if they cannot be; a run killed in between is resolved by ``recoverInterrupted()``.
    public func record(batch: LedgerBatch, moving: PendingMove? = nil) throws {
        try validate(batch)
        let ids = batch.payments.map(\.idNumber)
        var seen = Set<String>(minimumCapacity: ids.count)
        var twice: [String] = []
        for id in ids where !seen.insert(id).inserted { twice.append(Mask.identity(id)) }
        if !twice.isEmpty {
            throw LedgerError.duplicateInBatch(path: path, maskedIds: Array(Set(twice)).sorted())
        }
        do {
            try dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if let status = try String.fetchOne(
                        db, sql: "SELECT status FROM batches WHERE id = ?", arguments: [batch.id])
                    {
                        throw LedgerError.batchExists(
                            path: path, batchId: batch.id, status: LedgerBatchStatus(rawValue: status) ?? .committed)
                    }
                    guard let key = try key(db, create: true) else {
                        throw LedgerError.database(path: path, detail: "no ledger key")
                    }
                    // Each person's keyed hash is made once, for the check and for the insert.
                    let personKeys = key.personKeyDigests(ids)
                    let prior = try Self.committedPayments(
                        db, programmeId: batch.programmeId, period: batch.period, idNumbers: ids, personKeys: { (0..<personKeys.count).map(personKeys.hex) })
                    if !prior.isEmpty {
                        let people = prior.values
                            .map { LedgerError.AlreadyPaidPerson(maskedId: $0.maskedId, batchId: $0.batchId) }
                            .sorted { ($0.maskedId, $0.batchId) < ($1.maskedId, $1.batchId) }
                        throw LedgerError.alreadyPaid(
                            path: path, programmeId: batch.programmeId, period: batch.period, people: people)
                    }
                    try PaymentStates.checkBudget(db, batch, path: path)
                    try db.execute(
                        sql: """
                            INSERT INTO batches (id, programme_id, period, created, payment_count, total_fen,
                                                 status, void_reason, void_date, manifest_sha256, payer_account, budget_fen)
                            VALUES (?, ?, ?, ?, ?, ?, 'committed', NULL, NULL, ?, ?, ?)
                            """,
                        arguments: [
                            batch.id, batch.programmeId, batch.period, batch.created, batch.count,
                            batch.total.fen, batch.manifestSHA256, batch.payerAccount, batch.budget?.fen,
                        ])
                    try Self.recordProgramme(db, batch)
                    for m in batch.messages {
                        try db.execute(
                            sql: "INSERT INTO batch_messages (message_id, batch_id, format, payment_information_id) VALUES (?, ?, ?, ?)",
                            arguments: [m.messageId, batch.id, m.format, m.paymentInformationId])
                    }
                    let reissues = try PaymentStates.failedPaymentIds(
                        db, programmeId: batch.programmeId, period: batch.period, personKeys: personKeys)
                    try PaymentRows.insert(batch, personKeys: personKeys, key: key, reissues: reissues, into: db)
                    var deltas: [LedgerSchema.Bucket: (people: Int, fen: Int64)] = [:]
                    for (district, d) in Self.byDistrict(batch.payments) {
                        let b = LedgerSchema.Bucket(
                            programmeId: batch.programmeId, period: batch.period, batchId: batch.id, district: district, state: .issued)
                        deltas[b] = d
                    }
                    // The failed payments paid again move to their re-issued bucket.
                    for r in reissues.values {
                        var b = r.bucket
                        deltas[b, default: (0, 0)].people -= 1
                        deltas[b, default: (0, 0)].fen -= r.fen
                        b.reissued = true
                        deltas[b, default: (0, 0)].people += 1
                        deltas[b, default: (0, 0)].fen += r.fen
                    }
                    try LedgerSchema.add(db, deltas)
                    if let moving {
                        try db.execute(
                            sql: "INSERT INTO pending (batch_id, out_folder, work_folder) VALUES (?, ?, ?)",
                            arguments: [batch.id, moving.outFolder, moving.workFolder])
                    }
                    return .commit
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// The people and fen of `payments` by district, each district's string hashed once per
    /// run of payments from it (a batch's payments come district by district).
    static func byDistrict(_ payments: [LedgerPayment]) -> [String: (people: Int, fen: Int64)] {
        var out: [String: (people: Int, fen: Int64)] = [:]
        var i = 0
        while i < payments.count {
            let district = payments[i].district
            var (people, fen) = (0, Int64(0))
            while i < payments.count, payments[i].district == district {
                people += 1
                fen += payments[i].amount.fen
                i += 1
            }
            out[district, default: (0, 0)].people += people
            out[district, default: (0, 0)].fen += fen
        }
        return out
    }

    /// Voids a committed batch: the row stays, marked voided with the reason and date, and its
    /// people can be paid again. Voiding a voided batch is an error.
    public func void(batchId: String, reason: String, date: String) throws {
        let reason = try voidReason(reason, date: date, of: "the batch")
        do {
            try dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    guard
                        let row = try Row.fetchOne(
                            db, sql: "SELECT status, void_date FROM batches WHERE id = ?", arguments: [batchId])
                    else { throw LedgerError.unknownBatch(path: path, batchId: batchId) }
                    if (row[0] as String) == LedgerBatchStatus.voided.rawValue {
                        throw LedgerError.alreadyVoided(path: path, batchId: batchId, date: row[1] ?? "an unknown date")
                    }
                    // The bank paid these: voiding them would let their people be paid twice.
                    let confirmed = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM payment_view WHERE batch_id = ? AND state = 'confirmed'", arguments: [batchId]) ?? 0
                    if confirmed > 0 {
                        throw LedgerError.invalid(
                            path: path, field: "batch \(batchId)",
                            reason: "the bank confirmed \(confirmed) of its payments as paid, so it cannot be voided; void the payments the bank did not pay one by one with --person")
                    }
                    try db.execute(
                        sql: "UPDATE batches SET status = 'voided', void_reason = ?, void_date = ? WHERE id = ?",
                        arguments: [reason, date, batchId])
                    try PaymentStates.voidHolding(
                        db, sql: "batch_id = ?", arguments: [batchId], date: date, reason: reason, source: "void \(batchId)")
                    return .commit
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    // MARK: - Helpers

    /// A void's reason, trimmed, once it and the date are usable (`what` is voided).
    func voidReason(_ reason: String, date: String, of what: String) throws -> String {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw LedgerError.invalid(path: path, field: "--reason", reason: "empty; say why \(what) is voided")
        }
        guard Self.isDate(date) else {
            throw LedgerError.invalid(
                path: path, field: "--date", reason: "'\(date)' is not a date YYYY-MM-DD; give one such as 2024-03-15")
        }
        return reason
    }

    private func validate(_ batch: LedgerBatch) throws {
        if batch.programmeId.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LedgerError.invalid(path: path, field: "programme id", reason: "empty; the batch needs its programme")
        }
        if batch.period.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LedgerError.invalid(path: path, field: "period", reason: "empty; the batch needs its period")
        }
        if !Self.isDate(batch.created) {
            throw LedgerError.invalid(
                path: path, field: "batch date", reason: "'\(batch.created)' is not a date YYYY-MM-DD; give --date")
        }
        if batch.id.isEmpty {
            throw LedgerError.invalid(path: path, field: "batch id", reason: "empty; use LedgerBatch's content id")
        }
        if let bad = batch.payments.first(where: { $0.idNumber.isEmpty }) {
            throw LedgerError.invalid(
                path: path, field: "identity number",
                reason: "empty for a payment in \(bad.district); every payment needs its person")
        }
    }

    /// Whether `s` is a real calendar date written `YYYY-MM-DD`.
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m)
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    private static func summary(_ row: Row) throws -> LedgerBatchSummary {
        LedgerBatchSummary(
            id: row["id"], programmeId: row["programme_id"], period: row["period"], created: row["created"],
            count: row["payment_count"], total: Money(fen: row["total_fen"]),
            status: LedgerBatchStatus(rawValue: row["status"]) ?? .committed,
            voidReason: row["void_reason"], voidDate: row["void_date"], manifestSHA256: row["manifest_sha256"])
    }

    /// Turns any error into a one-line ``LedgerError`` naming the file.
    static func map(_ error: any Error, path: String) -> any Error {
        if error is LedgerError || error is LedgerKeyError { return error }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return LedgerError.notALedger(path: path, detail: "the file is not a valid SQLite database")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return LedgerError.busy(path: path)
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                return LedgerError.readOnly(path: path)
            case .SQLITE_FULL:
                return LedgerError.database(path: path, detail: "the disk is full")
            default:
                return LedgerError.database(path: path, detail: db.message ?? "code \(db.resultCode.rawValue)")
            }
        }
        return LedgerError.database(path: path, detail: String(describing: error))
    }
}
