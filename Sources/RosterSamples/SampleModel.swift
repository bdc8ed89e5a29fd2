import Spreadsheet
import RosterCore

/// One cell of a generated sheet, as it is to be stored.
public enum SampleCell: Sendable, Hashable {
    /// No cell.
    case empty
    /// A text (string) cell.
    case text(String)
    /// A numeric cell, given as the exact text it is stored with (`2000`, `1912.5`,
    /// `5.30102198001011E+17`). In CSV the text is written as is.
    case number(String)

    /// The text a CSV file holds for this cell.
    public var csvText: String {
        switch self {
        case .empty: return ""
        case .text(let s), .number(let s): return s
        }
    }
}

/// One generated sheet: rows in order (row `i` of the array is spreadsheet row `i + 1`; an empty
/// array is a blank row), merged ranges and column widths (in characters, XLSX only).
public struct SampleSheet: Sendable, Hashable {
    /// The sheet's name.
    public var name: String
    /// Rows, dense from row 1; trailing empty cells may be omitted.
    public var rows: [[SampleCell]]
    /// Merged ranges (XLSX only).
    public var merges: [CellRange]
    /// Column widths in characters by 0-based column (XLSX only); missing columns use the default.
    public var columnWidths: [Double]
    /// The 1-based title row, drawn large and bold (XLSX only).
    public var titleRow: Int?
    /// The 1-based header rows, drawn bold on grey with borders (XLSX only).
    public var headerRows: ClosedRange<Int>?
    /// The 1-based data and totals rows, drawn with borders (XLSX only).
    public var tableRows: ClosedRange<Int>?

    /// Creates a sheet.
    public init(name: String, rows: [[SampleCell]] = [], merges: [CellRange] = [], columnWidths: [Double] = []) {
        self.name = name
        self.rows = rows
        self.merges = merges
        self.columnWidths = columnWidths
    }
}

/// How a generated file is stored.
public enum SampleFileFormat: String, Sendable, Hashable, Codable {
    /// An Office Open XML workbook.
    case xlsx
    /// CSV in UTF-8 without a byte-order mark.
    case csvUTF8 = "csv-utf8"
    /// CSV in UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8").
    case csvUTF8BOM = "csv-utf8-bom"
    /// CSV in GB18030 (as Excel on Chinese Windows saves "CSV").
    case csvGB18030 = "csv-gb18030"

    /// The file name extension.
    public var fileExtension: String { self == .xlsx ? "xlsx" : "csv" }
}

/// One generated file: its path relative to the scenario folder, its format and its sheets (one
/// for CSV).
public struct SampleFile: Sendable, Hashable {
    /// Path relative to the output folder, e.g. `rosters/五华区.xlsx`.
    public var path: String
    /// Storage format.
    public var format: SampleFileFormat
    /// Sheets in order (exactly one for CSV).
    public var sheets: [SampleSheet]

    /// Creates a file.
    public init(path: String, format: SampleFileFormat, sheets: [SampleSheet]) {
        self.path = path
        self.format = format
        self.sheets = sheets
    }
}

/// One finding the validator must report for an injected defect.
public struct SampleTruthEntry: Sendable, Hashable, Codable, Comparable {
    /// The roster file, relative to the scenario folder (`rosters/五华区.xlsx`).
    public var file: String
    /// The spreadsheet's 1-based row number (physical line for CSV).
    public var row: Int
    /// The finding code (`id.checksum`, `dup.in-file`…).
    public var code: String
    /// `error` or `warning`.
    public var severity: String

    /// Creates an entry.
    public init(file: String, row: Int, code: String, severity: String) {
        self.file = file
        self.row = row
        self.code = code
        self.severity = severity
    }

    /// Orders by file, row, code.
    public static func < (a: SampleTruthEntry, b: SampleTruthEntry) -> Bool {
        (a.file, a.row, a.code) < (b.file, b.row, b.code)
    }
}

/// An injected variation the validator must normalise silently (no finding).
public struct SampleNormalisation: Sendable, Hashable, Codable, Comparable {
    /// The roster file, relative to the scenario folder.
    public var file: String
    /// The spreadsheet's 1-based row number (physical line for CSV).
    public var row: Int
    /// What was varied: `id.lowercase-x`, `id.fullwidth`, `name.inner-space`, `name.middle-dot`.
    public var kind: String

    /// Creates an entry.
    public init(file: String, row: Int, kind: String) {
        self.file = file
        self.row = row
        self.kind = kind
    }

    /// Orders by file, row, kind.
    public static func < (a: SampleNormalisation, b: SampleNormalisation) -> Bool {
        (a.file, a.row, a.kind) < (b.file, b.row, b.kind)
    }
}

/// The payment programme of a scenario (written as `program.json`).
public struct SampleProgram: Sendable, Hashable, Codable {
    /// The payer of a programme.
    public struct Payer: Sendable, Hashable, Codable {
        /// The paying organisation.
        public var name: String
        /// Its account number.
        public var account: String
        /// Its bank.
        public var bank: String
    }

    /// The amount rule: only a maximum here.
    public struct AmountRule: Sendable, Hashable, Codable {
        /// The largest amount one person may receive.
        public var max: Money
    }

    /// Stable identifier.
    public var id: String
    /// Title shown to people.
    public var title: String
    /// The period, `YYYY-MM`.
    public var period: String
    /// Eligible honour levels (`municipal`…).
    public var eligibleHonours: [String]
    /// Amount rule.
    public var amount: AmountRule
    /// Budget of the whole batch.
    public var budget: Money
    /// Currency, `CNY`.
    public var currency: String
    /// Who pays.
    public var payer: Payer
}

/// A whole generated scenario: register, programme, district rosters and the truth.
public struct SampleScenario: Sendable {
    /// The seed it was generated from.
    public var seed: UInt64
    /// The options it was generated with.
    public var options: SampleOptions
    /// The honour register.
    public var register: SampleFile
    /// The programme.
    public var program: SampleProgram
    /// One roster file per district, in district-code order.
    public var rosters: [SampleFile]
    /// Every finding the validator must report, sorted.
    public var truth: [SampleTruthEntry]
    /// Every injected variation that must be normalised without a finding, sorted.
    public var normalisations: [SampleNormalisation]
    /// Data rows written across all rosters (excluding headers, totals and notes).
    public var rosterRowCount: Int
    /// People in the register by level (`national`, `provincial`, `municipal`) and status.
    public var registerCounts: [String: Int]
    /// Sum of the amounts of the rows the validator should pay.
    public var payableTotal: Money
    /// Number of rows the validator should pay (clean rows and rows with warnings only).
    public var payableRows: Int

    /// The command that regenerates this scenario into `DIR`.
    public var commandLine: String {
        var line = "roster samples --out DIR --rows \(options.rows) --seed \(options.seed)"
        if let n = options.registerSize { line += " --register-size \(n)" }
        if options.registerFormat != .xlsx { line += " --register-csv" }
        return line
    }
}
