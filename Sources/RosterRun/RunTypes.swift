import Dispatch
import Foundation
import Spreadsheet
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs

/// What `roster run` is asked to do.
public struct RunOptions: Sendable {
    /// The programme JSON.
    public var program: String
    /// The honour register (XLSX or CSV).
    public var registry: String
    /// The output folder (must not exist unless `force`).
    public var out: String
    /// Roster files and folders of rosters.
    public var inputs: [String]
    /// The payment ledger; nil means `roster-ledger.sqlite` beside `out`.
    public var ledger: String?
    /// A file holding the ledger key (else `ROSTER_LEDGER_KEY`, else the key kept in the ledger).
    public var ledgerKeyFile: String?
    /// Bank file formats (`--bank-template`); empty means `generic-csv`.
    public var bankTemplates: [String]
    /// An XSD the pain.001 files must satisfy.
    public var xsd: String?
    /// The run date `YYYY-MM-DD`; nil means the programme's reference date.
    public var date: String?
    /// A GB/T 2260 area-code table for full region checks.
    public var regions: String?
    /// A roster template JSON instead of the built-in one.
    public var template: String?
    /// A district list JSON instead of the built-in Kunming one.
    public var districts: String?
    /// The list of named studios (an organisation programme).
    public var studios: String? = nil
    /// The account list (a programme paid from the register).
    public var accounts: String? = nil
    /// Replace an existing output folder.
    public var force: Bool
    /// The working directory paths are shown relative to (never written absolute).
    public var workingDirectory: String

    /// Creates options; `workingDirectory` defaults to the process's current directory.
    public init(
        program: String, registry: String, out: String, inputs: [String], ledger: String? = nil,
        ledgerKeyFile: String? = nil, bankTemplates: [String] = [], xsd: String? = nil, date: String? = nil,
        regions: String? = nil, template: String? = nil, districts: String? = nil, force: Bool = false,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.program = program
        self.registry = registry
        self.out = out
        self.inputs = inputs
        self.ledger = ledger
        self.ledgerKeyFile = ledgerKeyFile
        self.bankTemplates = bankTemplates
        self.xsd = xsd
        self.date = date
        self.regions = regions
        self.template = template
        self.districts = districts
        self.force = force
        self.workingDirectory = workingDirectory
    }
}

/// Why a run stopped without a batch.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, which decides the exit status.
    public enum Kind: String, Sendable {
        /// An input or configuration file cannot be used (exit 2).
        case input
        /// The books do not balance or the budget is exceeded (exit 3).
        case reconciliation
        /// The ledger refused the batch or cannot be used (exit 3).
        case ledger
        /// An output could not be written (exit 1).
        case output
    }
    /// The kind.
    public var kind: Kind
    /// One line: what, where and what to do.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process exit status for this failure.
    public var exitCode: Int32 {
        switch kind {
        case .input: 2
        case .reconciliation, .ledger: 3
        case .output: 1
        }
    }

    public var description: String { message }
}

/// Progress while reading: files done of total, rows so far.
public struct RunProgress: Sendable {
    /// Files read so far.
    public var filesDone: Int
    /// Files to read.
    public var filesTotal: Int
    /// Data rows read so far.
    public var rows: Int
}

/// What a run did (the terminal summary); holds no personal data.
public struct RunSummary: Sendable {
    /// How the run ended.
    public enum Status: Sendable, Equatable {
        /// The batch is written and recorded.
        case completed
        /// Every row was returned: nothing written, nothing recorded.
        case nothingToPay
    }
    /// How the run ended.
    public var status: Status
    /// Roster files read (paths as shown).
    public var files: [String]
    /// Files skipped while walking folders (hidden or temporary), with the reason.
    public var skipped: [String]
    /// Data rows read.
    public var rows: Int
    /// Rows and yuan paid.
    public var paid: PaymentTotals
    /// Rows and yuan returned (yuan of the rows whose amount could be read).
    public var returned: PaymentTotals
    /// Returned rows by their first error code, most frequent first.
    public var returnedByReason: [(code: FindingCode, count: Int)]
    /// Rows paid with a warning.
    public var warnings: Int
    /// The programme's budget.
    public var budget: Money
    /// Rows whose person an earlier batch already pays (neither paid now nor returned).
    public var alreadyPaid = PaymentTotals()
    /// What earlier batches of the programme and period hold against it.
    public var earlierCommitted: Money = .zero
    /// The budget left after earlier batches and this one.
    public var budgetRemaining: Money { budget - earlierCommitted - paid.amount }
    /// The batch id recorded in the ledger (nil when nothing was paid).
    public var batchId: String?
    /// The output folder (as given).
    public var out: String
    /// The ledger used.
    public var ledger: String
    /// Output files relative to `out`, sorted.
    public var outputs: [String]
    /// The bank files written (paths relative to `out`).
    public var bankFiles: [BankFileOutput]
    /// The run date.
    public var runDate: String
}

/// Test-only seams: called at fixed points of a run.
public struct RunHooks: Sendable {
    /// Called after the batch is recorded (marked pending), just before the output folder is
    /// renamed into place; throwing abandons the run (the record removed, no folder).
    public var beforeRename: (@Sendable () throws -> Void)?
    /// Called after the output folder is in place, before the batch's pending mark is cleared.
    public var afterRename: (@Sendable () -> Void)?
    /// Creates hooks.
    public init(beforeRename: (@Sendable () throws -> Void)? = nil, afterRename: (@Sendable () -> Void)? = nil) {
        self.beforeRename = beforeRename
        self.afterRename = afterRename
    }
}

/// The stages of a run, in order; each is shown on the terminal while it runs.
public enum RunStage: String, Sendable, CaseIterable {
    /// The programme, templates, bank formats, schema, ledger and output folder are checked.
    case configuration
    /// Every roster is read (the register loads meanwhile).
    case read
    /// Every row is checked, then duplicates across files and against the ledger.
    case check
    /// Who is paid, what is returned, the budget and the batch.
    case settle
    /// The finance workbook, return workbooks, bank files and report, written side by side.
    case outputs
    /// Every total compared, each output read back from disk.
    case books
    /// The manifest of inputs and outputs with their hashes.
    case manifest
    /// The batch recorded in the ledger and the folder moved into place.
    case commit

    /// What the terminal says while the stage runs.
    public var label: String {
        switch self {
        case .configuration: "检查配置 configuration"
        case .read: "读取 reading"
        case .check: "核对 checking"
        case .settle: "结算 settling"
        case .outputs: "写出文件 writing"
        case .books: "核账 balancing"
        case .manifest: "清单 manifest"
        case .commit: "记账 recording"
        }
    }
}

/// What a run reports as it goes (from any thread).
public enum RunEvent: Sendable {
    /// A stage began.
    case started(RunStage)
    /// Files read so far (from the reading threads).
    case reading(RunProgress)
    /// A stage ended after `seconds`.
    case finished(RunStage, seconds: Double)
}
