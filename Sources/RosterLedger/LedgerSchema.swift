import GRDB

/// The ledger's tables, one migration per change; a ledger made by an older roster is brought
/// up to date in place when opened for writing.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(PaymentLedger.applicationId)")
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE IF NOT EXISTS batches (
                        id TEXT PRIMARY KEY NOT NULL,
                        programme_id TEXT NOT NULL,
                        period TEXT NOT NULL,
                        created TEXT NOT NULL,
                        payment_count INTEGER NOT NULL,
                        total_fen INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('committed', 'voided')),
                        void_reason TEXT,
                        void_date TEXT,
                        manifest_sha256 TEXT
                    );
                    CREATE TABLE IF NOT EXISTS payments (
                        batch_id TEXT NOT NULL REFERENCES batches(id),
                        programme_id TEXT NOT NULL,
                        period TEXT NOT NULL,
                        person_key TEXT NOT NULL,
                        masked_id TEXT NOT NULL,
                        amount_fen INTEGER NOT NULL,
                        district TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('committed', 'voided'))
                    );
                    CREATE INDEX IF NOT EXISTS payments_by_batch ON payments(batch_id);
                    CREATE UNIQUE INDEX IF NOT EXISTS payments_once_per_period
                        ON payments(programme_id, period, person_key) WHERE status = 'committed';
                    """)
        }
        // A batch is recorded before its outputs are moved into place, and marked pending until
        // they are: a run killed in between leaves a mark the next opening resolves (see
        // `recoverInterrupted()`), instead of a folder without its record or the reverse.
        m.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS pending (
                        batch_id TEXT PRIMARY KEY NOT NULL REFERENCES batches(id),
                        out_folder TEXT NOT NULL,
                        work_folder TEXT NOT NULL
                    );
                    """)
        }
        // Each payment gets a state (issued, confirmed, failed, returned, voided) with its
        // history, what a bank's result needs to find it (sequence, EndToEndId, keyed account and
        // name), and a link to the payment it re-issues. The payments table is rebuilt (SQLite
        // cannot change a CHECK constraint in place); old payments keep their rows in order.
        m.registerMigration("v3") { db in try LedgerSchema.v3(db) }
        // The year report: each payment's honour level, and each programme's title, budget,
        // deadline and payee kind per period (older ledgers: the id as title, the batches' budget).
        m.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    ALTER TABLE payments ADD COLUMN honour TEXT;
                    CREATE TABLE programmes (
                        programme_id TEXT NOT NULL,
                        period TEXT NOT NULL,
                        title TEXT NOT NULL,
                        budget_fen INTEGER,
                        deadline TEXT,
                        payee TEXT NOT NULL DEFAULT 'person' CHECK (payee IN ('person', 'organisation')),
                        PRIMARY KEY (programme_id, period)
                    );
                    INSERT INTO programmes (programme_id, period, title, budget_fen)
                        SELECT programme_id, period, programme_id, max(budget_fen) FROM batches GROUP BY programme_id, period;
                    """)
        }
        return m
    }


    static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE payments_v3 (
                    id INTEGER PRIMARY KEY,
                    batch_id TEXT NOT NULL REFERENCES batches(id),
                    programme_id TEXT NOT NULL,
                    period TEXT NOT NULL,
                    person_key TEXT NOT NULL,
                    masked_id TEXT NOT NULL,
                    amount_fen INTEGER NOT NULL,
                    district TEXT NOT NULL,
                    seq INTEGER,
                    end_to_end_id TEXT,
                    account_key BLOB,
                    masked_account TEXT,
                    name_key BLOB,
                    holds INTEGER CHECK (holds = 1),
                    reissue_of INTEGER REFERENCES payments_v3(id)
                );
                INSERT INTO payments_v3 (batch_id, programme_id, period, person_key, masked_id, amount_fen, district, holds)
                    SELECT batch_id, programme_id, period, person_key, masked_id, amount_fen, district,
                           CASE status WHEN 'committed' THEN 1 ELSE NULL END
                    FROM payments ORDER BY rowid;
                DROP TABLE payments;
                ALTER TABLE payments_v3 RENAME TO payments;
                CREATE INDEX payments_by_batch ON payments(batch_id, seq);
                -- `holds` = 1 while the payment pays its person (issued or confirmed): nobody is paid
                -- twice. It changes only when a payment is failed, returned or voided.
                CREATE UNIQUE INDEX payments_once_per_period ON payments(programme_id, period, person_key) WHERE holds = 1;
                CREATE INDEX payments_released ON payments(programme_id, period, person_key) WHERE holds IS NULL;

                -- A payment's state once the bank (or a void) has moved it; none means issued. Kept
                -- apart from the payments, so confirming a whole batch writes these small rows only.
                CREATE TABLE payment_states (
                    payment_id INTEGER PRIMARY KEY REFERENCES payments(id),
                    state TEXT NOT NULL CHECK (state IN ('confirmed', 'failed', 'returned', 'voided')),
                    date TEXT NOT NULL,
                    reason TEXT
                );
                INSERT INTO payment_states (payment_id, state, date, reason)
                    SELECT p.id, 'voided', coalesce(b.void_date, b.created), b.void_reason
                    FROM payments p JOIN batches b ON b.id = p.batch_id WHERE p.holds IS NULL;
                -- Each payment with its state, the date it took it, and why.
                CREATE VIEW payment_view AS
                    SELECT p.*, coalesce(s.state, 'issued') AS state, coalesce(s.date, b.created) AS state_date, s.reason AS state_reason
                    FROM payments p JOIN batches b ON b.id = p.batch_id LEFT JOIN payment_states s ON s.payment_id = p.id;

                -- Every change of a payment's state after it was issued: when, why, from which file.
                CREATE TABLE payment_events (
                    payment_id INTEGER NOT NULL REFERENCES payments(id),
                    from_state TEXT NOT NULL,
                    to_state TEXT NOT NULL,
                    date TEXT NOT NULL,
                    reason_code TEXT,
                    reason TEXT,
                    source TEXT NOT NULL
                );
                -- (No index: a payment's history is read rarely, and every bank answer adds rows.)

                -- The pain.001 messages of each batch, which a pain.002 names.
                -- (A message id names one batch: a re-run after a void gets ids of its own.)
                CREATE TABLE batch_messages (
                    message_id TEXT NOT NULL,
                    batch_id TEXT NOT NULL REFERENCES batches(id),
                    format TEXT NOT NULL,
                    payment_information_id TEXT NOT NULL,
                    PRIMARY KEY (message_id, batch_id)
                );
                CREATE INDEX batch_messages_by_group ON batch_messages(payment_information_id);
                ALTER TABLE batches ADD COLUMN payer_account TEXT;
                ALTER TABLE batches ADD COLUMN budget_fen INTEGER;
                CREATE INDEX payments_reissuing ON payments(reissue_of) WHERE reissue_of IS NOT NULL;

                -- The bank results applied, by content: the same file twice changes nothing.
                CREATE TABLE results_applied (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    date TEXT NOT NULL,
                    changed INTEGER NOT NULL
                );

                -- Payments and fen by programme, period, batch, district, state, and whether a
                -- failed one was paid again: kept with every change, so a run's budget check,
                -- a batch's standing and roster status read a few rows, not the payments.
                CREATE TABLE standing (
                    programme_id TEXT NOT NULL,
                    period TEXT NOT NULL,
                    batch_id TEXT NOT NULL,
                    district TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reissued INTEGER NOT NULL,
                    people INTEGER NOT NULL,
                    fen INTEGER NOT NULL,
                    PRIMARY KEY (programme_id, period, batch_id, district, state, reissued)
                );
                INSERT INTO standing (programme_id, period, batch_id, district, state, reissued, people, fen)
                    SELECT programme_id, period, batch_id, district, state, 0, count(*), sum(amount_fen) FROM payment_view
                    GROUP BY programme_id, period, batch_id, district, state;
                """)
    }

    /// Where a group of payments stands: the key of a `standing` row.
    struct Bucket: Hashable {
        var programmeId: String
        var period: String
        var batchId: String
        var district: String
        var state: PaymentState
        var reissued = false
    }

    /// Adds `people` and `fen` (negative to take away) to each bucket.
    static func add(_ db: Database, _ deltas: [Bucket: (people: Int, fen: Int64)]) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO standing (programme_id, period, batch_id, district, state, reissued, people, fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (programme_id, period, batch_id, district, state, reissued)
                DO UPDATE SET people = people + excluded.people, fen = fen + excluded.fen
                """)
        for (b, d) in deltas where d.people != 0 || d.fen != 0 {
            try upsert.execute(arguments: [b.programmeId, b.period, b.batchId, b.district, b.state.rawValue, b.reissued, d.people, d.fen])
        }
    }

    /// What a programme and period hold: issued and confirmed payments.
    static func committed(_ db: Database, programmeId: String, period: String) throws -> (people: Int, fen: Int64) {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(people), 0), coalesce(sum(fen), 0) FROM standing
                WHERE programme_id = ? AND period = ? AND state IN ('issued', 'confirmed')
                """,
            arguments: [programmeId, period])
        return (row?[0] ?? 0, row?[1] ?? 0)
    }
}
