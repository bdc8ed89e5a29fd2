import ArgumentParser
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples

@main
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Turns district rosters of model workers into a checked, reconciled payment batch.",
        version: RosterInfo.version,
        subcommands: [
            // One file per subcommand in Commands/, in the order of the README.
            Run.self,
            Check.self,
            Samples.self,
            Ledger.self,
            Reconcile.self,
            Status.self,
            Report.self,
            Serve.self,
            Sheets.self,
            Cat.self,
            Convert.self,
            Rmb.self,
        ]
    )
}
