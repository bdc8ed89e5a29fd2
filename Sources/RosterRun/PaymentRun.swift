import Dispatch
import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import Spreadsheet

/// The whole job, as named stages: configuration → read → check → settle → outputs → books →
/// manifest → commit. The outputs are written into a work folder beside the output folder; the
/// books are checked before anything is recorded; the batch is recorded in the ledger and the
/// folder moved into place atomically (``OutputFolder``).
public enum PaymentRun {
    /// The finance workbook's file name.
    public static let financeFileName = "汇总发放表.xlsx"

    /// Runs the job. `events` hears each stage start and end, and the reading progress (from
    /// the reading threads); `notice` gets one-line notes for the user (leftovers of an
    /// interrupted run removed, a killed run's batch settled).
    public static func execute(
        _ o: RunOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
        hooks: RunHooks = RunHooks(), events: (@Sendable (RunEvent) -> Void)? = nil,
        notice: (@Sendable (String) -> Void)? = nil
    ) throws(RunError) -> RunSummary {
        do {
            return try run(o, environment: environment, hooks: hooks, events: events, notice: notice)
        } catch {
            // The work folders are internal: name the output folder instead.
            var e = error
            e.message = OutputFolder.hidingWorkFolders(e.message, target: RunPaths.absolute(o.out, cwd: o.workingDirectory), shown: o.out)
            throw e
        }
    }

    /// Settles the batches a killed run left pending in `ledger` from what is on disk (see
    /// ``PendingResolution``); `roster run` does it before checking anything, `roster ledger`
    /// whenever it opens a ledger.
    public static func settleInterrupted(in ledger: PaymentLedger) throws -> [PendingResolution] {
        try OutputFolder.settlePending(in: ledger)
    }

    static func run(
        _ o: RunOptions, environment: [String: String], hooks: RunHooks, events: (@Sendable (RunEvent) -> Void)?,
        notice: (@Sendable (String) -> Void)?
    ) throws(RunError) -> RunSummary {
        let started = Date()
        keepLargeBlocksApart()
        let stages = StageClock(timer: PhaseTimer(enabled: environment["ROSTER_TIMING"] != nil), events: events)
        let c = try stages.run(.configuration) { () throws(RunError) in
            try RunConfiguration(o, environment: environment, notice: notice)
        }
        let fromRegister = c.program.payeesFrom == .register
        let (paths, skipped) = fromRegister ? ([o.accounts!], []) : try resolveInputs(o.inputs, cwd: c.cwd)
        if paths.isEmpty {
            throw RunError(.input, "no XLSX or CSV roster among the inputs (\(o.inputs.joined(separator: ", "))); give roster files or folders holding them")
        }
        var (checks, validator) = try stages.run(.read) { () throws(RunError) in
            fromRegister ? try readRegisterPayees(c) : try readAndCheckRows(paths, c, events: events)
        }
        try stages.run(.check) { () throws(RunError) in try findDuplicates(&checks, validator: &validator, c) }
        let folder = try OutputFolder(target: c.out, shown: o.out, startedAt: started, notice: notice)
        defer { folder.close() }
        // The districts' workbooks need the checked rows alone: they are written while the batch
        // is settled and its other outputs written. Whatever stops the run, their thread is done
        // before the work folder goes (defers run last first).
        let returns = ReturnsWriting(into: folder.work, checks: checks, c)
        defer { _ = try? returns.wait() }
        let settlement = try stages.run(.settle) { () throws(RunError) in try Settlement(checks, c) }
        var summary = RunSummary(
            status: .completed, files: paths, skipped: skipped, rows: settlement.rows, paid: settlement.paid,
            returned: settlement.returned, returnedByReason: settlement.returnedByReason, warnings: settlement.warnings,
            budget: c.program.budget, batchId: nil, out: o.out, ledger: c.ledgerShown, outputs: [], bankFiles: [],
            runDate: c.runDate.description)
        summary.earlierCommitted = settlement.tally.earlierCommitted
        summary.alreadyPaid = settlement.alreadyPaid
        try settlement.checkBudget(c)
        if settlement.paid.count == 0 {
            summary.status = .nothingToPay
            try writeReturnsOnly(checks: checks, settlement: settlement, returns: returns, folder: folder, c, stages: stages)
            summary.outputs = RunPaths.listFiles(c.out)
            return summary
        }
        var bankBatch = settlement.bankBatch(c)
        let batch = try settlement.ledgerBatch(c, bank: &bankBatch)
        let batchId = batch.id
        // The ledger records the batch while the outputs are written. The ledger's batch and the
        // bank's go to the threads that use them, and are freed there.
        let recording = LedgerRecording(consume batch, folder: folder, c)
        let bank = BankWriting(into: folder.work, batch: consume bankBatch, c)
        defer { _ = try? bank.wait() }
        let written: WrittenOutputs
        let manifestSHA256: String
        do throws(RunError) {
            written = try stages.run(.outputs) { () throws(RunError) in
                let w = try WrittenOutputs(into: folder.work, settlement: settlement, bank: bank, returns: returns, c)
                let report = RunManifest.report(checks: checks, settlement: settlement, batchId: batchId)
                try RunPaths.writeFile(folder.work + "/report.json", Array((report.serialized() + "\n").utf8))
                return w
            }
            try stages.run(.books) { () throws(RunError) in
                try Books.reconcile(
                    checks: checks, tally: settlement.tally, finance: written.finance, financeOnDisk: written.financeOnDisk,
                    returns: written.returns, bank: written.bank)
            }
            manifestSHA256 = try stages.run(.manifest) { () throws(RunError) in
                let manifest = try RunManifest.json(
                    options: o, cwd: c.cwd, program: c.program, runDate: c.runDate, batchId: batchId, checks: checks, paths: paths,
                    paid: settlement.paid, returned: settlement.returned, rows: settlement.rows, bank: written.bank, tmp: folder.work,
                    budgetRemaining: settlement.tally.budgetRemaining)
                let bytes = Array((manifest.serialized() + "\n").utf8)
                try RunPaths.writeFile(folder.work + "/manifest.json", bytes)
                try Books.checkManifest(folder.work + "/manifest.json", paid: settlement.paid)
                return sha256Hex(bytes: bytes)
            }
        } catch {
            throw recording.abandon(after: error, folder: folder, c)
        }
        try stages.run(.commit) { () throws(RunError) in
            try commit(recording, manifestSHA256: manifestSHA256, folder: folder, c, hooks: hooks, notice: notice)
        }
        summary.batchId = batchId
        summary.bankFiles = written.bank
        summary.outputs = RunPaths.listFiles(c.out)
        return summary
    }

    /// Nobody to pay: the districts still get their return workbooks and the run its
    /// report.json, moved into place as a batch's outputs are; no bank file, no batch.
    static func writeReturnsOnly(
        checks: [FileCheck], settlement: Settlement, returns: ReturnsWriting, folder: OutputFolder, _ c: RunConfiguration,
        stages: StageClock
    ) throws(RunError) {
        let written = try stages.run(.outputs) { () throws(RunError) in
            let w = try returns.wait()
            let report = RunManifest.report(checks: checks, settlement: settlement, batchId: nil)
            try RunPaths.writeFile(folder.work + "/report.json", Array((report.serialized() + "\n").utf8))
            return w
        }
        try stages.run(.books) { () throws(RunError) in
            let rows = checks.reduce(0) { $0 + $1.rowCount }
            let listed = written.reduce(0) { $0 + $1.received }
            guard listed == rows, written.allSatisfy({ $0.accepted.count == 0 }) else {
                throw RunError(.reconciliation, "the books do not balance: the return workbooks list \(listed) rows, \(rows) were read; nothing was kept. Please report this")
            }
        }
        try stages.run(.commit) { () throws(RunError) in try folder.moveIntoPlace(force: c.options.force) }
    }

    /// Reads every roster while the register loads, checking rows as they come; an input that
    /// cannot be read, or has no roster header anywhere, stops the run (exit 2).
    static func readAndCheckRows(
        _ paths: [String], _ c: RunConfiguration, events: (@Sendable (RunEvent) -> Void)?
    ) throws(RunError) -> ([FileCheck], Validator) {
        let counter = ProgressCounter(total: paths.count) { events?(.reading($0)) }
        let (template, program, regions, districts, studios) = (c.template, c.program, c.regions, c.districts, c.studios)
        var session: CheckSession.Outcome
        do {
            session = try CheckSession.readAndCheck(
                paths: paths, in: c.cwd, registerPath: c.registerPath,
                locator: RosterLocator(template: template, districts: districts),
                makeValidator: {
                    var v = Validator(template: template, program: program, registry: $0, regions: regions, districts: districts)
                    v.studios = studios
                    return v
                },
                fileRead: { counter.fileDone(rows: $0) })
        } catch {
            throw RunError(.input, error.description)
        }
        for r in session.read {
            switch r {
            case .success(let f):
                // A roster with no header row anywhere (JSON or text saved as .csv) cannot be
                // checked at all. A header missing a required column stays a file finding.
                // A roster of the other kind (person / organisation) is a file finding instead.
                if f.headerRows.isEmpty && !f.isEmptyFile && session.validator.wrongKindFinding(f) == nil {
                    throw RunError(.input, unreadableRosterMessage(f))
                }
            case .failure(let e):
                let text = e.description.replacingOccurrences(of: e.file, with: RunPaths.relative(e.file, cwd: c.cwd))
                let todo = e.kind == .io
                    ? "check that it is there and readable, or ask the district to resend it as .xlsx or .csv"
                    : "ask the district to resend it as .xlsx or .csv"
                throw RunError(.input, text + "; " + todo + ", or leave it out, then run again")
            }
        }
        // The register is needed no more (checked rows keep their own entry): it goes now, which
        // keeps the 100,000-row run's peak memory down.
        var validator = session.validator
        validator.registry = Registry(entries: [])
        return (session.takeChecked(), validator)
    }

    /// A programme paid from the register: its rosters are made from the register and the
    /// account list (``RegisterPayees``), then checked as any roster is.
    static func readRegisterPayees(_ c: RunConfiguration) throws(RunError) -> ([FileCheck], Validator) {
        let accountsShown = c.options.accounts ?? ""
        do {
            let register = try Registry.load(path: c.registerPath)
            let accounts: RosterFile
            do {
                accounts = try RosterLocator(template: .defaultAccounts, districts: c.districts)
                    .read(path: RunPaths.absolute(accountsShown, cwd: c.cwd))
            } catch {
                throw RosterError.unreadable(error)
            }
            if !accounts.missingFields.isEmpty {
                throw RunError(
                    .input, "--accounts \(accountsShown): the account list lacks column(s) \(accounts.missingFields.map(\.label).joined(separator: ", ")) (headers: 身份证号码, 姓名, 开户行, 账号, 区县, 津贴类型)")
            }
            var shown = accounts
            shown.path = accountsShown
            let files = try RegisterPayees.rosters(
                register: register, accounts: shown, program: c.program, districts: c.districts,
                registerShown: c.options.registry)
            let validator = Validator(program: c.program, registry: register, regions: c.regions, districts: c.districts)
            return (files.map(validator.checkFile), validator)
        } catch let e as RunError {
            throw e
        } catch {
            throw RunError(.input, "\(error)")
        }
    }

    /// Duplicates within and across files and districts, and people the ledger already paid for
    /// this programme and period.
    static func findDuplicates(_ checks: inout [FileCheck], validator: inout Validator, _ c: RunConfiguration) throws(RunError) {
        validator.ledgerHistory = try ledgerHistory(of: checks, c)
        validator.findDuplicates(&checks)
        // The register's and the readers' freed memory goes back to the system before the
        // outputs are built (glibc keeps freed blocks of worker threads otherwise).
        releaseFreedMemory()
    }

    /// What the ledger holds for each person of `checks` in this programme and period: paid
    /// already, or failed by the bank. None without a ledger yet (a new one holds nobody).
    static func ledgerHistory(of checks: [FileCheck], _ c: RunConfiguration) throws(RunError) -> (@Sendable (String) -> LedgerHistory?)? {
        guard let ledger = c.existingLedger else { return nil }
        // Each person once, with the account of their first row (the one a failed account is compared with).
        var accounts: [String: String] = [:]
        for check in checks {
            check.rows.withUnsafeBufferPointer { rows in
                for i in rows.indices { if let k = rows[i].idKey, accounts[k] == nil { accounts[k] = rows[i].account } }
            }
        }
        let prior: [String: PriorPayment]
        let failed: [String: FailedPayment]
        do {
            let (id, period) = (c.program.id, c.program.period)
            prior = try ledger.priorPayments(programmeId: id, period: period, idNumbers: accounts.keys)
            let others = accounts.filter { prior[$0.key] == nil }
                .map { LedgerPayment(idNumber: $0.key, amount: .zero, district: "", account: $0.value) }
            failed = try ledger.failedPayments(programmeId: id, period: period, payments: others)
        } catch {
            throw RunError(.ledger, "\(error)")
        }
        return { key in
            if let p = prior[key] {
                return .paid(batchId: p.batchId, date: p.created, amount: p.amount, confirmed: p.state == .confirmed)
            }
            if let f = failed[key] {
                return .failed(batchId: f.batchId, date: f.date, reason: f.reason, maskedAccount: f.maskedAccount, sameAccount: f.sameAccount)
            }
            return nil
        }
    }

    /// Waits for the batch's pending record (``LedgerRecording``), adds the manifest's hash,
    /// moves the folder into place and clears the mark. A run killed in between leaves a mark
    /// the next opening of the ledger settles from what is on disk
    /// (``OutputFolder/settlePending(in:)``): never a folder without its record or the reverse.
    static func commit(
        _ recording: LedgerRecording, manifestSHA256: String, folder: OutputFolder, _ c: RunConfiguration, hooks: RunHooks,
        notice: ((String) -> Void)?
    ) throws(RunError) {
        let ledger = try recording.wait()
        do throws(RunError) {
            do {
                try ledger.recordManifest(batchId: recording.batchId, sha256: manifestSHA256)
            } catch {
                throw RunError(.ledger, "\(error)")
            }
            do {
                try hooks.beforeRename?()
            } catch {
                throw error as? RunError ?? RunError(.output, "\(error)")
            }
            try folder.moveIntoPlace(force: c.options.force)
        } catch {
            throw recording.abandon(after: error, folder: folder, c)
        }
        hooks.afterRename?()
        do {
            try ledger.completePending(batchId: recording.batchId)
        } catch {
            notice?("batch \(recording.batchId) is recorded and its outputs are in place, but its pending mark could not be cleared (\(error)); the next run clears it")
        }
    }
}

/// Runs each stage, telling the terminal (through the events) and `ROSTER_TIMING` when it
/// starts and ends.
struct StageClock {
    let timer: PhaseTimer
    let events: (@Sendable (RunEvent) -> Void)?

    func run<T>(_ stage: RunStage, _ body: () throws(RunError) -> T) throws(RunError) -> T {
        events?(.started(stage))
        let start = DispatchTime.now()
        let result = try body()
        timer.mark(stage.rawValue)
        events?(.finished(stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9))
        return result
    }
}

/// Counts files and rows read by the worker threads and reports progress.
final class ProgressCounter: @unchecked Sendable {  // `done` and `rows` change only under `lock`
    private let lock = NSLock()
    private let total: Int
    private var done = 0
    private var rows = 0
    private let report: @Sendable (RunProgress) -> Void

    init(total: Int, report: @escaping @Sendable (RunProgress) -> Void) {
        self.total = total
        self.report = report
    }

    func fileDone(rows n: Int) {
        let p: RunProgress = lock.withLock {
            done += 1
            rows += n
            return RunProgress(filesDone: done, filesTotal: total, rows: rows)
        }
        report(p)
    }
}
