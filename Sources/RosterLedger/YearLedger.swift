import GRDB
import RosterCore

/// A programme's record for the year report, and the report's figures read back.
extension PaymentLedger {
    /// Records (or updates) the batch's programme and period: title, budget, deadline, payee.
    /// Runs inside the batch's own write transaction.
    static func recordProgramme(_ db: Database, _ batch: LedgerBatch) throws {
        let p = batch.programme ?? LedgerProgramme(title: batch.programmeId)
        try db.execute(
            sql: """
                INSERT INTO programmes (programme_id, period, title, budget_fen, deadline, payee) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (programme_id, period) DO UPDATE SET
                    title = excluded.title, budget_fen = excluded.budget_fen, deadline = excluded.deadline, payee = excluded.payee
                """,
            arguments: [batch.programmeId, batch.period, p.title, batch.budget?.fen, p.deadline, p.payee])
    }

    /// The batches of the periods of `year` (all when nil), by date.
    public func list(year: Int?) throws -> [LedgerBatchSummary] {
        guard let year else { return try list() }
        return try list().filter { $0.period.hasPrefix(String(year)) }
    }

    /// The year report's figures for every programme with a period in `year`: one pass over the
    /// year's payments (``YearScan``), then what only SQL answers cheaply (failures not paid
    /// again, anyone holding two payments for one period), and, for a programme paid over
    /// several periods, its distinct payees.
    public func yearFigures(year: Int) throws -> YearFigures {
        try readLedger { db in
            let y = String(year)
            var programmes = try Self.yearProgrammes(db, year: y)
            let index = Dictionary(uniqueKeysWithValues: programmes.enumerated().map { ($1.id, $0) })
            let scan = try YearScan(db, year: y)
            let created = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, created FROM batches WHERE substr(period, 1, 4) = ?", arguments: [y])
                    .map { (r: Row) -> (String, String) in (r[0], r[1]) })
            let deadlines = try Dictionary(
                Row.fetchAll(db, sql: "SELECT programme_id || '|' || period, deadline FROM programmes WHERE deadline IS NOT NULL")
                    .map { (r: Row) -> (String, String) in (r[0], r[1]) }, uniquingKeysWith: { a, _ in a })
            var asOf = created.values.max()
            for (k, v) in scan.groups {
                guard let i = index[scan.texts[Int(k.programme)]] else { continue }
                let date = k.date >= 0 ? scan.texts[Int(k.date)] : created[scan.texts[Int(k.batch)]] ?? ""
                if k.date >= 0, asOf.map({ $0 < date }) ?? true { asOf = date }
                let deadline = deadlines[scan.texts[Int(k.programme)] + "|" + scan.texts[Int(k.period)]]
                Self.add(&programmes[i], k, scan.texts, PaymentTotals(count: v.count, amount: Money(fen: v.fen)), onTime: deadline.map { date <= $0 })
            }
            try Self.addFailedOpen(db, year: y) { id, t in if let i = index[id] { programmes[i].failedOpen = t } }
            for i in programmes.indices {
                if programmes[i].deadline == nil { programmes[i].onTime = nil }
                programmes[i].paidTwice = try Self.paidTwice(db, programmes[i])
                programmes[i].byHonour.sort { $0.key < $1.key }
                programmes[i].byDistrict.sort { $0.key < $1.key }
            }
            // Over several periods a payee is paid once per period: the people are counted apart.
            let several = programmes.indices.filter { programmes[$0].periods.count > 1 }
            if !several.isEmpty {
                let only = Set(several.map { programmes[$0].id })
                for i in several {
                    programmes[i].byHonour = []
                    programmes[i].byDistrict = []
                }
                try Self.addBreakdowns(db, year: y) { id, apply in if only.contains(id), let i = index[id] { apply(&programmes[i]) } }
                try Self.addPeople(db, year: y) { id, apply in if only.contains(id), let i = index[id] { apply(&programmes[i]) } }
            }
            return YearFigures(year: year, asOf: asOf.flatMap { SimpleDate(iso: $0) }, programmes: programmes)
        }
    }

    /// One group of the scan into its programme's figures.
    static func add(_ p: inout YearFigures.Programme, _ k: YearScan.Key, _ texts: [String], _ t: PaymentTotals, onTime: Bool?) {
        let state = k.state < 0 ? PaymentState.issued : PaymentState(rawValue: texts[Int(k.state)]) ?? .issued
        if state.holdsPerson {
            p.paid += t
            if state == .confirmed { p.confirmed += t } else { p.unconfirmed += t }
            if k.reissued { p.reissued += t } else { p.firstTimeAccepted += t.count }
            if onTime == true { p.onTime = (p.onTime ?? 0) + t.count }
            add(&p.byHonour, texts[Int(k.honour)], t)
            add(&p.byDistrict, texts[Int(k.district)], t)
        } else if state == .failed || state == .returned {
            p.failed += t
        }
    }

    /// Failed or returned payments nobody has paid again, per programme (read from the few
    /// payments with such a state).
    static func addFailedOpen(_ db: Database, year: String, _ set: (String, PaymentTotals) -> Void) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.programme_id, count(*), sum(p.amount_fen) FROM payment_states s JOIN payments p ON p.id = s.payment_id
                WHERE s.state IN ('failed', 'returned') AND substr(p.period, 1, 4) = ?
                  AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reissue_of = p.id)
                GROUP BY 1
                """, arguments: [year])
        for r in rows { set(r[0], PaymentTotals(count: r[1], amount: Money(fen: r[2]))) }
    }

    /// Payees holding two payments for one period of the programme: none while the ledger's
    /// unique index stands, counted anyway (along that index, without sorting).
    static func paidTwice(_ db: Database, _ p: YearFigures.Programme) throws -> Int {
        var n = 0
        for period in p.periods {
            n += try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (SELECT person_key FROM payments INDEXED BY payments_once_per_period
                        WHERE holds = 1 AND programme_id = ? AND period = ? GROUP BY person_key HAVING count(*) > 1)
                    """, arguments: [p.id, period]) ?? 0
        }
        return n
    }

    /// The programmes with a period in the year: title, periods, budget (when every period has
    /// one), deadline (the latest), payee kind.
    static func yearProgrammes(_ db: Database, year: String) throws -> [YearFigures.Programme] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT programme_id, period, title, budget_fen, deadline, payee FROM programmes
                WHERE substr(period, 1, 4) = ? AND EXISTS (SELECT 1 FROM batches b WHERE b.programme_id = programmes.programme_id
                    AND b.period = programmes.period)
                ORDER BY programme_id, period
                """, arguments: [year])
        var out: [YearFigures.Programme] = []
        for r in rows {
            let id: String = r[0]
            let budget: Int64? = r[3]
            let deadline = (r[4] as String?).flatMap { SimpleDate(iso: $0) }
            if out.last?.id == id {
                out[out.count - 1].periods.append(r[1])
                out[out.count - 1].budget = out[out.count - 1].budget.flatMap { b in budget.map { Money(fen: b.fen + $0) } }
                out[out.count - 1].title = r[2]
                if let deadline, out[out.count - 1].deadline.map({ $0 < deadline }) ?? true { out[out.count - 1].deadline = deadline }
            } else {
                out.append(
                    YearFigures.Programme(
                        id: id, title: r[2], periods: [r[1]], payee: r[5], budget: budget.map { Money(fen: $0) }, deadline: deadline))
            }
        }
        return out
    }

    /// Distinct payees paid, confirmed, awaiting the bank, on time, accepted the first time,
    /// and paid twice in one period.
    static func addPeople(
        _ db: Database, year: String, into programme: (String, (inout YearFigures.Programme) -> Void) -> Void
    ) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.programme_id,
                       count(DISTINCT p.person_key), sum(p.amount_fen),
                       count(DISTINCT CASE WHEN s.state = 'confirmed' THEN p.person_key END),
                       sum(CASE WHEN s.state = 'confirmed' THEN p.amount_fen ELSE 0 END),
                       count(DISTINCT CASE WHEN s.state IS NULL THEN p.person_key END),
                       sum(CASE WHEN s.state IS NULL THEN p.amount_fen ELSE 0 END),
                       count(DISTINCT CASE WHEN pr.deadline IS NOT NULL AND coalesce(s.date, b.created) <= pr.deadline THEN p.person_key END),
                       count(DISTINCT CASE WHEN p.reissue_of IS NULL THEN p.person_key END),
                       count(*) - count(DISTINCT p.period || '|' || p.person_key),
                       max(pr.deadline IS NOT NULL)
                FROM payments p JOIN batches b ON b.id = p.batch_id
                LEFT JOIN payment_states s ON s.payment_id = p.id
                LEFT JOIN programmes pr ON pr.programme_id = p.programme_id AND pr.period = p.period
                WHERE p.holds = 1 AND substr(p.period, 1, 4) = ?
                GROUP BY p.programme_id
                """, arguments: [year])
        for r in rows {
            programme(r[0]) { p in
                p.paid = PaymentTotals(count: r[1], amount: Money(fen: r[2]))
                p.confirmed = PaymentTotals(count: r[3], amount: Money(fen: r[4]))
                p.unconfirmed = PaymentTotals(count: r[5], amount: Money(fen: r[6]))
                p.onTime = (r[10] as Bool? ?? false) ? r[7] : nil
                p.firstTimeAccepted = r[8]
                p.paidTwice = r[9]
            }
        }
    }

    /// Payees paid (distinct) and their yuan by honour level and by district.

    /// Payees paid (distinct) and their yuan by honour level and by district.
    static func addBreakdowns(
        _ db: Database, year: String, into programme: (String, (inout YearFigures.Programme) -> Void) -> Void
    ) throws {
        for (column, keyPath) in [("coalesce(honour, 'unknown')", \YearFigures.Programme.byHonour), ("district", \.byDistrict)] {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT programme_id, \(column), count(DISTINCT person_key), sum(amount_fen) FROM payments
                    WHERE holds = 1 AND substr(period, 1, 4) = ? GROUP BY 1, 2 ORDER BY 1, 2
                    """, arguments: [year])
            for r in rows {
                programme(r[0]) { p in add(&p[keyPath: keyPath], r[1], PaymentTotals(count: r[2], amount: Money(fen: r[3]))) }
            }
        }
    }

    private static func add(_ list: inout [(key: String, totals: PaymentTotals)], _ key: String, _ t: PaymentTotals) {
        if let i = list.firstIndex(where: { $0.key == key }) { list[i].totals += t } else { list.append((key, t)) }
    }
}
