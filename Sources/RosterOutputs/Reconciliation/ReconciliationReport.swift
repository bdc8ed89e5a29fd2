import RosterCore

/// What the reconciliation workbooks show, gathered by the caller from the ledger and the
/// result files (this target knows neither).
public struct ReconciliationReport: Sendable {
    /// One batch: its payments by where they stand with the bank.
    public struct Batch: Sendable {
        public var id: String
        public var programme: String
        public var period: String
        public var date: String
        public var issued: PaymentTotals
        public var confirmed: PaymentTotals
        public var failed: PaymentTotals
        public var returned: PaymentTotals
        /// Issued and not yet answered.
        public var pending: PaymentTotals
        public var voided: PaymentTotals
        public init(
            id: String, programme: String, period: String, date: String, issued: PaymentTotals, confirmed: PaymentTotals,
            failed: PaymentTotals, returned: PaymentTotals, pending: PaymentTotals, voided: PaymentTotals
        ) {
            (self.id, self.programme, self.period, self.date) = (id, programme, period, date)
            (self.issued, self.confirmed, self.failed, self.returned, self.pending, self.voided) = (issued, confirmed, failed, returned, pending, voided)
        }
    }
    /// One result file and what it did.
    public struct File: Sendable {
        public var name: String
        public var format: String
        public var date: String
        public var lines: Int
        public var confirmed: Int
        public var failed: Int
        public var returned: Int
        public var unchanged: Int
        public var problems: Int
        public var note: String
        public init(
            name: String, format: String, date: String, lines: Int, confirmed: Int, failed: Int, returned: Int, unchanged: Int,
            problems: Int, note: String
        ) {
            (self.name, self.format, self.date, self.lines) = (name, format, date, lines)
            (self.confirmed, self.failed, self.returned, self.unchanged, self.problems, self.note) = (confirmed, failed, returned, unchanged, problems, note)
        }
    }
    /// A line that changed nothing and needs a person: unmatched, ambiguous, conflicting.
    public struct Problem: Sendable {
        public var file: String
        public var position: String
        public var what: String
        public init(file: String, position: String, what: String) { (self.file, self.position, self.what) = (file, position, what) }
    }
    /// A failed or returned payment, for its district's workbook.
    public struct Failure: Sendable {
        public var district: String
        public var batchId: String
        public var sequence: Int?
        public var maskedId: String
        public var name: String?
        public var maskedAccount: String?
        public var amount: Money
        public var state: String
        public var date: String
        public var reason: String
        public init(
            district: String, batchId: String, sequence: Int?, maskedId: String, name: String?, maskedAccount: String?, amount: Money,
            state: String, date: String, reason: String
        ) {
            (self.district, self.batchId, self.sequence, self.maskedId, self.name) = (district, batchId, sequence, maskedId, name)
            (self.maskedAccount, self.amount, self.state, self.date, self.reason) = (maskedAccount, amount, state, date, reason)
        }
    }

    public var date: SimpleDate
    public var batches: [Batch]
    public var files: [File]
    public var problems: [Problem]
    public var failures: [Failure]
    public init(date: SimpleDate, batches: [Batch], files: [File], problems: [Problem], failures: [Failure]) {
        (self.date, self.batches, self.files, self.problems, self.failures) = (date, batches, files, problems, failures)
    }
}
