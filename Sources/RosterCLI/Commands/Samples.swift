import ArgumentParser
import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples

/// `roster samples`: writes a synthetic scenario (register, programme, district rosters, truth).
struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Generates a realistic, fully synthetic scenario to try the other commands on.",
        discussion: """
            Writes into DIR: register.xlsx (the honour register: national, provincial and municipal \
            model workers, some revoked, some deceased), program.json (the 2017 Mid-Autumn hardship \
            programme), rosters/<district>.xlsx|csv for the 14 Kunming districts and counties in mixed \
            layouts and formats (title rows, merged headers, totals rows, an instructions sheet, IDs \
            typed as numbers, GB18030 and UTF-8 CSV), truth.json (every finding the injected defects \
            must raise: file, row, code, severity), normalisations.json (variations that must pass \
            silently) and README.txt. No real person's data: every name, ID and card number is random. \
            The same --seed and --rows give byte-identical files.

            Exit status 0 when written, 2 when the options cannot work or DIR cannot be used.

            With --answer RUN_OUT, writes instead the bank's answer to the batch `roster run` wrote into \
            RUN_OUT (it must have a pain.001 file): pain.002.xml and failures.txt (a 批量代发失败清单, \
            cn-batch-gbk-failures) with a few realistic failures, and resubmission/<区县>补发.xlsx, what \
            the districts send after them (docs/ledger.md walks the season).

            With --year 2017, writes instead a synthetic year of the four programmes of the seed report, \
            in its figures: register.xlsx (with status dates), studios.xlsx (the named innovation studios), \
            programmes/*.json, the districts' rosters and corrected resubmissions (midautumn/, provincial/), \
            the national allowance's account lists (national/), the studios' organisation rosters \
            (studios/rosters/), targets.json and README.txt (the commands of the year; make demo-year plays it).

            The committed scenario:   roster samples --out Samples --seed 2017
            A benchmark-sized one:    roster samples --out /tmp/big --rows 100000
            The bank's answer:        roster samples --answer out/demo --out out/season/bank
            A year of programmes:     roster samples --year 2017 --out out/demo-year/inputs
            """
    )

    @Option(name: .long, help: ArgumentHelp("The folder to write into (refused when not empty, unless --force).", valueName: "DIR"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Data rows across all district rosters (120…2000000).", valueName: "N"))
    var rows: Int = 366

    @Option(name: .long, help: ArgumentHelp("The random seed: the same seed gives the same files.", valueName: "S"))
    var seed: UInt64 = 2017

    @Option(name: .long, help: ArgumentHelp("Living title holders in the register, besides the revoked and deceased (default: at least 4455, and 1.25 per roster row; given smaller, the national and provincial shares shrink).", valueName: "N"))
    var registerSize: Int?

    @Flag(name: .long, help: "Write the register as a UTF-8 CSV instead of XLSX.")
    var registerCSV = false

    @Flag(name: .long, help: "Write into a non-empty DIR, replacing the sample files in it.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Write the bank's answer to the batch in this run output folder instead of a scenario.", valueName: "RUN_OUT"))
    var answer: String?

    @Option(name: .long, help: ArgumentHelp("Write a synthetic year of the four programmes instead of a scenario (2017, the seed report's).", valueName: "YYYY"))
    var year: Int?

    @Flag(name: .long, help: "With --answer: list every payment in the pain.002 and in a result.txt (cn-batch-gbk-result), not only the failures.")
    var everyLine = false

    /// Writes one line to standard error.
    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func run() throws {
        if let year {
            try writeYear(year)
            return
        }
        if let answer {
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            if !existing.isEmpty && !force {
                Self.printError("roster samples: \(out) is not empty; give an empty or new folder, or --force")
                throw ExitCode(2)
            }
            do {
                let files = try BankAnswer.write(runFolder: answer, to: out, seed: seed, everyLine: everyLine)
                print("Wrote the bank's answer to the batch in \(answer) into \(out): \(files.joined(separator: ", "))")
            } catch {
                Self.printError("roster samples: \(error)")
                throw ExitCode(2)
            }
            return
        }
        let options = SampleOptions(
            rows: rows, seed: seed, registerSize: registerSize, registerFormat: registerCSV ? .csvUTF8BOM : .xlsx)
        let scenario = try Self.exitingOnFailure {
            let scenario = try SampleGenerator.generate(options)
            try SampleWriter.write(scenario, to: out, force: force)
            return scenario
        }
        printSummary(scenario)
    }

    /// Runs `body`; options that cannot work or a folder that cannot be written are told on
    /// one line and end the command with exit status 2.
    private static func exitingOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as SampleOptionsError {
            printError("roster samples: \(e.description)")
        } catch let e as SampleWriter.Failure {
            printError("roster samples: \(e.description)")
        }
        throw ExitCode(2)
    }

    /// Prints what a scenario holds.
    private func printSummary(_ scenario: SampleScenario) {
        let registerTotal = scenario.registerCounts.values.reduce(0, +)
        let errors = scenario.truth.filter { $0.severity == "error" }.count
        print("Wrote \(out): register of \(registerTotal) people, \(scenario.rosters.count) district rosters with \(scenario.rosterRowCount) rows.")
        print("Injected: \(scenario.truth.count) findings (\(errors) errors, \(scenario.truth.count - errors) warnings), \(scenario.normalisations.count) silent variations — see truth.json.")
        print("Payable: \(scenario.payableRows) rows, \(scenario.payableTotal.groupedString) yuan; budget \(scenario.program.budget.groupedString) yuan.")
    }

    /// `--year`: the year's files; the options of a scenario or an answer do not apply.
    private func writeYear(_ year: Int) throws {
        if answer != nil || everyLine || registerCSV || registerSize != nil || rows != 366 {
            Self.printError("roster samples: --year writes a whole year; --answer, --every-line, --rows, --register-size and --register-csv do not apply")
            throw ExitCode(2)
        }
        let scenario = try Self.exitingOnFailure {
            let scenario = try YearSamples.generate(year: year, seed: seed)
            try YearWriter.write(scenario, to: out, force: force)
            return scenario
        }
        let r = scenario.registerCounts
        print("Wrote \(out): the year \(year), register of \(r.active + r.revoked + r.deceased) people, \(scenario.workbooks.count) workbooks, 4 programmes — see README.txt.")
        for c in scenario.counts {
            print("  \(c.programme): \(c.people) payees, \(c.yuan.groupedString) yuan (\(c.rows) rows, \(c.returned) returned, \(c.resubmitted) sent again)")
        }
    }
}
