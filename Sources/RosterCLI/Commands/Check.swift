import ArgumentParser
import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples
import Spreadsheet

/// `roster check`: validates district rosters against the honour register and a programme.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checks district rosters against the honour register and a programme.",
        discussion: """
            Finds the roster in every file (XLSX or CSV, any mix), checks identity numbers, the \
            honour register, duplicates within and across districts, bank accounts and amounts, and \
            prints every finding with personal values masked. Exit status: 0 no errors, 1 error \
            findings, 2 an input or configuration file cannot be read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "The honour register (XLSX or CSV).")
    var registry: String

    @Option(name: .long, help: "The programme (JSON, see Schemas/program.schema.json).")
    var program: String

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .long, help: "District for files whose district is not in a column, the file name or the title.")
    var district: String?

    @Option(name: .long, help: "A GB/T 2260 area-code table (CSV, code in the first column) for full region checks.")
    var regions: String?

    @Option(name: .long, help: "A roster template JSON instead of the built-in one.")
    var template: String?

    @Option(name: .long, help: "The city's districts and counties (JSON, see Schemas/district-list.schema.json); default Kunming's 14.")
    var districts: String?

    @Option(name: .long, help: "The list of named studios (XLSX or CSV), for a programme paying organisations.")
    var studios: String?

    @Argument(help: "Roster files (XLSX or CSV).")
    var files: [String]

    func run() throws {
        let timer = PhaseTimer(enabled: ProcessInfo.processInfo.environment["ROSTER_TIMING"] != nil)
        let prog: Program
        let tmpl: TableTemplate
        let table: RegionTable?
        let list: DistrictList
        do {
            prog = try Program.load(path: program)
            tmpl = try template.map { p throws(ConfigError) in try TableTemplate.load(path: p) }
                ?? (prog.payee == .organisation ? .defaultOrganisation : .defaultRoster)
            table = try regions.map { p throws(ConfigError) in try RegionTable(path: p) }
            list = try districts.map { p throws(ConfigError) in try DistrictList.load(path: p) } ?? .kunming
        } catch {
            fail(error.description)
        }
        if prog.payee == .organisation, studios == nil {
            fail("\(program) pays organisations: give the list of named studios with --studios FILE")
        }
        let named: StudioList?
        do {
            named = try studios.map { p throws(RosterError) in try StudioList.load(path: p) }
        } catch {
            fail("--studios \(studios ?? ""): \(error.description)")
        }
        if let d = district, list.canonical(d) == nil {
            fail("--district \(d): not a district or county of \(list.city); give one of \(list.listed)")
        }
        // The register loads on its own thread while the rosters are read, and rows are checked
        // as they come (CheckSession); a register that cannot be used stops the check at once.
        let session: CheckSession.Outcome
        do {
            session = try CheckSession.readAndCheck(
                paths: files, registerPath: registry, locator: RosterLocator(template: tmpl, districts: list),
                fallbackDistrict: district,
                makeValidator: {
                    var v = Validator(template: tmpl, program: prog, registry: $0, regions: table, districts: list)
                    v.studios = named
                    return v
                },
                registerFailed: { fail($0.description) })
        } catch {
            fail(error.description)
        }
        timer.mark("read")
        let problems = session.registerProblems
        for p in problems.prefix(20) { FileHandle.standardError.write(Data(("register: " + p + "\n").utf8)) }
        if problems.count > 20 {
            FileHandle.standardError.write(Data("register: … \(problems.count - 20) more rows skipped\n".utf8))
        }
        let report = CheckReport(session, paths: files)
        timer.mark("check")
        for case .unreadable(_, let err) in report.entries {
            FileHandle.standardError.write(Data(("roster check: " + err.description + "\n").utf8))
        }
        switch format {
        case .json: FileHandle.standardOutput.write(Data((report.json().serialized() + "\n").utf8))
        case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
        }
        timer.mark("report")
        // Exit here: tearing down 100,000 checked rows one by one costs time and changes nothing.
        Foundation.exit(report.exitCode)
    }

    /// Prints a configuration error and exits with status 2.
    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("roster check: " + message + "\n").utf8))
        Foundation.exit(2)
    }
}


