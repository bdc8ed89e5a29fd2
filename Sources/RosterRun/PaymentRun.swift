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

/// The whole job: read rosters, check them against the register and the ledger, write the
/// finance workbook, bank files, return workbooks, report and manifest into a temporary
/// folder, check the books, then record the batch and move the folder into place atomically.
public enum PaymentRun {
    /// The finance workbook's file name.
    public static let financeFileName = "汇总发放表.xlsx"

    /// Runs the job. `progress` is called from the reading threads as files finish; `notice`
    /// gets one-line notes for the user (leftovers of an interrupted run removed).
    public static func execute(
        _ o: RunOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
        hooks: RunHooks = RunHooks(), progress: (@Sendable (RunProgress) -> Void)? = nil,
        notice: (@Sendable (String) -> Void)? = nil
    ) throws(RunError) -> RunSummary {
        let outAbs = absolute(o.out, cwd: o.workingDirectory)
        do {
            return try executeSteps(o, environment: environment, hooks: hooks, progress: progress, notice: notice)
        } catch {
            // The temporary and moved-aside folders are internal: name the output folder instead.
            var e = error
            e.message = hidingWorkFolders(e.message, outAbs: outAbs, shown: o.out)
            throw e
        }
    }

    static func executeSteps(
        _ o: RunOptions, environment: [String: String], hooks: RunHooks, progress: (@Sendable (RunProgress) -> Void)?,
        notice: (@Sendable (String) -> Void)?
    ) throws(RunError) -> RunSummary {
        let started = Date()
        let fm = FileManager.default
        let cwd = o.workingDirectory
        let timer = PhaseTimer(enabled: environment["ROSTER_TIMING"] != nil)
        // Configuration first: cheap, and every problem is exit 2.
        let outDisplay = o.out
        let outAbs = absolute(o.out, cwd: cwd)
        var isDir: ObjCBool = false
        let parent = (outAbs as NSString).deletingLastPathComponent
        let ledgerPath = o.ledger.map { absolute($0, cwd: cwd) } ?? (parent + "/" + PaymentLedger.defaultFileName)
        let ledgerShown = o.ledger ?? relative((ledgerPath as NSString).standardizingPath, cwd: cwd)
        // A folder holding a batch the ledger does not record was written with another ledger
        // (or the ledger was restored from an older copy): its bank files must not be used; say
        // so, whatever is done.
        let unrecorded = fm.fileExists(atPath: outAbs) ? unrecordedBatch(in: outAbs, ledgerPath: ledgerPath) : nil
        if fm.fileExists(atPath: outAbs, isDirectory: &isDir), !o.force {
            if let id = unrecorded {
                throw RunError(
                    .input,
                    "\(outDisplay): the output folder already exists and holds batch \(id), which \(ledgerShown) does not record (written with another ledger, or this ledger is an older copy), so its bank files must not be used; remove the folder, or add --force to replace it, then run again")
            }
            throw RunError(.input, "\(outDisplay): the output folder already exists; choose another --out or add --force to replace it")
        }
        if let id = unrecorded {
            notice?("\(outDisplay) holds batch \(id), which \(ledgerShown) does not record: it is replaced and its bank files are discarded")
        }
        if fm.fileExists(atPath: outAbs), !isDir.boolValue {
            throw RunError(.input, "\(outDisplay): exists and is not a folder; choose another --out")
        }
        // A missing parent is created (as `mkdir -p` does) once there is something to write; a
        // file where a folder should be is refused now.
        if let problem = outParentProblem(outAbs: outAbs, shown: outDisplay, cwd: cwd) {
            throw RunError(.input, problem)
        }
        // Files given for the configuration must be regular files: a folder would give a
        // Foundation error code, a pipe would block the run.
        try requireConfigFile(o.program, option: "--program", what: "the programme (.json)", cwd: cwd)
        try requireConfigFile(o.registry, option: "--registry", what: "the honour register (.xlsx or .csv)", cwd: cwd)
        if let t = o.template { try requireConfigFile(t, option: "--template", what: "a roster template (.json)", cwd: cwd) }
        if let r = o.regions { try requireConfigFile(r, option: "--regions", what: "an area-code table (.csv)", cwd: cwd) }
        if let d = o.districts { try requireConfigFile(d, option: "--districts", what: "a district list (.json)", cwd: cwd) }
        if let x = o.xsd { try requireConfigFile(x, option: "--xsd", what: "the pain.001 schema (.xsd)", cwd: cwd) }
        let program: Program
        let template: TableTemplate
        var registry: Registry?
        let regions: RegionTable?
        let districtList: DistrictList
        do {
            program = try Program.load(path: absolute(o.program, cwd: cwd))
            districtList = try o.districts.map { p throws(ConfigError) in try DistrictList.load(path: absolute(p, cwd: cwd)) } ?? .kunming
            template = try o.template.map { p throws(ConfigError) in try TableTemplate.load(path: absolute(p, cwd: cwd)) } ?? .defaultRoster
            regions = try o.regions.map { p throws(ConfigError) in try RegionTable(path: absolute(p, cwd: cwd)) }
        } catch {
            throw RunError(.input, error.description)
        }
        do {
            registry = try Registry.load(path: absolute(o.registry, cwd: cwd))
        } catch {
            throw RunError(.input, error.description)
        }
        let runDate: SimpleDate
        if let d = o.date {
            guard let parsed = SimpleDate(iso: d) else {
                throw RunError(.input, "--date \(d): not a real date; give it as YYYY-MM-DD")
            }
            runDate = parsed
        } else {
            runDate = program.date
        }
        var formats: [BankFormat] = []
        for name in o.bankTemplates.isEmpty ? ["generic-csv"] : o.bankTemplates {
            do {
                let isFile = name.hasSuffix(".json") || name.contains("/")
                let f = try BankFormat.named(isFile ? absolute(name, cwd: cwd) : name)
                if !formats.contains(f) { formats.append(f) }
            } catch {
                throw RunError(.input, "--bank-template \(name): \(error.description)")
            }
        }
        let xsdPath = o.xsd.map { absolute($0, cwd: cwd) }
        if let xsd = o.xsd, !fm.isReadableFile(atPath: xsdPath!) {
            throw RunError(.input, "--xsd \(xsd): no such readable file; give the pain.001 schema's path or leave --xsd out")
        }
        if let xsd = o.xsd, let xsdPath {
            // Compiled now, so a bad schema is a configuration error (exit 2) before anything is written.
            do {
                _ = try XMLSchemaValidator(xsdPath: xsdPath)
            } catch {
                let first = (error.messages.first ?? "unknown error").replacingOccurrences(of: "\n", with: " ")
                throw RunError(.input, "--xsd \(xsd): not a usable XML schema (\(first)); give the pain.001 schema (.xsd) or leave --xsd out")
            }
        }
        // An existing ledger is opened (and so checked) now; a new one is created only when the
        // batch is recorded, so a run that stops early leaves no ledger file behind.
        let ledgerKey: LedgerKey?
        var existingLedger: PaymentLedger? = nil
        do {
            ledgerKey = try LedgerKey.resolve(keyFile: o.ledgerKeyFile.map { absolute($0, cwd: cwd) }, environment: environment)
            if fm.fileExists(atPath: ledgerPath) {
                let ledger = try PaymentLedger(path: ledgerPath, key: ledgerKey)
                // A batch a killed run left pending is resolved before anything is checked against it.
                for r in try ledger.recoverInterrupted() where r.outcome != .inProgress {
                    notice?("\(ledgerShown): \(r.message)")
                }
                existingLedger = ledger
            } else {
                // A missing folder is created when the batch is recorded; a file in its place is not.
                let ledgerDir = (ledgerPath as NSString).deletingLastPathComponent
                if fm.fileExists(atPath: ledgerDir, isDirectory: &isDir), !isDir.boolValue {
                    throw LedgerError.readOnly(path: ledgerPath)
                }
            }
        } catch {
            throw RunError(.input, "\(error)")
        }

        timer.mark("config")
        // 1. Inputs: files and folders, walked and sorted so the order given does not matter.
        let (paths, skipped) = try resolveInputs(o.inputs, cwd: cwd)
        if paths.isEmpty {
            throw RunError(.input, "no XLSX or CSV roster among the inputs (\(o.inputs.joined(separator: ", "))); give roster files or folders holding them")
        }

        // 2. Read every roster in parallel; results in sorted order.
        let locator = RosterLocator(template: template, districts: districtList)
        let counter = ProgressCounter(total: paths.count, report: progress)
        let readResults: [Result<RosterFile, SpreadsheetError>] = parallelMap(paths) { p in
            let abs = absolute(p, cwd: cwd)
            let r = Result { () throws(SpreadsheetError) in
                var f = try locator.read(path: abs)
                f.path = p
                return f
            }
            counter.fileDone(rows: (try? r.get())?.dataRows.count ?? 0)
            return r
        }
        var files: [RosterFile] = []
        for r in readResults {
            switch r {
            case .success(let f):
                // A roster with no header row anywhere (an empty file, JSON or text saved as
                // .csv) cannot be checked at all: stop, as for a file that cannot be opened.
                // A header missing a required column stays a file finding (column.missing).
                if f.headerRows.isEmpty && !f.isEmptyFile {
                    throw RunError(.input, unreadableRosterMessage(f))
                }
                files.append(f)
            case .failure(let e):
                let text = e.description.replacingOccurrences(of: e.file, with: relative(e.file, cwd: cwd))
                let todo = e.kind == .io
                    ? "check that it is there and readable, or ask the district to resend it as .xlsx or .csv"
                    : "ask the district to resend it as .xlsx or .csv"
                throw RunError(.input, text + "; " + todo + ", or leave it out, then run again")
            }
        }

        timer.mark("read")
        // 3. Validate each file (in parallel), then duplicates across files and the ledger. The
        // register is needed only here: it goes when this block ends (checked rows keep their
        // own entry), which keeps the 100,000-row run's peak memory down.
        var checks: [FileCheck]
        do {
            var validator = Validator(template: template, program: program, registry: registry!, regions: regions, districts: districtList)
            registry = nil
            let v0 = validator
            checks = parallelMap(files) { v0.checkFile($0) }
            files = []
            var ids = Set<String>()
            for c in checks { for r in c.rows { if let k = r.idKey { ids.insert(k) } } }
            let prior: [String: PriorPayment]
            do {
                prior = try existingLedger?.priorPayments(programmeId: program.id, period: program.period, idNumbers: ids) ?? [:]
            } catch {
                throw RunError(.ledger, "\(error)")
            }
            validator.alreadyPaid = { prior[$0] != nil }
            validator.paidInBatch = { prior[$0]?.batchId }
            validator.findDuplicates(&checks)
        }
        // The register's and the readers' freed memory goes back to the system before the
        // outputs are built (glibc keeps freed blocks of worker threads otherwise).
        releaseFreedMemory()

        timer.mark("validate")
        // 4. What is paid, what is returned.
        let tally = PaymentTally(checks, program: program, districts: districtList)
        let paid = tally.total
        var returned = PaymentTotals()
        var reasons: [FindingCode: Int] = [:]
        var warnings = 0
        var rows = 0
        for c in checks {
            rows += c.rowCount
            let fileCode = c.fileFindings.first { $0.row == nil && $0.severity == .error }?.code
            let blocked = c.blocked
            let all = c.rows
            for i in all.indices {
                if blocked || !all[i].accepted {
                    returned.add(all[i].amount ?? .zero)
                    if let code = all[i].findings.first(where: { $0.severity == .error })?.code ?? fileCode {
                        reasons[code, default: 0] += 1
                    }
                } else if all[i].findings.contains(where: { $0.severity == .warning }) {
                    warnings += 1
                }
            }
        }
        let byReason = reasons.map { (code: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code.rawValue < $1.code.rawValue }
        var summary = RunSummary(
            status: .completed, files: paths, skipped: skipped, rows: rows, paid: paid, returned: returned,
            returnedByReason: byReason, warnings: warnings, budget: program.budget, batchId: nil, out: outDisplay,
            ledger: ledgerShown, outputs: [], bankFiles: [], runDate: runDate.description)

        if paid.amount > program.budget {
            throw RunError(
                .reconciliation,
                "the rows to pay total \(paid.amount.groupedString) yuan (\(paid.count) people), over the budget of \(program.budget.groupedString) yuan in \(o.program) by \((paid.amount - program.budget).groupedString) yuan; nothing was written. Raise the budget in the programme or reduce the rosters")
        }
        if paid.count == 0 {
            summary.status = .nothingToPay
            return summary
        }

        timer.mark("tally")
        // 5. The batch: its id depends on what is paid, not on the clock.
        let disb = tally.disbursements
        let payments = disb.map { LedgerPayment(idNumber: $0.idNumber, amount: $0.amount, district: $0.district) }
        var ledgerBatch = LedgerBatch(
            programmeId: program.id, period: program.period, created: runDate.description, payments: payments)
        do {
            // A new ledger holds no batch yet: the content id the batch was made with is free.
            if let existing = existingLedger { ledgerBatch.id = try existing.availableBatchId(for: ledgerBatch) }
        } catch {
            throw RunError(.ledger, "\(error)")
        }
        let bankBatch = PaymentBatch(
            programmeId: program.id, programmeTitle: program.title, period: program.period, payerName: program.payer.name,
            payerAccount: program.payer.account, payerBank: program.payer.bank, executionDate: runDate.description,
            currency: program.currency,
            payments: disb.enumerated().map { i, d in
                Payment(
                    sequence: i + 1, name: d.name, idNumber: d.idNumber, account: d.account, bankName: d.bank, amount: d.amount,
                    district: d.district, purpose: program.title)
            })

        // 6. Write everything into a temporary folder beside the output folder, after removing
        // what a killed run writing the same folder left behind.
        do {
            try Folders.create(parent)
        } catch {
            throw RunError(.output, "\(outDisplay): \(error.reason); \(error.hint ?? "check the permissions")")
        }
        let removed = removeStaleLeftovers(of: outAbs, olderThan: started)
        if !removed.isEmpty {
            notice?("removed \(removed.count) folder\(removed.count == 1 ? "" : "s") left by an interrupted run of \(outDisplay): \(removed.joined(separator: ", "))")
        }
        let tmp = try makeTempDir(beside: outAbs)
        // Held until the run ends: tells another run's recovery and leftover cleanup that this
        // folder is in use (the lock follows the folder when it is renamed into place). A file
        // system without `flock` gives no lock; the run goes on without it.
        let workLock = FolderLock(tmp)
        defer { workLock?.release() }
        var committed = false
        var keepWork = false
        defer { if !committed && !keepWork { try? fm.removeItem(atPath: tmp) } }
        timer.mark("batch")
        // The finance workbook (then read back from disk), the return workbooks and the bank
        // files are independent files: they are written at the same time.
        // When several fail, the first in that order is reported.
        enum Written: Sendable {
            case finance(PaymentTally, onDisk: PaymentTotals)
            case returns([ReturnWorkbook.Result])
            case bank([BankFileOutput])
        }
        let checked = checks
        let bankFormats = formats
        let jobs: [Result<Written, RunError>] = parallelMap([0, 1, 2]) { (job: Int) -> Result<Written, RunError> in
            Result { () throws(RunError) -> Written in
                switch job {
                case 0:
                    let path = tmp + "/" + financeFileName
                    let finance: PaymentTally
                    do throws(SpreadsheetError) {
                        finance = try FinanceWorkbook.write(to: path, tally: tally, program: program, runDate: runDate)
                    } catch {
                        throw RunError(.output, error.description)
                    }
                    return .finance(finance, onDisk: try financeDetailTotals(path))
                case 1:
                    do throws(SpreadsheetError) {
                        return .returns(
                            try ReturnWorkbook.writeAll(into: tmp + "/returns", checks: checked, program: program, runDate: runDate, districts: districtList))
                    } catch {
                        throw RunError(.output, error.description)
                    }
                default:
                    return .bank(try writeBankFiles(bankBatch, formats: bankFormats, tmp: tmp, parent: parent, xsdPath: xsdPath))
                }
            }
        }
        var finance: PaymentTally? = nil
        var financeOnDisk = PaymentTotals()
        var returns: [ReturnWorkbook.Result] = []
        var bankOutputs: [BankFileOutput] = []
        for j in jobs {
            switch j {
            case .failure(let e): throw e
            case .success(.finance(let f, let onDisk)):
                finance = f
                financeOnDisk = onDisk
            case .success(.returns(let r)): returns = r
            case .success(.bank(let b)): bankOutputs = b
            }
        }
        timer.mark("outputs")
        let report = reportJSON(checks: checks, paid: paid, returned: returned, budget: program.budget, batchId: ledgerBatch.id)
        try writeFile(tmp + "/report.json", Array((report.serialized() + "\n").utf8))

        timer.mark("report")
        // 7. Check the books before anything is recorded or moved.
        try reconcile(
            checks: checks, tally: tally, finance: finance!, financeOnDisk: financeOnDisk, returns: returns, bank: bankOutputs,
            budget: program.budget)

        timer.mark("reconcile")
        // 8. The manifest: inputs and outputs with their hashes, counts and totals.
        let manifest = try manifestJSON(
            options: o, cwd: cwd, program: program, runDate: runDate, batchId: ledgerBatch.id, checks: checks, paths: paths,
            paid: paid, returned: returned, rows: rows, bank: bankOutputs, tmp: tmp)
        let manifestBytes = Array((manifest.serialized() + "\n").utf8)
        try writeFile(tmp + "/manifest.json", manifestBytes)
        try checkManifest(tmp + "/manifest.json", paid: paid)
        ledgerBatch.manifestSHA256 = sha256Hex(bytes: manifestBytes)

        timer.mark("manifest")
        // 9. Record the batch, marked pending (committed, so a concurrent run cannot pay the
        // same people); move the folder into place; clear the mark. A run killed in between
        // leaves a mark the next opening of the ledger resolves from what is on disk (see
        // `PaymentLedger.recoverInterrupted`), never a folder without its record or the reverse.
        let ledger: PaymentLedger
        do {
            if existingLedger == nil { try Folders.createParent(of: ledgerPath) }
            ledger = try existingLedger ?? PaymentLedger(path: ledgerPath, key: ledgerKey)
            try ledger.record(batch: ledgerBatch, moving: PendingMove(workFolder: tmp, outFolder: outAbs))
        } catch {
            throw error as? RunError ?? RunError(.ledger, "\(error)")
        }
        var aside: String? = nil
        do throws(RunError) {
            do {
                try hooks.beforeRename?()
            } catch {
                throw error as? RunError ?? RunError(.output, "\(error)")
            }
            if fm.fileExists(atPath: outAbs) {
                guard o.force else {
                    throw RunError(.input, "\(outDisplay): the output folder appeared while running; add --force to replace it")
                }
                let a = try makeTempDir(beside: outAbs, tag: "old")
                rmdir(a)
                guard rename(outAbs, a) == 0 else {
                    throw RunError(.output, "\(outDisplay): cannot move the old folder aside (\(String(cString: strerror(errno))))")
                }
                aside = a
            }
            guard rename(tmp, outAbs) == 0 else {
                throw RunError(.output, "\(outDisplay): cannot move the outputs into place (\(String(cString: strerror(errno))))")
            }
        } catch {
            if let a = aside { rename(a, outAbs) }
            do {
                try ledger.abandonPending(batchId: ledgerBatch.id)
            } catch let ledgerError {
                // The work folder stays, so the next opening of the ledger removes the record.
                keepWork = true
                var e = error
                e.message += "; batch \(ledgerBatch.id) stays marked pending in \(ledgerShown) until the next run, which removes it (\(ledgerError))"
                throw e
            }
            throw error
        }
        committed = true
        hooks.afterRename?()
        do {
            try ledger.completePending(batchId: ledgerBatch.id)
        } catch {
            notice?("batch \(ledgerBatch.id) is recorded and its outputs are in place, but its pending mark could not be cleared (\(error)); the next run clears it")
        }
        timer.mark("ledger")
        if let a = aside { try? fm.removeItem(atPath: a) }
        summary.batchId = ledgerBatch.id
        summary.bankFiles = bankOutputs
        summary.outputs = listFiles(outAbs)
        return summary
    }

    // MARK: - inputs

    /// Expands folders (recursively) into their XLSX/CSV files, skipping hidden and office
    /// lock files (`~$x.xlsx`), and returns the paths relative to `cwd`, sorted and unique.
    public static func resolveInputs(_ inputs: [String], cwd: String) throws(RunError) -> (files: [String], skipped: [String]) {
        let fm = FileManager.default
        var files = Set<String>()
        var skipped = Set<String>()
        func wanted(_ name: String) -> Bool {
            let ext = (name as NSString).pathExtension.lowercased()
            return ext == "xlsx" || ext == "csv"
        }
        func ignorable(_ name: String) -> Bool { name.hasPrefix(".") || name.hasPrefix("~$") }
        for input in inputs {
            let abs = absolute(input, cwd: cwd)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: abs, isDirectory: &isDir) else {
                try requireRegularFile(abs, shown: input)
                throw RunError(.input, "\(input): no such file or folder; give roster files (XLSX/CSV) or folders of them")
            }
            if isDir.boolValue, wanted(input) {
                throw RunError(.input, "\(input): is a folder, not a roster file; give the .xlsx or .csv file itself, or a folder of them")
            }
            if !isDir.boolValue {
                try requireRegularFile(abs, shown: input)
                guard wanted(input) else {
                    throw RunError(.input, "\(input): not an XLSX or CSV file; save it as .xlsx or .csv, or leave it out")
                }
                files.insert(relative(abs, cwd: cwd))
                continue
            }
            guard let walker = fm.enumerator(atPath: abs) else {
                throw RunError(.input, "\(input): the folder cannot be read; check its permissions")
            }
            while let sub = walker.nextObject() as? String {
                let name = (sub as NSString).lastPathComponent
                let full = abs + "/" + sub
                var subDir: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &subDir)
                if subDir.boolValue {
                    if ignorable(name) { walker.skipDescendants() }
                    continue
                }
                guard wanted(name) else { continue }
                if ignorable(name) {
                    skipped.insert(relative(full, cwd: cwd) + " (hidden or an office temporary file)")
                    continue
                }
                try requireRegularFile(full, shown: relative(full, cwd: cwd))
                files.insert(relative(full, cwd: cwd))
            }
        }
        let sort = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        return (files.sorted(by: sort), skipped.sorted(by: sort))
    }

    /// The batch id in `outAbs/manifest.json` when the ledger at `ledgerPath` does not record
    /// it (a missing ledger records nothing); nil when the folder has no readable manifest, the
    /// batch is recorded, or the ledger cannot be read (other checks report that).
    static func unrecordedBatch(in outAbs: String, ledgerPath: String) -> String? {
        guard let id = PaymentLedger.manifestBatchId(inFolder: outAbs) else { return nil }
        guard FileManager.default.fileExists(atPath: ledgerPath) else { return id }
        do {
            let ledger = try PaymentLedger(path: ledgerPath, key: nil, mustExist: true)
            _ = try ledger.show(batchId: id)
            return nil
        } catch LedgerError.unknownBatch {
            return id
        } catch {
            return nil
        }
    }

    /// `message` with every temporary (`.DIR.tmp-XXXXXX`) or moved-aside (`.DIR.old-XXXXXX`)
    /// folder path of the output folder replaced by the output folder as the user gave it.
    static func hidingWorkFolders(_ message: String, outAbs: String, shown: String) -> String {
        let parent = (outAbs as NSString).deletingLastPathComponent
        let base = (outAbs as NSString).lastPathComponent
        var out = message
        for prefix in [parent + "/." + base + ".", "." + base + "."] {
            let pattern = NSRegularExpression.escapedPattern(for: prefix) + "(tmp|old)-[A-Za-z0-9]{6}"
            guard let re = try? NSRegularExpression(pattern: pattern) else { continue }
            out = re.stringByReplacingMatches(
                in: out, range: NSRange(out.startIndex..., in: out), withTemplate: NSRegularExpression.escapedTemplate(for: shown))
        }
        return out
    }

    /// Whether `name` is exactly a work folder name of output folder `base`:
    /// `.BASE.tmp-XXXXXX` or `.BASE.old-XXXXXX` (six letters or digits, as `mkdtemp` makes).
    static func isWorkFolderName(_ name: String, base: String) -> Bool {
        for tag in ["tmp", "old"] {
            let prefix = "." + base + "." + tag + "-"
            guard name.hasPrefix(prefix) else { continue }
            let suffix = name.utf8.dropFirst(prefix.utf8.count)
            if suffix.count == 6, suffix.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                return true
            }
        }
        return false
    }

    /// Removes the work folders of output folder `outAbs` left by a killed run: only real
    /// folders (not links) owned by this user, named exactly `.BASE.tmp-XXXXXX` /
    /// `.BASE.old-XXXXXX`, last changed before `start`. Each is first renamed to a fresh name of
    /// the same pattern, so a run still using it can never move a half-deleted folder into
    /// place. Returns the names removed, sorted.
    static func removeStaleLeftovers(of outAbs: String, olderThan start: Date) -> [String] {
        let fm = FileManager.default
        let parent = (outAbs as NSString).deletingLastPathComponent
        let base = (outAbs as NSString).lastPathComponent
        guard let names = try? fm.contentsOfDirectory(atPath: parent) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where isWorkFolderName(name, base: base) {
            let path = parent + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid(),
                !FolderLock.isHeld(path)  // a run still going
            else { continue }
            let changed = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            guard changed < start.timeIntervalSince1970 else { continue }
            guard let doomed = try? makeTempDir(beside: outAbs, tag: "tmp"), rename(path, doomed) == 0 else { continue }
            do {
                try fm.removeItem(atPath: doomed)
                removed.append(name)
            } catch {
                continue  // left for the next run
            }
        }
        return removed
    }

    /// Why the folder `--out` cannot go where it is asked to: a file on the way (nil when the
    /// folders above it exist or can be created).
    static func outParentProblem(outAbs: String, shown: String, cwd: String) -> String? {
        var p = (outAbs as NSString).deletingLastPathComponent
        while p != "/" && !p.isEmpty {
            var st = stat()
            if lstat(p, &st) == 0 || stat(p, &st) == 0 {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue { break }
                return "\(shown): cannot be created: \(relative(p, cwd: cwd)) is a file, not a folder; choose another --out"
            }
            p = (p as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// Refuses a configuration file that is a folder, a pipe/socket/device or a looping link.
    /// A missing file is left for its loader to name.
    static func requireConfigFile(_ given: String, option: String, what: String, cwd: String) throws(RunError) {
        let path = absolute(given, cwd: cwd)
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ELOOP {
                throw RunError(.input, "\(option) \(given): a symbolic link loop (the link points back to itself); give \(what)")
            }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw RunError(.input, "\(option) \(given): is a folder, not a file; give \(what)")
        default: throw RunError(.input, "\(option) \(given): not a regular file (a pipe, socket or device); give \(what)")
        }
    }

    /// One line for a roster in which no sheet has a roster header row.
    static func unreadableRosterMessage(_ f: RosterFile) -> String {
        let anything = f.titleRows.contains { row in row.cells.contains { !$0.raw.allSatisfy(\.isWhitespace) } }
        let what = anything
            ? "no sheet has a roster header row (姓名 or 身份证号码 with other columns)"
            : "the file is empty"
        return "\(f.path): cannot be read as a roster: \(what); ask the district to resend it as .xlsx or .csv with the standard header, or leave it out, then run again"
    }

    /// Refuses a pipe, socket or device in place of a roster (reading one would block or never
    /// end). A missing target (a dangling link) is left for the reader to name.
    static func requireRegularFile(_ path: String, shown: String) throws(RunError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ELOOP {
                throw RunError(.input, "\(shown): a symbolic link loop (the link points back to itself); replace it with the roster file or leave it out")
            }
            return
        }
        if (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFDIR {
            throw RunError(.input, "\(shown): not a regular file (a pipe, socket or device); give roster files (XLSX/CSV) or leave it out")
        }
    }

    /// `path` made absolute against `cwd` and standardised.
    static func absolute(_ path: String, cwd: String) -> String {
        let p = path.hasPrefix("/") ? path : cwd + "/" + path
        return (p as NSString).standardizingPath
    }

    /// An absolute path shown relative to `cwd` (`../x/y` when outside it).
    static func relative(_ abs: String, cwd: String) -> String {
        let a = (abs as NSString).standardizingPath.split(separator: "/").map(String.init)
        let c = (cwd as NSString).standardizingPath.split(separator: "/").map(String.init)
        var i = 0
        while i < a.count, i < c.count, a[i] == c[i] { i += 1 }
        let parts = Array(repeating: "..", count: c.count - i) + a[i...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    // MARK: - the books

    static func reconcile(
        checks: [FileCheck], tally: PaymentTally, finance: PaymentTally, financeOnDisk onDisk: PaymentTotals,
        returns: [ReturnWorkbook.Result],
        bank: [BankFileOutput], budget: Money
    ) throws(RunError) {
        func fail(_ what: String) -> RunError {
            RunError(.reconciliation, "the books do not balance: \(what); nothing was recorded and no output was kept. Please report this")
        }
        var paidByFile: [String: PaymentTotals] = [:]
        for d in tally.disbursements { paidByFile[d.file, default: PaymentTotals()].add(d.amount) }
        var rowsAll = 0
        for c in checks {
            let p = paidByFile[c.file.path] ?? PaymentTotals()
            var ret = PaymentTotals()
            var all = Money.zero
            let blocked = c.blocked
            let rs = c.rows
            for i in rs.indices {
                all += rs[i].amount ?? .zero
                if blocked || !rs[i].accepted { ret.add(rs[i].amount ?? .zero) }
            }
            rowsAll += c.rowCount
            if c.rowCount != p.count + ret.count {
                throw fail("\(c.file.path): \(c.rowCount) rows read but \(p.count) paid + \(ret.count) returned")
            }
            if all != p.amount + ret.amount {
                throw fail("\(c.file.path): \(all.groupedString) yuan read but \(p.amount.groupedString) paid + \(ret.amount.groupedString) returned")
            }
            if p.count != c.acceptedCount || p.amount != c.acceptedAmount {
                throw fail("\(c.file.path): \(c.acceptedCount) rows accepted but \(p.count) in the finance workbook")
            }
        }
        let paid = tally.total
        if finance.total != paid { throw fail("the finance workbook holds \(finance.total), the batch \(paid)") }
        // The finance workbook as read back from disk (its detail rows added up).
        if onDisk != paid { throw fail("\(financeFileName) read back holds \(onDisk), the batch \(paid)") }
        let retRows = returns.reduce(0) { $0 + $1.received }
        let retPaid = returns.reduce(PaymentTotals()) { PaymentTotals(count: $0.count + $1.accepted.count, amount: $0.amount + $1.accepted.amount) }
        if retRows != rowsAll { throw fail("the return workbooks list \(retRows) rows, \(rowsAll) were read") }
        if retPaid != paid { throw fail("the return workbooks mark \(retPaid) as paid, the batch \(paid)") }
        for b in bank where b.count != paid.count || b.total != paid.amount {
            throw fail("\(b.path) holds \(b.count) payments / \(b.total.decimalString) yuan, the batch \(paid)")
        }
        if paid.amount > budget { throw fail("the paid total exceeds the budget \(budget.groupedString)") }
    }

    /// Writes the bank files of `formats` into `tmp/bank`, each read back and checked.
    static func writeBankFiles(
        _ batch: PaymentBatch, formats: [BankFormat], tmp: String, parent: String, xsdPath: String?
    ) throws(RunError) -> [BankFileOutput] {
        do {
            try FileManager.default.createDirectory(atPath: tmp + "/bank", withIntermediateDirectories: false)
        } catch {
            throw RunError(.output, "\(tmp)/bank: cannot create the folder; check the permissions of \(parent)")
        }
        var outputs: [BankFileOutput] = []
        for f in formats {
            do {
                var out = try BankFiles.write(batch, format: f, directory: tmp + "/bank", xsdPath: xsdPath)
                out.path = "bank/" + (out.path as NSString).lastPathComponent
                outputs.append(out)
            } catch {
                throw RunError(.output, error.description)
            }
        }
        return outputs
    }

    /// Count and total of the detail rows of a finance workbook on disk (rows whose 序号 is a number).
    static func financeDetailTotals(_ path: String) throws(RunError) -> PaymentTotals {
        var t = PaymentTotals()
        do {
            let wb = try Spreadsheets.open(path: path)
            guard let idx = wb.sheetIndex(for: FinanceWorkbook.detailSheetName) else {
                throw RunError(.reconciliation, "\(path): no sheet \(FinanceWorkbook.detailSheetName) when read back")
            }
            let amountColumn = FinanceWorkbook.columns.firstIndex(of: "金额(元)") ?? 8
            // Streamed one row at a time: the workbook is never held whole in memory.
            let reader = try wb.openSheet(idx)
            while let row = try reader.nextRow() {
                guard row.number > 3, case .number = row[0]?.value, let cell = row[amountColumn], let m = Money(decimal: cell.raw) else { continue }
                t.add(m)
            }
        } catch let e as RunError {
            throw e
        } catch {
            throw RunError(.reconciliation, "\(path): cannot be read back: \(error)")
        }
        return t
    }

    static func checkManifest(_ path: String, paid: PaymentTotals) throws(RunError) {
        guard let data = FileManager.default.contents(atPath: path),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let totals = obj["totals"] as? [String: Any], let amount = totals["paidAmount"] as? String,
            let count = totals["paid"] as? Int
        else { throw RunError(.reconciliation, "\(path): the manifest cannot be read back") }
        if amount != paid.amount.decimalString || count != paid.count {
            throw RunError(.reconciliation, "the books do not balance: manifest.json holds \(count) / \(amount), the batch \(paid)")
        }
    }

    // MARK: - report and manifest

    static func reportJSON(checks: [FileCheck], paid: PaymentTotals, returned: PaymentTotals, budget: Money, batchId: String) -> JSONValue {
        let base = CheckReport(entries: checks.map { .checked($0) }).json()
        guard case .object(var pairs) = base else { return base }
        pairs.append(
            (
                "batch",
                .object([
                    ("id", .string(batchId)),
                    ("paid", .int(paid.count)),
                    ("paidAmount", .string(paid.amount.decimalString)),
                    ("returned", .int(returned.count)),
                    ("returnedAmount", .string(returned.amount.decimalString)),
                    ("budget", .string(budget.decimalString)),
                    ("budgetRemaining", .string((budget - paid.amount).decimalString)),
                ])
            ))
        return .object(pairs)
    }

    static func manifestJSON(
        options o: RunOptions, cwd: String, program: Program, runDate: SimpleDate, batchId: String, checks: [FileCheck],
        paths: [String], paid: PaymentTotals, returned: PaymentTotals, rows: Int, bank: [BankFileOutput], tmp: String
    ) throws(RunError) -> JSONValue {
        func hash(_ p: String) throws(RunError) -> String {
            do { return try sha256Hex(fileAt: p) } catch { throw RunError(.output, "\(p): cannot be read to hash it") }
        }
        let byPath = Dictionary(checks.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
        var inputs: [JSONValue] = []
        for p in paths {
            guard let c = byPath[p] else { continue }
            inputs.append(
                .object([
                    ("path", .string(p)),
                    ("sha256", .string(try hash(absolute(p, cwd: cwd)))),
                    ("district", c.file.district.map { .string($0) } ?? .null),
                    ("rows", .int(c.rowCount)),
                    ("paid", .int(c.acceptedCount)),
                    ("paidAmount", .string(c.acceptedAmount.decimalString)),
                    ("returned", .int(c.rejectedCount)),
                ]))
        }
        var outputs: [JSONValue] = []
        for rel in listFiles(tmp) where rel != "manifest.json" {
            let full = tmp + "/" + rel
            let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
            outputs.append(.object([("path", .string(rel)), ("bytes", .int(size)), ("sha256", .string(try hash(full)))]))
        }
        let shown = { (p: String) in relative(absolute(p, cwd: cwd), cwd: cwd) }
        return .object([
            ("tool", .object([("name", .string("roster")), ("version", .string(RosterInfo.version))])),
            ("batchId", .string(batchId)),
            (
                "programme",
                .object([
                    ("id", .string(program.id)), ("title", .string(program.title)), ("period", .string(program.period)),
                    ("budget", .string(program.budget.decimalString)), ("file", .string(shown(o.program))),
                    ("sha256", .string(try hash(absolute(o.program, cwd: cwd)))),
                ])
            ),
            ("register", .object([("file", .string(shown(o.registry))), ("sha256", .string(try hash(absolute(o.registry, cwd: cwd))))])),
            ("runDate", .string(runDate.description)),
            ("inputs", .array(inputs)),
            ("outputs", .array(outputs)),
            (
                "bankFiles",
                .array(
                    bank.map {
                        .object([
                            ("path", .string($0.path)), ("format", .string($0.format)), ("count", .int($0.count)),
                            ("total", .string($0.total.decimalString)), ("sha256", .string($0.sha256)),
                        ])
                    })
            ),
            (
                "totals",
                .object([
                    ("files", .int(paths.count)), ("rows", .int(rows)), ("paid", .int(paid.count)),
                    ("paidAmount", .string(paid.amount.decimalString)), ("returned", .int(returned.count)),
                    ("returnedAmount", .string(returned.amount.decimalString)),
                    ("budgetRemaining", .string((program.budget - paid.amount).decimalString)),
                ])
            ),
        ])
    }

    // MARK: - files

    /// Every file under `dir`, relative to it, sorted by bytes.
    static func listFiles(_ dir: String) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir) else { return [] }
        while let sub = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dir + "/" + sub, isDirectory: &isDir), !isDir.boolValue { out.append(sub) }
        }
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func makeTempDir(beside target: String, tag: String = "tmp") throws(RunError) -> String {
        let dir = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        var template = Array((dir + "/." + base + "." + tag + "-XXXXXX").utf8CString)
        let ok = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard ok else {
            throw RunError(.output, "\(dir): cannot create a temporary folder (\(String(cString: strerror(errno)))); check the permissions")
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(RunError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw RunError(.output, "\(path): cannot be written (\(error.localizedDescription))")
        }
    }
}

/// Counts files and rows read by the worker threads and reports progress.
final class ProgressCounter: @unchecked Sendable {
    let lock = NSLock()
    let total: Int
    var done = 0
    var rows = 0
    let report: (@Sendable (RunProgress) -> Void)?

    init(total: Int, report: (@Sendable (RunProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    func fileDone(rows n: Int) {
        let p: RunProgress = lock.withLock {
            done += 1
            rows += n
            return RunProgress(filesDone: done, filesTotal: total, rows: rows)
        }
        report?(p)
    }
}
