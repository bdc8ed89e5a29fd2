import Foundation
import RosterCheck
import RosterCore
import RosterOutputs
import Spreadsheet

/// The districts' return workbooks, written on their own thread from the checked rows alone:
/// they are under way while the batch is settled (one core settles, the other writes) and
/// while the finance workbook and the bank files are written.
final class ReturnsWriting: Sendable {
    private let written: Background<Result<[ReturnWorkbook.Result], RunError>>

    /// Starts writing every district's workbook into `folder/returns`, the largest first, so
    /// the cores stay busy to the end. When several fail, the first in district order is kept.
    init(into folder: String, checks: [FileCheck], _ c: RunConfiguration) {
        let (program, runDate, districts) = (c.program, c.runDate, c.districts)
        written = Background(name: "roster-returns") {
            Result { () throws(RunError) -> [ReturnWorkbook.Result] in
                let returnsFolder = folder + "/returns"
                do {
                    try FileManager.default.createDirectory(atPath: returnsFolder, withIntermediateDirectories: false)
                } catch {
                    throw RunError(.output, "\(returnsFolder): cannot create the folder; check the permissions of \(folder)")
                }
                let jobs = ReturnWorkbook.jobs(checks, districts: districts)
                let byWork = jobs.indices.sorted { jobs[$0].rowCount > jobs[$1].rowCount }
                let done = parallelMap(byWork) { (index: Int) -> Result<ReturnWorkbook.Result, RunError> in
                    Result { () throws(RunError) -> ReturnWorkbook.Result in
                        try WrittenOutputs.spreadsheet { () throws(SpreadsheetError) in
                            try ReturnWorkbook.write(jobs[index], into: returnsFolder, program: program, runDate: runDate)
                        }
                    }
                }
                var results = [Result<ReturnWorkbook.Result, RunError>?](repeating: nil, count: jobs.count)
                for (index, r) in zip(byWork, done) { results[index] = r }
                var out: [ReturnWorkbook.Result] = []
                for r in results { out.append(try r!.get()) }
                return out
            }
        }
    }

    /// Waits for the workbooks: their results in district order, or the first failure.
    func wait() throws(RunError) -> [ReturnWorkbook.Result] { try written.value().get() }
}

/// The bank files, written on their own thread while the finance workbook is. The batch goes
/// with them: it is freed once they are written (94,000 payments are 13 MB).
final class BankWriting: Sendable {
    private let written: Background<Result<[BankFileOutput], RunError>>

    init(into folder: String, batch: consuming PaymentBatch, _ c: RunConfiguration) {
        let (formats, xsd) = (c.bankFormats, c.xsdPath)
        written = Background(name: "roster-bank") { [batch] in
            Result { () throws(RunError) in try WrittenOutputs.writeBankFiles(batch, formats: formats, folder: folder, xsdPath: xsd) }
        }
    }

    /// Waits for the files: what was written, or why not.
    func wait() throws(RunError) -> [BankFileOutput] { try written.value().get() }
}

/// What a batch writes into its work folder: the finance workbook (then read back from disk)
/// on the caller's thread, with the bank files (``BankWriting``) and the return workbooks
/// (``ReturnsWriting``) already under way. When several fail, the first in the order finance,
/// returns, bank is reported.
struct WrittenOutputs {
    var finance: PaymentTally
    /// The finance workbook's detail rows as read back from disk.
    var financeOnDisk: PaymentTotals
    var returns: [ReturnWorkbook.Result]
    var bank: [BankFileOutput]

    init(
        into folder: String, settlement: Settlement, bank banking: BankWriting, returns writing: ReturnsWriting, _ c: RunConfiguration
    ) throws(RunError) {
        let path = folder + "/" + PaymentRun.financeFileName
        let finance = Result { () throws(RunError) -> (PaymentTally, PaymentTotals) in
            let written = try Self.spreadsheet { () throws(SpreadsheetError) in
                try FinanceWorkbook.write(to: path, tally: settlement.tally, program: c.program, runDate: c.runDate)
            }
            return (written, try Books.financeDetailTotals(path))
        }
        let returns = Result { () throws(RunError) in try writing.wait() }
        let bank = Result { () throws(RunError) in try banking.wait() }
        (self.finance, self.financeOnDisk) = try finance.get()
        self.returns = try returns.get()
        self.bank = try bank.get()
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
