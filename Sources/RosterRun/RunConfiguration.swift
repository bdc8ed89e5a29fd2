import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import Spreadsheet

/// Everything a run is configured with, checked before a roster is read: every problem here is
/// an input that cannot be used (exit 2), and nothing has been written yet.
struct RunConfiguration {
    let options: RunOptions
    /// The folder paths are given relative to.
    let cwd: String
    /// The output folder, absolute and as given.
    let out: String
    let outShown: String
    /// The ledger, absolute and as shown.
    let ledgerPath: String
    let ledgerShown: String
    let program: Program
    let template: TableTemplate
    /// The named studios (organisation programmes only).
    let studios: StudioList?
    let regions: RegionTable?
    let districts: DistrictList
    /// The honour register (absolute); it is loaded while the rosters are read.
    let registerPath: String
    /// The date written into the outputs (`--date`, else the programme's).
    let runDate: SimpleDate
    let bankFormats: [BankFormat]
    let xsdPath: String?
    let ledgerKey: LedgerKey?
    /// The ledger when it exists (opened, so checked, and its killed runs settled); a new one is
    /// created only when the batch is recorded, so a run that stops early leaves none behind.
    let existingLedger: PaymentLedger?

    /// Checks the options; `notice` hears one-line notes (a replaced folder's batch, a killed
    /// run settled).
    init(_ o: RunOptions, environment: [String: String], notice: ((String) -> Void)?) throws(RunError) {
        let cwd = o.workingDirectory
        let out = RunPaths.absolute(o.out, cwd: cwd)
        let parent = (out as NSString).deletingLastPathComponent
        let ledgerPath = o.ledger.map { RunPaths.absolute($0, cwd: cwd) } ?? (parent + "/" + PaymentLedger.defaultFileName)
        let ledgerShown = o.ledger ?? RunPaths.relative((ledgerPath as NSString).standardizingPath, cwd: cwd)
        try Self.checkOutputFolder(o, out: out, ledgerPath: ledgerPath, ledgerShown: ledgerShown, cwd: cwd, notice: notice)
        try Self.requireFiles(o, cwd: cwd)
        let program: Program
        do {
            program = try Program.load(path: RunPaths.absolute(o.program, cwd: cwd))
            districts = try o.districts.map { p throws(ConfigError) in try DistrictList.load(path: RunPaths.absolute(p, cwd: cwd)) } ?? .kunming
            template = try o.template.map { p throws(ConfigError) in try TableTemplate.load(path: RunPaths.absolute(p, cwd: cwd)) }
                ?? (program.payee == .organisation ? .defaultOrganisation : .defaultRoster)
            regions = try o.regions.map { p throws(ConfigError) in try RegionTable(path: RunPaths.absolute(p, cwd: cwd)) }
        } catch {
            throw RunError(.input, error.description)
        }
        try Self.checkPayees(o, program: program)
        do {
            studios = try o.studios.map { p throws(RosterError) in try StudioList.load(path: RunPaths.absolute(p, cwd: cwd)) }
        } catch {
            throw RunError(.input, "--studios \(o.studios ?? ""): \(error.description)")
        }
        for p in studios?.problems ?? [] { notice?("--studios: \(p)") }
        if let d = o.date {
            guard let parsed = SimpleDate(iso: d) else {
                throw RunError(.input, "--date \(d): not a real date; give it as YYYY-MM-DD")
            }
            runDate = parsed
        } else {
            runDate = program.date
        }
        bankFormats = try Self.bankFormats(o, cwd: cwd)
        xsdPath = try Self.schema(o, cwd: cwd)
        (ledgerKey, existingLedger) = try Self.ledger(
            o, path: ledgerPath, shown: ledgerShown, cwd: cwd, environment: environment, notice: notice)
        self.options = o
        self.cwd = cwd
        self.out = out
        self.outShown = o.out
        self.ledgerPath = ledgerPath
        self.ledgerShown = ledgerShown
        self.program = program
        self.registerPath = RunPaths.absolute(o.registry, cwd: cwd)
    }

    /// An existing output folder needs `--force`; one holding a batch the ledger does not record
    /// was written with another ledger (or the ledger is an older copy): its bank files must not
    /// be used, which is said whatever is done. A file where a folder should be is refused; a
    /// missing parent is created once there is something to write.
    static func checkOutputFolder(
        _ o: RunOptions, out: String, ledgerPath: String, ledgerShown: String, cwd: String, notice: ((String) -> Void)?
    ) throws(RunError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: out, isDirectory: &isDir)
        let unrecorded = exists ? OutputFolder.unrecordedBatch(in: out, ledgerPath: ledgerPath) : nil
        if exists, !o.force {
            if let id = unrecorded {
                throw RunError(
                    .input,
                    "\(o.out): the output folder already exists and holds batch \(id), which \(ledgerShown) does not record (written with another ledger, or this ledger is an older copy), so its bank files must not be used; remove the folder, or add --force to replace it, then run again")
            }
            throw RunError(.input, "\(o.out): the output folder already exists; choose another --out or add --force to replace it")
        }
        if let id = unrecorded {
            notice?("\(o.out) holds batch \(id), which \(ledgerShown) does not record: it is replaced and its bank files are discarded")
        }
        if exists, !isDir.boolValue {
            throw RunError(.input, "\(o.out): exists and is not a folder; choose another --out")
        }
        if let problem = RunPaths.outParentProblem(outAbs: out, shown: o.out, cwd: cwd) {
            throw RunError(.input, problem)
        }
    }

    /// What a programme's payees need: an organisation programme its list of named studios; one
    /// paid from the register an account list, no rosters, and fixed amounts (nobody writes one).
    static func checkPayees(_ o: RunOptions, program: Program) throws(RunError) {
        if program.payee == .organisation, o.studios == nil {
            throw RunError(.input, "\(o.program) pays organisations (\"payee\": \"organisation\"): give the list of named studios with --studios FILE")
        }
        if program.payee == .person, o.studios != nil {
            throw RunError(.input, "--studios is for a programme paying organisations; \(o.program) pays people")
        }
        switch program.payeesFrom {
        case .register:
            guard o.accounts != nil else {
                throw RunError(.input, "\(o.program) is paid from the register (\"payeesFrom\": \"register\"): give the account list with --accounts FILE")
            }
            guard o.inputs.isEmpty else {
                throw RunError(.input, "\(o.program) is paid from the register: nobody sends a roster; leave out \(o.inputs.joined(separator: " "))")
            }
            let rules = (program.amountRules.map(\.rule) + [program.amount].compactMap { $0 })
            guard rules.allSatisfy({ if case .fixed = $0 { true } else { false } }) else {
                throw RunError(.input, "\(o.program) is paid from the register, so each amount rule must be fixed (nobody writes an amount)")
            }
        case .rosters:
            if o.accounts != nil { throw RunError(.input, "--accounts is for a programme paid from the register (\"payeesFrom\": \"register\")") }
        }
    }

    /// Files given for the configuration must be regular files: a folder would give a Foundation
    /// error code, a pipe would block the run. A missing file is left for its loader to name.
    static func requireFiles(_ o: RunOptions, cwd: String) throws(RunError) {
        try RunPaths.requireConfigFile(o.program, option: "--program", what: "the programme (.json)", cwd: cwd)
        try RunPaths.requireConfigFile(o.registry, option: "--registry", what: "the honour register (.xlsx or .csv)", cwd: cwd)
        if let t = o.template { try RunPaths.requireConfigFile(t, option: "--template", what: "a roster template (.json)", cwd: cwd) }
        if let r = o.regions { try RunPaths.requireConfigFile(r, option: "--regions", what: "an area-code table (.csv)", cwd: cwd) }
        if let d = o.districts { try RunPaths.requireConfigFile(d, option: "--districts", what: "a district list (.json)", cwd: cwd) }
        if let x = o.xsd { try RunPaths.requireConfigFile(x, option: "--xsd", what: "the pain.001 schema (.xsd)", cwd: cwd) }
        if let s = o.studios { try RunPaths.requireConfigFile(s, option: "--studios", what: "the list of named studios (.xlsx or .csv)", cwd: cwd) }
        if let a = o.accounts { try RunPaths.requireConfigFile(a, option: "--accounts", what: "the account list (.xlsx or .csv)", cwd: cwd) }
    }

    /// The bank file formats (`--bank-template`, default `generic-csv`), each once.
    static func bankFormats(_ o: RunOptions, cwd: String) throws(RunError) -> [BankFormat] {
        var formats: [BankFormat] = []
        for name in o.bankTemplates.isEmpty ? ["generic-csv"] : o.bankTemplates {
            do {
                let isFile = name.hasSuffix(".json") || name.contains("/")
                let f = try BankFormat.named(isFile ? RunPaths.absolute(name, cwd: cwd) : name)
                if !formats.contains(f) { formats.append(f) }
            } catch {
                throw RunError(.input, "--bank-template \(name): \(error.description)")
            }
        }
        return formats
    }

    /// The pain.001 schema, compiled now so a bad one is a configuration error.
    static func schema(_ o: RunOptions, cwd: String) throws(RunError) -> String? {
        guard let xsd = o.xsd else { return nil }
        let path = RunPaths.absolute(xsd, cwd: cwd)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw RunError(.input, "--xsd \(xsd): no such readable file; give the pain.001 schema's path or leave --xsd out")
        }
        do {
            _ = try XMLSchemaValidator(xsdPath: path)
        } catch {
            let first = (error.messages.first ?? "unknown error").replacingOccurrences(of: "\n", with: " ")
            throw RunError(.input, "--xsd \(xsd): not a usable XML schema (\(first)); give the pain.001 schema (.xsd) or leave --xsd out")
        }
        return path
    }

    /// The ledger key, and the ledger when it exists: opened now (and so checked), with a batch
    /// a killed run left pending settled before anything is checked against it.
    static func ledger(
        _ o: RunOptions, path: String, shown: String, cwd: String, environment: [String: String], notice: ((String) -> Void)?
    ) throws(RunError) -> (LedgerKey?, PaymentLedger?) {
        let fm = FileManager.default
        do {
            let key = try LedgerKey.resolve(keyFile: o.ledgerKeyFile.map { RunPaths.absolute($0, cwd: cwd) }, environment: environment)
            guard fm.fileExists(atPath: path) else {
                // A missing folder is created when the batch is recorded; a file in its place is not.
                var isDir: ObjCBool = false
                let folder = (path as NSString).deletingLastPathComponent
                if fm.fileExists(atPath: folder, isDirectory: &isDir), !isDir.boolValue { throw LedgerError.readOnly(path: path) }
                return (key, nil)
            }
            let ledger = try PaymentLedger(path: path, key: key)
            for r in try OutputFolder.settlePending(in: ledger) where r.outcome != .inProgress {
                notice?("\(shown): \(r.message)")
            }
            return (key, ledger)
        } catch {
            throw RunError(.input, "\(error)")
        }
    }
}
