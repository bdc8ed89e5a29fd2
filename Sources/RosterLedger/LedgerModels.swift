import Crypto
import Foundation
import RosterCore

/// One person's payment in a batch about to be recorded. Holds the clear identity number only
/// in memory; the ledger stores its keyed hash and masked form.
public struct LedgerPayment: Sendable, Hashable {
    /// The normalised 18-character identity number (upper-case `X`).
    public var idNumber: String
    /// The amount paid.
    public var amount: Money
    /// The district the person is paid through.
    public var district: String

    /// Creates a payment; the identity number is trimmed and upper-cased.
    public init(idNumber: String, amount: Money, district: String) {
        self.idNumber = LedgerBatch.normalise(idNumber)
        self.amount = amount
        self.district = district
    }
}

/// A completed batch to record in the ledger: programme, period, creation date and payments.
public struct LedgerBatch: Sendable, Hashable {
    /// The batch id. Defaults to ``contentId``; see ``PaymentLedger/availableBatchId(for:)``.
    public var id: String
    /// The programme's id.
    public var programmeId: String
    /// The period paid (for example `2024` or `2024Q1`).
    public var period: String
    /// The batch date as `YYYY-MM-DD`, given by the caller (never the clock).
    public var created: String
    /// The payments, one per person.
    public var payments: [LedgerPayment]
    /// The SHA-256 of the run's `manifest.json`, when there is one.
    public var manifestSHA256: String?

    /// Creates a batch whose id is derived from its content.
    public init(
        programmeId: String, period: String, created: String, payments: [LedgerPayment],
        manifestSHA256: String? = nil
    ) {
        self.programmeId = programmeId
        self.period = period
        self.created = created
        self.payments = payments
        self.manifestSHA256 = manifestSHA256
        self.id = Self.contentId(
            programmeId: programmeId, period: period, created: created, payments: payments)
    }

    /// The number of payments.
    public var count: Int { payments.count }

    /// The sum of the payments.
    public var total: Money { Money(fen: payments.reduce(0) { $0 + $1.amount.fen }) }

    /// A deterministic batch id: the date's digits, a dash and 12 hex digits of the SHA-256 of
    /// the programme, period, date, count, total and every payment (in sorted order), so the
    /// same batch always gets the same id whatever order its rows came in.
    public static func contentId(
        programmeId: String, period: String, created: String, payments: [LedgerPayment]
    ) -> String {
        func field(_ s: String) -> String { "\(s.utf8.count):\(s)" }
        // Sorted by their UTF-8 bytes (the order of `<` for these texts: identity numbers are
        // ASCII and unique in a batch) and hashed one by one, never joined into one string.
        let lines = payments.map { Array((field($0.idNumber) + field(String($0.amount.fen)) + field($0.district)).utf8) }
            .sorted { $0.lexicographicallyPrecedes($1) }
        let total = payments.reduce(Int64(0)) { $0 + $1.amount.fen }
        var head = "roster-ledger-batch-v1|" + field(programmeId) + field(period) + field(created)
        head += field(String(payments.count)) + field(String(total)) + "|"
        var hasher = SHA256()
        hasher.update(data: Array(head.utf8))
        let bar: [UInt8] = [UInt8(ascii: "|")]
        for (i, line) in lines.enumerated() {
            if i > 0 { hasher.update(data: bar) }
            hasher.update(data: line)
        }
        let digest = hexString(hasher.finalize())
        let dateDigits = created.filter(\.isASCII).filter(\.isNumber)
        let prefix = dateDigits.isEmpty ? "B" : dateDigits
        return prefix + "-" + digest.prefix(12)
    }

    /// Trims and upper-cases an identity number.
    static func normalise(_ id: String) -> String {
        // Most numbers are already clean: 0-9 and X only.
        if id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x58 }) { return id }
        return id.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }
}

/// Whether a recorded batch stands or was voided.
public enum LedgerBatchStatus: String, Sendable, Codable {
    /// The batch stands: its people count as paid.
    case committed
    /// The batch was voided: kept for the record, its people can be paid again.
    case voided
}

/// A recorded batch as `roster ledger list` shows it.
public struct LedgerBatchSummary: Sendable, Hashable {
    /// The batch id.
    public var id: String
    /// The programme's id.
    public var programmeId: String
    /// The period paid.
    public var period: String
    /// The batch date, `YYYY-MM-DD`.
    public var created: String
    /// How many people were paid.
    public var count: Int
    /// The batch total.
    public var total: Money
    /// Committed or voided.
    public var status: LedgerBatchStatus
    /// Why it was voided.
    public var voidReason: String?
    /// When it was voided, `YYYY-MM-DD`.
    public var voidDate: String?
    /// The SHA-256 of the run's outputs manifest.
    public var manifestSHA256: String?
}

/// One recorded payment as the ledger keeps it: masked identity, never the clear number.
public struct LedgerPaymentRecord: Sendable, Hashable {
    /// The masked identity number, `530102********123X`.
    public var maskedId: String
    /// The amount paid.
    public var amount: Money
    /// The district.
    public var district: String
}

/// A recorded batch with its payments, as `roster ledger show` prints it.
public struct LedgerBatchDetail: Sendable, Hashable {
    /// The batch's summary line.
    public var summary: LedgerBatchSummary
    /// The payments, sorted by district then masked identity.
    public var payments: [LedgerPaymentRecord]
}

/// A person already paid for a programme and period, found by ``PaymentLedger/priorPayments(programmeId:period:idNumbers:)``.
public struct PriorPayment: Sendable, Hashable {
    /// The committed batch that paid them.
    public var batchId: String
    /// The batch date.
    public var created: String
    /// The masked identity number.
    public var maskedId: String
    /// The amount paid then.
    public var amount: Money
    /// The district that paid them.
    public var district: String
}
