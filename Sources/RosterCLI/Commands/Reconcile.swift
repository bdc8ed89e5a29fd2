import ArgumentParser
import Foundation
import RosterBankResults
import RosterCore
import RosterLedger
import RosterReconcile

/// `roster reconcile`: the bank's answers applied to the ledger.
struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Applies the bank's answers (pain.002, camt.054, result lists) to the payment ledger.",
        discussion:
            "Each payment a batch issued is confirmed, failed or returned as the bank says; a failed or returned "
            + "person may then be paid again by the next `roster run`, and nobody else. Lines are matched by "
            + "EndToEndId, else by 序号, else by account + name + amount; a line that matches no payment, or more "
            + "than one, changes nothing and is listed. The same file twice changes nothing the second time. A result "
            + "for a voided batch, for another payer account, or whose totals disagree with its lines is refused. "
            + "With --out, writes 银行结果对账表.xlsx and failures/<区县>.xlsx (the districts' failed payments and "
            + "what to send). Example: roster reconcile --ledger out/roster-ledger.sqlite --out out/bank bank/pain.002.xml")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var ledger: Ledger.FileOption

    @Option(help: ArgumentHelp("Also write the reconciliation and failure workbooks into this folder.", valueName: "DIR"))
    var out: String?

    @Option(
        name: .customLong("result-template"),
        help: ArgumentHelp(
            "The layout of delimited result lists: \(ResultTemplate.builtInNames.joined(separator: ", ")), or a template .json (Schemas/result-template.schema.json).",
            valueName: "NAME"))
    var template: String?

    @Option(help: ArgumentHelp("The batch a delimited result list answers (default: the one batch awaiting the bank).", valueName: "BATCH"))
    var batch: String?

    @Option(help: ArgumentHelp("The date of a result that carries none.", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("The bank's result files.", valueName: "RESULT"))
    var results: [String]

    func run() throws {
        let l = try ledger.open()
        let options = ReconcileOptions(results: results, template: template, batch: batch, date: date)
        let done: Reconciliation
        do {
            done = try Reconciler.run(options, ledger: l)
        } catch {
            FileHandle.standardError.write(Data("roster reconcile: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var written: [String] = []
        if let out {
            do {
                written = try done.writeWorkbooks(to: out)
            } catch {
                FileHandle.standardError.write(Data("roster reconcile: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        switch format {
        case .text:
            print(done.text(), terminator: "")
            for w in written { print("wrote \(w)") }
        case .json:
            print(done.json().serialized())
        }
        // A refused file changed nothing: the caller must look at it.
        if !done.refusals.isEmpty { throw ExitCode(1) }
    }
}
