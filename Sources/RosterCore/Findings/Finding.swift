/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Comparable {
    /// The row is paid and flagged.
    case warning
    /// The row is not paid.
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// Every finding the validator can report, with its severity.
public enum FindingCode: String, Sendable, Hashable, CaseIterable {
    case idMissing = "id.missing"
    case idFormat = "id.format"
    case idChecksum = "id.checksum"
    case idBirthdate = "id.birthdate"
    case idRegion = "id.region"
    case idPrecisionLost = "id.precision-lost"
    case idLegacy15 = "id.legacy15"
    case idGenderMismatch = "id.gender-mismatch"
    case nameMissing = "name.missing"
    case honourNotRegistered = "honour.not-registered"
    case honourNameMismatch = "honour.name-mismatch"
    case honourLevelMismatch = "honour.level-mismatch"
    case honourRevoked = "honour.revoked"
    case honourDeceased = "honour.deceased"
    case honourIneligible = "honour.ineligible"
    case honourUnrecognised = "honour.unrecognised"
    case honourStatusLater = "honour.status-later"
    case dupInFile = "dup.in-file"
    case dupInBatch = "dup.in-batch"
    case dupCrossDistrict = "dup.cross-district"
    case dupSuspect = "dup.suspect"
    case dupAlreadyPaid = "dup.already-paid"
    case dupPaidAmountDiffers = "dup.paid-amount-differs"
    case bankAccountFailed = "bank.account-failed"
    case bankMissing = "bank.missing"
    case bankAccountFormat = "bank.account-format"
    case bankPrecisionLost = "bank.precision-lost"
    case bankLuhn = "bank.luhn"
    case amountMissing = "amount.missing"
    case amountFormat = "amount.format"
    case amountOverLimit = "amount.over-limit"
    case amountNotAllowed = "amount.not-allowed"
    case totalMismatch = "total.mismatch"
    case columnMissing = "column.missing"
    case districtUnknown = "district.unknown"
    case districtNotOwn = "district.not-own"
    case fileEmpty = "file.empty"
    case fileWrongKind = "file.wrong-kind"
    case orgUsccFormat = "org.uscc-format"
    case orgUsccChecksum = "org.uscc-checksum"
    case orgNotNamed = "org.not-named"
    case orgLeaderNotRegistered = "org.leader-not-registered"
    case orgAccountFormat = "org.account-format"
    case orgBankCode = "org.bank-code"
    case dupOrg = "dup.org"

    /// The severity this code always has.
    public var severity: Severity {
        switch self {
        case .idLegacy15, .idGenderMismatch, .honourStatusLater, .dupSuspect, .bankLuhn, .honourUnrecognised, .dupPaidAmountDiffers, .bankAccountFailed:
            return .warning
        default: return .error
        }
    }
}

/// One problem found in a roster: where, what, how serious, and what to do (in Chinese).
public struct Finding: Sendable, Hashable {
    /// The file path as given.
    public var file: String
    /// The sheet, when one was chosen.
    public var sheet: String?
    /// The spreadsheet's own 1-based row number (the physical line for CSV); nil for file-level.
    public var row: Int?
    /// 0-based column index, when the finding is about one cell.
    public var columnIndex: Int?
    /// The field concerned.
    public var field: RosterField?
    /// The code.
    public var code: FindingCode
    /// A message a district clerk can act on.
    public var message: String
    /// The offending value, masked where it is personal.
    public var value: String?
    /// For `dup.cross-district`: the other district(s) that sent the same person.
    public var otherDistricts: [String]

    /// Creates a finding.
    public init(
        file: String, sheet: String?, row: Int?, columnIndex: Int?, field: RosterField?, code: FindingCode,
        message: String, value: String? = nil, otherDistricts: [String] = []
    ) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.columnIndex = columnIndex
        self.field = field
        self.code = code
        self.message = message
        self.value = value
        self.otherDistricts = otherDistricts
    }

    /// The severity (from the code).
    public var severity: Severity { code.severity }
    /// The column letters (`D`), when about one cell.
    public var column: String? { columnIndex.map { CellAddress.columnName($0) } }
    /// `D12` or `row 12` or nil.
    public var place: String? {
        guard let row else { return column.map { "列 \($0)" } }
        if let column { return column + String(row) }
        return "第 \(row) 行"
    }
}

import Spreadsheet
