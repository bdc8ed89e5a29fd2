import RosterCheck
import RosterCore
import Spreadsheet

/// What a district sees of one submission, as the check found it: the summary, the returned rows
/// with the cells at fault marked and the message beside each, the warnings. Identity and card
/// numbers are masked here as everywhere outside the uploaded file.
public struct SubmissionResult: Sendable, Codable, Hashable {
    /// One cell of a returned row.
    public struct CellView: Sendable, Codable, Hashable {
        public var text: String
        /// True when a finding is about this cell.
        public var fault: Bool
    }

    /// A returned row: its number, its cells in header order, and why it is returned.
    public struct RowView: Sendable, Codable, Hashable {
        public var row: Int
        public var cells: [CellView]
        public var messages: [String]
    }

    /// A finding shown as a line: where, the code's label, what to do.
    public struct Line: Sendable, Codable, Hashable {
        public var place: String
        public var code: String
        public var label: String
        public var message: String
    }

    public var rows: Int
    /// True when a problem with the whole file holds every row back.
    public var blocked: Bool
    public var passed: Int
    public var returned: Int
    public var passedYuan: String
    public var returnedYuan: String
    public var headers: [String]
    public var returnedRows: [RowView]
    public var fileProblems: [Line]
    public var warnings: [Line]

    /// Identity and account numbers masked, as in every message.
    /// A column no template names may hold numbers too: every long digit run is masked as well.
    static func masked(_ text: String, field: RosterField?) -> String {
        switch field {
        case .idNumber?, .leaderId?: return text.isEmpty ? "" : Mask.identity(text)
        case .account?: return text.isEmpty ? "" : Mask.account(text)
        default: return Mask.numbers(in: text)
        }
    }

    static func line(_ f: Finding) -> Line {
        Line(place: f.place ?? "整个文件", code: f.code.rawValue, label: FindingText.label(f.code), message: Mask.numbers(in: f.message))
    }

    /// `clean`, `errors` (some rows returned) or `blocked` (the whole file held back).
    public var status: String { blocked ? "blocked" : returned > 0 ? "errors" : "clean" }
}

extension SubmissionResult {
    /// Builds the view of one checked file.
    public init(_ c: FileCheck) {
        rows = c.rowCount
        blocked = c.blocked
        passed = c.acceptedCount
        returned = c.rowCount - c.acceptedCount - c.alreadyPaidCount
        passedYuan = c.acceptedAmount.groupedString
        returnedYuan = c.returnedTotals.amount.groupedString
        let columns = c.file.headers
        headers = columns.map(\.text)
        fileProblems = c.fileFindings.map(Self.line)
        warnings = c.findings.filter { $0.severity == .warning }.map(Self.line)
        let paid = c.paidRows
        var out: [RowView] = []
        for (i, r) in c.rows.enumerated() where !paid.contains(i) {
            let faults = Set(r.findings.filter { $0.severity == .error }.compactMap(\.columnIndex))
            let cells = columns.map { h -> CellView in
                let raw = r.source.row.rawText(column: h.column)?.raw ?? ""
                return CellView(text: Self.masked(raw, field: h.field), fault: faults.contains(h.column))
            }
            let messages = r.findings.filter { $0.severity == .error || c.blocked }.map { Mask.numbers(in: $0.message) }
            out.append(RowView(row: r.number, cells: cells, messages: messages.isEmpty && c.blocked ? ["整个文件暂不能发放，见上方说明"] : messages))
        }
        returnedRows = out
    }

}
