import ArgumentParser
import Roster

@main
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Turns district rosters of model workers into a checked, reconciled payment batch.",
        version: RosterInfo.version,
        subcommands: [
            // One file per subcommand in Commands/. Keep this list in the order of the README.
            Sheets.self,
            Cat.self,
            Convert.self,
            Rmb.self,
            Ledger.self,
            Check.self,
            Samples.self,
            Run.self,
        ]
    )
}
