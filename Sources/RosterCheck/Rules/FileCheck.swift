import Foundation
import RosterCore
import Spreadsheet

/// A data row after checking: its parsed fields, its findings and whether it is paid.
public struct CheckedRow: Sendable, Hashable {
    /// The original row (every cell as sent) and its district.
    public var source: RosterRow
    /// Normalised name.
    public var name: String
    /// 男 / 女 from the 性别 cell, nil when absent or unrecognised.
    public var isMale: Bool?
    /// The cleaned identity number (18 characters when well formed).
    public var idNumber: String
    /// The identity key used for register and duplicate checks: set when the number passed
    /// every identity check.
    public var idKey: String?
    /// The claimed honour level, when the 荣誉称号 cell is recognised.
    public var claimedHonour: HonourLevel?
    /// The register entry, when found.
    public var register: RegisterEntry?
    /// Cleaned text fields.
    public var employer: String
    /// 开户行.
    public var bank: String
    /// Cleaned account number.
    public var account: String
    /// 联系电话.
    public var phone: String
    /// 困难类型.
    public var hardship: String
    /// 备注.
    public var remarks: String
    /// The amount, when it parsed.
    public var amount: Money?
    /// What an organisation row carries besides (nil for a person).
    public var organisation: OrganisationDetails? = nil
    /// Findings of this row, in column order.
    public var findings: [Finding] {
        didSet { hasError = findings.contains { $0.code.severity == .error } }
    }
    /// True when some finding is an error (kept in step with `findings`).
    public private(set) var hasError: Bool = false
    /// True when the ledger already pays this person for the programme and period.
    public var isAlreadyPaid: Bool { hasError && findings.contains { $0.code == .dupAlreadyPaid } }

    /// The district of the row.
    public var district: String? { source.district }
    /// The row number.
    public var number: Int { source.number }
    /// True when the row has no error finding (it is paid; warnings may remain).
    public var accepted: Bool { !hasError }
}

/// An organisation row's studio, leader and bank code: kept apart behind one reference, so a
/// person's checked row does not grow by them.
public final class OrganisationDetails: Sendable, Hashable {
    /// 工作室名称, as written.
    public let studio: String
    /// 负责人姓名.
    public let leader: String
    /// 联行号, when given.
    public let bankCode: String

    /// Creates the details.
    public init(studio: String, leader: String, bankCode: String) {
        self.studio = studio
        self.leader = leader
        self.bankCode = bankCode
    }

    public static func == (a: OrganisationDetails, b: OrganisationDetails) -> Bool {
        a.studio == b.studio && a.leader == b.leader && a.bankCode == b.bankCode
    }

    public func hash(into h: inout Hasher) {
        h.combine(studio)
        h.combine(leader)
        h.combine(bankCode)
    }
}

/// A normalisation applied silently to some rows of a file.
public struct NormalisationRecord: Sendable, Hashable {
    /// The field.
    public var field: RosterField
    /// What was changed (`full-width`, `spaces`, `currency-sign`…).
    public var kind: String
    /// The rows it was applied to, ascending.
    public var rows: [Int]
}

/// The check of one file.
public struct FileCheck: Sendable {
    /// The located roster.
    public var file: RosterFile
    /// Every data row, checked, in sheet order.
    public var rows: [CheckedRow]
    /// Findings about the file as a whole or its totals rows.
    public var fileFindings: [Finding]
    /// Silent normalisations, by field and kind.
    public var normalisations: [NormalisationRecord]

    /// The file-level errors (a missing column, no district, an empty file): each holds back
    /// every row of the file.
    public var blockingFindings: [Finding] { fileFindings.filter(Self.holdsBackFile) }
    /// True when a file-level error holds back every row.
    public var blocked: Bool { fileFindings.contains(where: Self.holdsBackFile) }
    /// An error about the file as a whole (no row) holds back all of it.
    static func holdsBackFile(_ f: Finding) -> Bool { f.row == nil && f.severity == .error }

    /// The one place that decides who is paid: every row without an error finding, unless a
    /// file-level error holds the whole file back. Such a row always has its amount (no amount,
    /// or one that cannot be read, is an error). Every count, workbook, bank file and the
    /// ledger follow this.
    public var paidRows: IndexSet {
        var out = IndexSet()
        guard !blocked else { return out }
        for i in rows.indices where !rows[i].hasError { out.insert(i) }
        return out
    }

    /// Whether row `i` is paid, given whether the file is `blocked` (see ``paidRows``).
    @inlinable public func isPaid(_ i: Int, blocked: Bool) -> Bool { !blocked && !rows[i].hasError }

    /// What becomes of row `i`: paid now, already paid by an earlier batch (neither paid nor
    /// returned: there is nothing for the district to correct), or returned.
    public func disposition(_ i: Int, blocked: Bool) -> RowDisposition {
        if isPaid(i, blocked: blocked) { return .paid }
        return !blocked && rows[i].isAlreadyPaid ? .alreadyPaid : .returned
    }

    /// Rows that are paid.
    public var acceptedRows: [CheckedRow] { paidRows.map { rows[$0] } }
    /// Rows that are returned.
    public var rejectedRows: [CheckedRow] {
        let paid = paidRows
        return rows.indices.filter { !paid.contains($0) }.map { rows[$0] }
    }
    /// Number of data rows.
    public var rowCount: Int { rows.count }
    /// Number of rows paid.
    public var acceptedCount: Int { paidTotals.count }
    /// Number of rows returned.
    public var rejectedCount: Int { rowCount - acceptedCount - alreadyPaidCount }
    /// Rows whose person an earlier batch already pays (neither accepted nor rejected).
    public var alreadyPaidCount: Int {
        let blocked = blocked
        return rows.indices.reduce(0) { $0 + (disposition($1, blocked: blocked) == .alreadyPaid ? 1 : 0) }
    }
    /// Total of the paid rows.
    public var acceptedAmount: Money { paidTotals.amount }
    /// The rows paid and their total.
    public var paidTotals: PaymentTotals {
        let blocked = blocked
        var t = PaymentTotals()
        for i in rows.indices where isPaid(i, blocked: blocked) { t.add(rows[i].amount ?? .zero) }
        return t
    }
    /// The rows returned and the total of those whose amount could be read.
    public var returnedTotals: PaymentTotals {
        let blocked = blocked
        var t = PaymentTotals()
        for i in rows.indices where !isPaid(i, blocked: blocked) { t.add(rows[i].amount ?? .zero) }
        return t
    }
    /// Every finding: file-level first, then by row and column.
    public var findings: [Finding] {
        var all = fileFindings
        for i in rows.indices where !rows[i].findings.isEmpty { all += rows[i].findings }
        all = all.enumerated().sorted { a, b in
            let ka = (a.element.row ?? 0, a.element.columnIndex ?? -1)
            let kb = (b.element.row ?? 0, b.element.columnIndex ?? -1)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return all
    }
}

/// What becomes of a roster row in a run. Rows in = paid + already paid + returned.
public enum RowDisposition: Sendable, Hashable {
    /// Paid in this batch.
    case paid
    /// Paid by an earlier batch of the programme and period (issued or confirmed).
    case alreadyPaid
    /// Returned to the district to correct.
    case returned
}
