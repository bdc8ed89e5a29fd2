import RosterCore

/// A synthetic year of the four programmes of Kunming's 2017 report (issue 14), built so that
/// playing it through `roster run`, the bank's answers and the districts' resubmissions ends
/// in the report's own figures: 366 people / 700,000.00; 60 / 1,053,500.00;
/// 217 / 1,451,900.00; 4 studios / 28,000.00.
///
/// Every person is random (names from common characters, identity numbers and cards made up);
/// the same seed gives the same files, byte for byte, and no date comes from the clock.
public enum YearSamples {
    /// The years there are figures for: the seed document's.
    public static let years = [2017]

    /// Builds the year for `year` from `seed`, or explains why it cannot.
    public static func generate(year: Int, seed: UInt64) throws -> YearScenario {
        guard years.contains(year) else {
            throw SampleOptionsError(
                description: "--year \(year): only \(years.map(String.init).joined(separator: ", ")) (the seed document's year) has figures")
        }
        var builder = YearBuilder(seed: seed)
        return builder.build(year: year)
    }
}

/// The seed document's figures the year is built to, and the few choices made around them.
enum YearPlan {
    /// Living holders on 2017-12-10 (the report's census): national, provincial, municipal.
    static let living = (national: 57, provincial: 673, municipal: 3725)
    /// National holders eligible on 2017-06-30 who died later in the year (60 - 57).
    static let nationalsDiedLater = 3
    /// Mid-Autumn: yuan and how many people receive it (334 × 2,000 + 32 × 1,000 = 700,000).
    static let midautumnAmounts = [(yuan: 2000, people: 334), (yuan: 1000, people: 32)]
    /// Provincial hardship: 216 × 6,700 + 4,700 = 1,451,900 over 217 people.
    static let provincialAmounts = [(yuan: 6700, people: 216), (yuan: 4700, people: 1)]
    /// National holders among the 217 paid by the provincial programme (省部级以上).
    static let provincialNationals = 15
    /// The national allowance: 59 × 17,500 (荣誉津贴) + 21,000 (特殊困难帮扶) = 1,053,500.
    static let allowance = (honour: "荣誉津贴", honourYuan: 17500, special: "特殊困难帮扶", specialYuan: 21000)
    /// Studios named in 2017 (paid 7,000 each) and the years of those named before.
    static let studiosNamed = 4
    /// The years the earlier studios were named.
    static let earlierStudioYears = [2015, 2016, 2016]
    /// Yuan per newly named studio.
    static let studioYuan = 7000
}

/// A text file of the year (programmes, targets, README), path relative to the folder.
public struct YearTextFile: Sendable, Hashable {
    /// Path relative to the output folder.
    public var path: String
    /// Its UTF-8 text.
    public var text: String
}

/// What one programme's samples hold, for the summary and the README.
public struct YearProgrammeCounts: Sendable, Hashable {
    /// The programme's id.
    public var programme: String
    /// Roster (or account list) rows of the first batch.
    public var rows: Int
    /// Rows the check returns in the first batch (defects and people not eligible).
    public var returned: Int
    /// Rows the districts send again, corrected.
    public var resubmitted: Int
    /// People paid in the end, and their yuan.
    public var people: Int
    /// Yuan paid in the end.
    public var yuan: Money
}

/// The whole generated year: workbooks, text files and the counts behind them.
public struct YearScenario: Sendable {
    /// The year.
    public var year: Int
    /// The seed.
    public var seed: UInt64
    /// Every workbook, in the order written.
    public var workbooks: [SampleFile]
    /// Every text file, in the order written.
    public var texts: [YearTextFile]
    /// Per programme, what its samples hold.
    public var counts: [YearProgrammeCounts]
    /// Register rows: holding the title, revoked, deceased.
    public var registerCounts: (active: Int, revoked: Int, deceased: Int)

    /// The command that writes this year into `DIR`.
    public var commandLine: String { "roster samples --year \(year) --out DIR --seed \(seed)" }
}

/// The state of one generation: the people, the register and what each programme draws.
struct YearBuilder {
    var people: YearPeople
    var register = YearRegister()

    init(seed: UInt64) { people = YearPeople(seed: seed) }

    /// The register first (every programme draws on it), then each programme's files.
    mutating func build(year: Int) -> YearScenario {
        buildRegister()
        let midautumn = personRosters(.midautumn)
        let provincial = personRosters(.provincial)
        let national = nationalAccounts()
        let studios = studioFiles()
        let workbooks =
            [registerFile(), studios.list] + midautumn.files + provincial.files + national.files + studios.rosters
        let counts = [midautumn.counts, national.counts, provincial.counts, studios.counts]
        var scenario = YearScenario(
            year: year, seed: people.seed, workbooks: workbooks, texts: YearProgrammes.files(),
            counts: counts, registerCounts: register.statusCounts)
        scenario.texts.append(YearTextFile(path: "targets.json", text: YearProgrammes.targets))
        scenario.texts.append(YearTextFile(path: "README.txt", text: YearReadme.text(scenario)))
        return scenario
    }
}
