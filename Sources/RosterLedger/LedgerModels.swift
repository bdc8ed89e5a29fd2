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
    /// Its row in the bank files (序号), which a bank's result may echo.
    public var sequence: Int?
    /// Its `EndToEndId` in a pain.001 file, which a pain.002 or camt.054 names.
    public var endToEndId: String?
    /// The account paid into (clear, in memory only: the ledger keeps a keyed hash, to match a
    /// bank's result line and to warn when a failed account is sent again, and a masked form).
    public var account: String?
    /// The account holder's name (in memory only: the ledger keeps a keyed hash).
    public var name: String?
    /// The payee's honour level (the year report's breakdown), when known.
    public var honour: HonourLevel?

    /// Creates a payment; the identity number is trimmed and upper-cased.
    public init(
        idNumber: String, amount: Money, district: String, sequence: Int? = nil, endToEndId: String? = nil,
        account: String? = nil, name: String? = nil, honour: HonourLevel? = nil
    ) {
        self.idNumber = LedgerBatch.normalise(idNumber)
        self.amount = amount
        self.district = district
        self.sequence = sequence
        self.endToEndId = endToEndId
        self.account = account
        self.name = name
        self.honour = honour
    }
}

/// What the ledger keeps of a programme for the year report: its title, the day its payments
/// were due, and whom it pays. Recorded (and updated) with each batch.
public struct LedgerProgramme: Sendable, Hashable {
    /// The title.
    public var title: String
    /// The day payments were due, `YYYY-MM-DD`.
    public var deadline: String?
    /// `person` or `organisation`.
    public var payee: String

    /// Creates one.
    public init(title: String, deadline: String? = nil, payee: String = "person") {
        self.title = title
        self.deadline = deadline
        self.payee = payee
    }
}

/// Where a payment stands with the bank.
public enum PaymentState: String, Sendable, Codable, CaseIterable, Comparable {
    /// In a bank file; the bank has not answered. The person counts as paid.
    case issued
    /// The bank paid it.
    case confirmed
    /// The bank refused it (pain.002 RJCT, a failure list): the person may be paid again.
    case failed
    /// Paid, then sent back by the payee's bank (camt.054 RtrInf): the person may be paid again.
    case returned
    /// Voided in the ledger, alone or with its batch: the person may be paid again.
    case voided

    /// Whether the person counts as paid for the programme and period (and against the budget).
    public var holdsPerson: Bool { self == .issued || self == .confirmed }

    /// The states a payment goes to from this one on a bank's answer.
    public func accepts(_ next: PaymentState) -> Bool {
        switch (self, next) {
        case (.issued, .confirmed), (.issued, .failed), (.issued, .returned), (.confirmed, .returned): return true
        default: return false
        }
    }

    public static func < (a: PaymentState, b: PaymentState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The state in Chinese, for the clerks' workbooks.
    public var chinese: String {
        switch self {
        case .issued: return "已提交银行"
        case .confirmed: return "已到账"
        case .failed: return "发放失败"
        case .returned: return "到账后退回"
        case .voided: return "已作废"
        }
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
    /// The account the bank files pay from: a bank's result for another account is refused.
    public var payerAccount: String?
    /// The pain.001 messages written for the batch, which a pain.002 names.
    public var messages: [BatchMessage]
    /// The programme's budget: every issued or confirmed payment of all its batches, this one
    /// included, must fit in it. Nil: no budget is kept.
    public var budget: Money?
    /// The programme's title, deadline and payee kind, for the year report.
    public var programme: LedgerProgramme?

    /// Creates a batch whose id is derived from its content.
    public init(
        programmeId: String, period: String, created: String, payments: [LedgerPayment],
        manifestSHA256: String? = nil, payerAccount: String? = nil, messages: [BatchMessage] = [], budget: Money? = nil
    ) {
        self.programmeId = programmeId
        self.period = period
        self.created = created
        self.payments = payments
        self.manifestSHA256 = manifestSHA256
        self.payerAccount = payerAccount
        self.messages = messages
        self.budget = budget
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
        // One line a payment, `len:id len:fen len:district`, all in one buffer.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payments.count * 48)
        var starts: [Int] = [0]
        starts.reserveCapacity(payments.count + 1)
        func put(_ s: String) {
            var s = s
            s.withUTF8 { u in
                bytes.append(contentsOf: String(u.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: u)
            }
        }
        for p in payments {
            put(p.idNumber)
            put(String(p.amount.fen))
            put(p.district)
            starts.append(bytes.count)
        }
        // Sorted by their UTF-8 bytes (the order of `<` for these texts: identity numbers are
        // ASCII and unique in a batch) and hashed one by one, never joined into one string.
        var order = Array(0..<payments.count)
        bytes.withUnsafeBufferPointer { b in
            order.sort { i, j in
                let (x, y) = (starts[i + 1] - starts[i], starts[j + 1] - starts[j])
                let c = memcmp(b.baseAddress! + starts[i], b.baseAddress! + starts[j], min(x, y))
                return c != 0 ? c < 0 : x < y
            }
        }
        let total = payments.reduce(Int64(0)) { $0 + $1.amount.fen }
        var head = "roster-ledger-batch-v1|" + field(programmeId) + field(period) + field(created)
        head += field(String(payments.count)) + field(String(total)) + "|"
        var hasher = SHA256()
        hasher.update(data: Array(head.utf8))
        let bar: [UInt8] = [UInt8(ascii: "|")]
        bytes.withUnsafeBytes { b in
            for (n, i) in order.enumerated() {
                if n > 0 { hasher.update(data: bar) }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: b[starts[i]..<starts[i + 1]]))
            }
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

/// A pain.001 message of a batch: its `MsgId` and `PmtInfId`.
public struct BatchMessage: Sendable, Hashable {
    /// The format, such as `pain.001.001.09`.
    public var format: String
    /// `GrpHdr/MsgId`.
    public var messageId: String
    /// `PmtInf/PmtInfId`.
    public var paymentInformationId: String
    /// Creates one.
    public init(format: String, messageId: String, paymentInformationId: String) {
        self.format = format
        self.messageId = messageId
        self.paymentInformationId = paymentInformationId
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
    /// Where it stands with the bank, since when, and why.
    public var state: PaymentState = .issued
    public var stateDate: String? = nil
    public var stateReason: String? = nil
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
    /// Issued (awaiting the bank) or confirmed.
    public var state: PaymentState = .issued
}

/// A person's earlier payment the bank failed or returned, found for a new batch: the new
/// payment is linked to it, and an account sent again after it failed is warned about.
public struct FailedPayment: Sendable, Hashable {
    /// The batch it was in.
    public var batchId: String
    /// Failed or returned.
    public var state: PaymentState
    /// When the bank said so, `YYYY-MM-DD`.
    public var date: String
    /// The bank's reason, as recorded.
    public var reason: String
    /// The masked account it was sent to.
    public var maskedAccount: String?
    /// Whether that account is the one given now (compared by keyed hash).
    public var sameAccount: Bool
}
