import ArgumentParser
import Foundation
import RosterCheck
import RosterCore
import RosterIntake
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples

/// `roster run`: district rosters in, a checked and reconciled payment batch out.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Takes district rosters to a finished, reconciled payment batch.",
        discussion: """
            Reads every roster (files, or folders of XLSX/CSV files), checks them against the honour \
            register, across districts and against the payment ledger, and writes into --out: \
            汇总发放表.xlsx (finance workbook), bank/ (payment files), returns/<district>.xlsx, \
            report.json and manifest.json. The books are checked before anything is kept; the \
            folder appears atomically and the batch is recorded in the ledger only when complete.
            Exit status: 0 batch complete (returned rows are normal), 1 nothing could be paid or an \
            output could not be written, 2 an input or configuration cannot be used, 3 the books do \
            not balance, the budget is exceeded or the ledger refused the batch.
            """)

    @Option(name: .long, help: "The programme (JSON); with --from-intake, the intake's.")
    var program: String?

    @Option(name: .long, help: "The honour register (XLSX or CSV); with --from-intake, the intake's.")
    var registry: String?

    @Option(
        name: .customLong("from-intake"),
        help: ArgumentHelp("Run the batch from each district's latest submission in this `roster serve` folder (as its city page does).", valueName: "DIR"))
    var fromIntake: String?

    @Option(name: .long, help: "The output folder; refused if it exists, unless --force.")
    var out: String

    @Option(name: .long, help: "The payment ledger (SQLite); default roster-ledger.sqlite beside --out.")
    var ledger: String?

    @Option(name: .long, help: "A file with the ledger key (else ROSTER_LEDGER_KEY, else the ledger's own key).")
    var ledgerKeyFile: String?

    @Option(
        name: .long,
        help: "Bank file format, repeatable: generic-csv (default), cn-batch-gbk, pain.001.001.09, pain.001.001.03, or a template JSON.")
    var bankTemplate: [String] = []

    @Option(name: .long, help: "An XSD the pain.001 files must satisfy.")
    var xsd: String?

    @Option(name: .long, help: "The run date YYYY-MM-DD (default: the programme's date, the last day of its period).")
    var date: String?

    @Option(name: .long, help: "A GB/T 2260 area-code table (CSV) for full region checks.")
    var regions: String?

    @Option(name: .long, help: "A roster template JSON instead of the built-in one.")
    var template: String?

    @Option(name: .long, help: "The city's districts and counties (JSON, see Schemas/district-list.schema.json); default Kunming's 14.")
    var districts: String?

    @Option(name: .long, help: "The list of named studios (XLSX or CSV), for a programme paying organisations (\"payee\": \"organisation\").")
    var studios: String?

    @Option(
        name: .long,
        help: "The account list (XLSX or CSV: 身份证号码, 姓名, 开户行, 账号, 区县, 津贴类型), for a programme paid from the register (\"payeesFrom\": \"register\"; no rosters then).")
    var accounts: String?

    @Flag(name: .long, help: "Replace an existing output folder (atomically).")
    var force = false

    @Argument(help: "Roster files or folders of them (XLSX or CSV); none for a programme paid from the register.")
    var inputs: [String] = []

    func run() throws {
        if let fromIntake { return try runFromIntake(fromIntake) }
        guard let program, let registry else {
            FileHandle.standardError.write(Data("roster run: give --program and --registry (or --from-intake DIR)\n".utf8))
            throw ExitCode(2)
        }
        var options = RunOptions(
            program: program, registry: registry, out: out, inputs: inputs, ledger: ledger, ledgerKeyFile: ledgerKeyFile,
            bankTemplates: bankTemplate, xsd: xsd, date: date, regions: regions, template: template, districts: districts,
            force: force)
        options.studios = studios
        options.accounts = accounts
        try execute(options)
    }

    /// The batch of an intake folder's latest submissions: the code path of its city page.
    func runFromIntake(_ folder: String) throws {
        guard program == nil, registry == nil, inputs.isEmpty, studios == nil, accounts == nil else {
            FileHandle.standardError.write(
                Data("roster run: --from-intake takes the programme, register and rosters from the intake folder; leave out --program, --registry, --studios, --accounts and the inputs\n".utf8))
            throw ExitCode(2)
        }
        let options: RunOptions
        do {
            let c = try IntakeConfiguration.load(folder: folder)
            let store = try IntakeStore(folder: folder)
            var o = try IntakeBatch.options(
                store: store, configuration: c, out: out, ledger: ledger, bankTemplates: bankTemplate, date: date, force: force)
            (o.ledgerKeyFile, o.xsd, o.regions, o.districts) = (ledgerKeyFile, xsd, regions, districts)
            store.audit(account: "shell", action: "run", detail: "roster run --from-intake: \(o.inputs.count) submissions")
            options = o
        } catch {
            FileHandle.standardError.write(Data("roster run: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try execute(options)
    }

    func execute(_ options: RunOptions) throws {
        let start = Date()
        let events: (@Sendable (RunEvent) -> Void)? = isatty(2) == 1 ? { @Sendable in Self.show($0, since: start) } : nil
        let summary: RunSummary
        do {
            summary = try PaymentRun.execute(
                options, hooks: Self.faultHooks(), events: events,
                notice: { FileHandle.standardError.write(Data("roster run: \($0)\n".utf8)) })
        } catch {
            if events != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            FileHandle.standardError.write(Data("roster run: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        }
        for s in summary.skipped { FileHandle.standardError.write(Data("roster run: skipped \(s)\n".utf8)) }
        print(Self.text(summary), terminator: "")
        if summary.status == .nothingToPay {
            FileHandle.standardError.write(
                Data(
                    "roster run: nothing to pay: every row is already paid or returned; the districts' return workbooks and report.json are in \(summary.out); no bank file written, no batch recorded in the ledger\n"
                        .utf8))
            throw ExitCode(1)
        }
    }

    /// Fault injection for the kill tests: `ROSTER_KILL_AT=before-rename` (the batch recorded,
    /// its outputs not yet in place) or `after-rename` (in place, the pending mark not yet
    /// cleared) ends the process with SIGKILL at that instant, as a power cut would.
    static func faultHooks() -> RunHooks {
        let die: @Sendable () -> Void = { kill(getpid(), SIGKILL) }
        switch ProcessInfo.processInfo.environment["ROSTER_KILL_AT"] {
        case "before-rename": return RunHooks(beforeRename: die)
        case "after-rename": return RunHooks(afterRename: die)
        default: return RunHooks()
        }
    }

    /// What the run is doing, on stderr (a terminal only): the reading progress (files, rows,
    /// elapsed), then each stage as it starts and how long it took.
    static func show(_ event: RunEvent, since start: Date) {
        let clear = "\r\u{1B}[K"
        let line: String
        switch event {
        case .reading(let p):
            let s = String(format: "%.1f", Date().timeIntervalSince(start))
            line = clear + "读取 \(p.filesDone)/\(p.filesTotal) 个文件，\(p.rows) 行，\(s) 秒"
        case .started(let stage):
            line = stage == .read ? "" : clear + stage.label + " …"
        case .finished(let stage, let seconds):
            let s = String(format: "%.1f", seconds)
            line = stage == .read ? "\n" : clear + stage.label + " \(s) 秒\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The terminal summary: no personal data.
    static func text(_ s: RunSummary) -> String {
        var out = ""
        out += "文件 files: \(s.files.count)    行 rows: \(s.rows)\n"
        out += "发放 paid: \(s.paid.count) 人, \(s.paid.amount.groupedString) 元"
        if s.warnings > 0 { out += "（其中 \(s.warnings) 行有提示 with warnings）" }
        out += "\n"
        if s.alreadyPaid.count > 0 {
            out += "此前已发放 already paid: \(s.alreadyPaid.count) 行, \(s.alreadyPaid.amount.groupedString) 元（不再发放 not paid again）\n"
        }
        out += "退回 returned: \(s.returned.count) 行, \(s.returned.amount.groupedString) 元\n"
        let width = s.returnedByReason.map { $0.code.rawValue.count }.max() ?? 0
        for r in s.returnedByReason {
            let pad = String(repeating: " ", count: width - r.code.rawValue.count)
            out += "  \(r.code.rawValue)\(pad)  \(String(r.count).leftPadded(5))  \(FindingText.label(r.code))\n"
        }
        out += "预算 budget: \(s.budget.groupedString) 元, 此前批次 earlier batches: \(s.earlierCommitted.groupedString) 元, "
        out += "本批 this batch: \(s.paid.amount.groupedString) 元, 余额 remaining: \(s.budgetRemaining.groupedString) 元\n"
        guard s.status == .completed else { return out }
        for b in s.bankFiles {
            out += "银行文件 bank: \(b.path) (\(b.format)): \(b.count) 笔, \(b.total.groupedString) 元\n"
        }
        out += "批次 batch: \(s.batchId ?? "") 已记入 recorded in \(s.ledger)\n"
        out += "输出 outputs: \(s.out)/ (\(s.outputs.count) files, run date \(s.runDate))\n"
        return out
    }
}


