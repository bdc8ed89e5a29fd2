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

    /// Writes them into `folder`. When several fail, the first in the order above is reported.
    init(
        into folder: String, checks: [FileCheck], settlement: Settlement, bankBatch: PaymentBatch, _ c: RunConfiguration
    ) throws(RunError) {
        enum Written: Sendable {
            case finance(PaymentTally, onDisk: PaymentTotals)
            case returns([ReturnWorkbook.Result])
            case bank([BankFileOutput])
        }
        let tally = settlement.tally
        let (program, runDate, districts, formats, xsd) = (c.program, c.runDate, c.districts, c.bankFormats, c.xsdPath)
        let jobs = parallelMap([0, 1, 2]) { (job: Int) -> Result<Written, RunError> in
            Result { () throws(RunError) -> Written in
                let path = folder + "/" + PaymentRun.financeFileName
                switch job {
                case 0:
                    let written = try Self.spreadsheet { () throws(SpreadsheetError) in
                        try FinanceWorkbook.write(to: path, tally: tally, program: program, runDate: runDate)
                    }
                    return .finance(written, onDisk: try Books.financeDetailTotals(path))
                case 1:
                    return .returns(
                        try Self.spreadsheet { () throws(SpreadsheetError) in
                            try ReturnWorkbook.writeAll(
                                into: folder + "/returns", checks: checks, program: program, runDate: runDate, districts: districts)
                        })
                default:
                    return .bank(try Self.writeBankFiles(bankBatch, formats: formats, folder: folder, xsdPath: xsd))
                }
            }
        }
        var finance: PaymentTally?
        var onDisk = PaymentTotals()
        var returns: [ReturnWorkbook.Result] = []
        var bank: [BankFileOutput] = []
        for j in jobs {
            switch j {
            case .failure(let e): throw e
            case .success(.finance(let f, let d)):
                finance = f
                onDisk = d
            case .success(.returns(let r)): returns = r
            case .success(.bank(let b)): bank = b
            }
        }
        self.finance = finance!
        self.financeOnDisk = onDisk
        self.returns = returns
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
