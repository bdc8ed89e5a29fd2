import ArgumentParser
import Foundation
import RosterCore
import RosterLedger
import RosterOutputs

/// `roster report`: the year-end performance report (绩效自评), from the ledger alone.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes the year-end performance workbook (绩效自评表) of every programme paid in a year, from the ledger alone.",
        discussion:
            "Per programme: payees (distinct) and yuan paid, confirmed and awaiting the bank apart; the budget and "
            + "its execution rate (实际/预算); failures and re-issues; breakdowns by honour level and by district. The "
            + "indicator sheet follows the finance bureaus' layout (一级/二级/三级指标 | 年度指标值 | 实际完成值 | 分值 | "
            + "得分 | 偏差原因分析及改进措施): 数量, 时效 (paid by the programme's deadline), 质量 (accepted by the bank the "
            + "first time; nobody paid twice) and 成本 come from the ledger; satisfaction and social benefit are left "
            + "for the clerk, marked so. Targets and 分值 come from --targets (Schemas/performance-targets.schema.json). "
            + "Example: roster report --year 2017 --ledger out/demo-year/ledger.sqlite --out out/demo-year/2017年度绩效自评表.xlsx")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: ArgumentHelp("The year.", valueName: "YYYY"))
    var year: Int

    @OptionGroup var ledger: Ledger.FileOption

    @Option(help: ArgumentHelp("Write the workbook here.", valueName: "FILE.xlsx"))
    var out: String?

    @Option(help: ArgumentHelp("The year's targets and 分值 (Schemas/performance-targets.schema.json).", valueName: "FILE"))
    var targets: String?

    @Option(help: "Output format: text or json (the figures and indicators on standard output).")
    var format: Format = .text

    @Flag(help: "Replace an existing output file.")
    var force = false

    func run() throws {
        let l = try ledger.open()
        let figures = try Ledger.orExit { try l.yearFigures(year: year) }
        var goals: PerformanceTargets? = nil
        if let targets {
            do {
                goals = try PerformanceTargets.load(path: targets, known: Set(figures.programmes.map(\.id)))
                if goals!.year != year { throw ConfigError(file: targets, jsonPath: "$.year", reason: "is \(goals!.year), the report is for \(year)") }
            } catch {
                FileHandle.standardError.write(Data("roster report: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        let indicators = IndicatorTable.build(figures, targets: goals)
        if let out {
            do {
                let date = figures.asOf ?? SimpleDate(year: year, month: 12, day: 31)
                try YearReportWorkbook.write(to: out, figures: figures, indicators: indicators, date: date, overwrite: force)
            } catch {
                FileHandle.standardError.write(Data("roster report: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        switch format {
        case .json: print(figures.json(indicators: indicators).serialized())
        case .text:
            print(Self.text(figures), terminator: "")
            if let out { print("wrote \(out)") }
        }
    }

    static func text(_ f: YearFigures) -> String {
        if f.programmes.isEmpty { return "No programme paid in \(f.year).\n" }
        var rows = [["PROGRAMME", "PEOPLE", "YUAN", "CONFIRMED", "AWAITING", "BUDGET", "EXECUTION", "ON TIME", "FIRST TIME", "FAILED", "REISSUED"]]
        for p in f.programmes {
            rows.append([
                p.id, String(p.paid.count), p.paid.amount.groupedString, String(p.confirmed.count), String(p.unconfirmed.count),
                p.budget?.groupedString ?? "-", p.executionRate?.description ?? "-", p.onTimeRate?.description ?? "-",
                p.firstTimeAcceptedRate?.description ?? "-", String(p.failed.count), String(p.reissued.count),
            ])
        }
        return "\(f.year) (as of \(f.asOf?.description ?? "-"))\n" + Ledger.table(rows, rightAligned: Set(1...10))
    }
}
