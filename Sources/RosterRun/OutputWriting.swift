import Foundation
import RosterCheck
import RosterCore
import RosterOutputs
import Spreadsheet

/// What a batch writes into its work folder, each independent file side by side: the finance
/// workbook (then read back from disk), the return workbooks and the bank files.
struct WrittenOutputs {
    var finance: PaymentTally
    /// The finance workbook's detail rows as read back from disk.
    var financeOnDisk: PaymentTotals
    var returns: [ReturnWorkbook.Result]
    var bank: [BankFileOutput]

    /// Writes them into `folder`, every file its own task on all cores, the longest first (the
    /// finance workbook with its read-back, then the bank files, then the districts' workbooks
    /// from the largest), so the cores stay busy to the end. When several fail, the first in
    /// the order above (finance, returns in district order, bank) is reported.
    ///
    /// Without a bank batch (nobody to pay), only the districts' workbooks are written.
    init(
        into folder: String, checks: [FileCheck], settlement: Settlement, bankBatch: PaymentBatch?, _ c: RunConfiguration
    ) throws(RunError) {
        enum Task: Sendable {
            case finance
            case bank
            case returns(ReturnWorkbook.Job, index: Int)
        }
        enum Written: Sendable {
            case finance(PaymentTally, onDisk: PaymentTotals)
            case returns(ReturnWorkbook.Result, index: Int)
            case bank([BankFileOutput])
        }
        let tally = settlement.tally
        let (program, runDate, formats, xsd) = (c.program, c.runDate, c.bankFormats, c.xsdPath)
        let returnsFolder = folder + "/returns"
        do {
            try FileManager.default.createDirectory(atPath: returnsFolder, withIntermediateDirectories: false)
        } catch {
            throw RunError(.output, "\(returnsFolder): cannot create the folder; check the permissions of \(folder)")
        }
        let jobs = ReturnWorkbook.jobs(checks, districts: c.districts)
        let byWork = jobs.indices.sorted { jobs[$0].rowCount > jobs[$1].rowCount }
        let tasks: [Task] = (bankBatch == nil ? [] : [.finance, .bank]) + byWork.map { .returns(jobs[$0], index: $0) }
        let done = parallelMap(tasks) { (task: Task) -> Result<Written, RunError> in
            Result { () throws(RunError) -> Written in
                switch task {
                case .finance:
                    let path = folder + "/" + PaymentRun.financeFileName
                    let written = try Self.spreadsheet { () throws(SpreadsheetError) in
                        try FinanceWorkbook.write(to: path, tally: tally, program: program, runDate: runDate)
                    }
                    return .finance(written, onDisk: try Books.financeDetailTotals(path))
                case .returns(let job, let index):
                    return .returns(
                        try Self.spreadsheet { () throws(SpreadsheetError) in
                            try ReturnWorkbook.write(job, into: returnsFolder, program: program, runDate: runDate)
                        }, index: index)
                case .bank:
                    return .bank(try Self.writeBankFiles(bankBatch!, formats: formats, folder: folder, xsdPath: xsd))
                }
            }
        }
        var finance: PaymentTally?
        var onDisk = PaymentTotals()
        var returns = [ReturnWorkbook.Result?](repeating: nil, count: jobs.count)
        var bank: [BankFileOutput] = []
        var failures: [(order: Int, error: RunError)] = []
        for (t, r) in zip(tasks, done) {
            switch r {
            case .failure(let e):
                let order: Int
                switch t {
                case .finance: order = 0
                case .returns(_, let i): order = 1 + i
                case .bank: order = 1 + jobs.count
                }
                failures.append((order, e))
            case .success(.finance(let f, let d)):
                finance = f
                onDisk = d
            case .success(.returns(let r, let i)): returns[i] = r
            case .success(.bank(let b)): bank = b
            }
        }
        if let first = failures.min(by: { $0.order < $1.order }) { throw first.error }
        self.finance = finance ?? tally
        self.financeOnDisk = onDisk
        self.returns = returns.map { $0! }
        self.bank = bank
    }

    /// A workbook writer's error as the run's (exit 1: an output could not be written).
    static func spreadsheet<T>(_ body: () throws(SpreadsheetError) -> T) throws(RunError) -> T {
        do {
            return try body()
        } catch {
            throw RunError(.output, error.description)
        }
    }

    /// Writes the bank files of `formats` into `folder/bank`, each read back and checked.
    static func writeBankFiles(
        _ batch: PaymentBatch, formats: [BankFormat], folder: String, xsdPath: String?
    ) throws(RunError) -> [BankFileOutput] {
        do {
            try FileManager.default.createDirectory(atPath: folder + "/bank", withIntermediateDirectories: false)
        } catch {
            let parent = (folder as NSString).deletingLastPathComponent
            throw RunError(.output, "\(folder)/bank: cannot create the folder; check the permissions of \(parent)")
        }
        var outputs: [BankFileOutput] = []
        for f in formats {
            do {
                var out = try BankFiles.write(batch, format: f, directory: folder + "/bank", xsdPath: xsdPath)
                out.path = "bank/" + (out.path as NSString).lastPathComponent
                outputs.append(out)
            } catch {
                throw RunError(.output, error.description)
            }
        }
        return outputs
    }
}
