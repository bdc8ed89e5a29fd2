import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// The report workbooks for the generated multi-district fixture set: the books balance, and
/// LibreOffice opens both kinds. `Scripts/render-docs.sh` sets `ROSTER_REPORTS_OUT` to keep the
/// files for the README pictures.
@Suite(.tags(.slow), .notInQuickRuns) struct ReportsFixtureTests {
    static func checks() throws -> (Program, [FileCheck]) {
        let dir = EndToEndTests.dir
        let program = try Program.load(path: dir.appendingPathComponent("program.json").path)
        let registry = try Registry.load(path: dir.appendingPathComponent("register.xlsx").path)
        let files = try EndToEndTests.rosters.map { try RosterLocator().read(path: dir.appendingPathComponent($0).path) }
        return (program, Validator(program: program, registry: registry).check(files))
    }

    @Test func fixtureReportsBalanceAndOpenInLibreOffice() throws {
        let (program, checks) = try Self.checks()
        let out: String
        if let keep = ProcessInfo.processInfo.environment["ROSTER_REPORTS_OUT"], !keep.isEmpty {
            out = keep
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } else {
            out = try R.scratch()
        }
        let finance = try FinanceWorkbook.write(
            to: out + "/汇总发放表.xlsx", checks: checks, program: program, runDate: R.runDate, signOff: SignOff(preparer: "王丽"))
        let returns = try ReturnWorkbook.writeAll(into: out + "/returns", checks: checks, program: program, runDate: R.runDate)

        // Rows read = paid + returned per district, and the finance total = the sum of what the returns call paid.
        let rowsRead = checks.reduce(0) { $0 + $1.rowCount }
        #expect(returns.reduce(0) { $0 + $1.received } == rowsRead)
        #expect(returns.reduce(0) { $0 + $1.accepted.count } == finance.total.count)
        #expect(returns.reduce(Money.zero) { $0 + $1.accepted.amount } == finance.total.amount)
        #expect(finance.total.amount == checks.reduce(Money.zero) { $0 + $1.acceptedAmount })
        #expect(finance.districts.map(\.district) == returns.map(\.district))
        #expect(returns.map(\.district) == ["五华区", "盘龙区", "官渡区", "西山区", "东川区", "呈贡区"])

        // The finance workbook read back says the same as the result.
        let detail = try R.read(out + "/汇总发放表.xlsx")[0].rows.map(R.texts)
        #expect(detail.contains(["", "合计", "\(finance.total.count)人", "", "", "", "", "", finance.total.amount.decimalString]))
        #expect(detail.contains(["", "合计（大写）", try RMBWords.capital(finance.total.amount)]))

        guard let soffice = R.sofficePath else {
            print("note: LibreOffice (soffice) is not installed; the PDF conversion check was skipped")
            return
        }
        let pdfDir = try R.scratch()
        let profile = "file://" + (try R.scratch())
        let r = try R.run(soffice, [
            "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", pdfDir,
            out + "/汇总发放表.xlsx", returns[0].path,
        ])
        #expect(r.status == 0, "\(r.out)")
        for name in ["汇总发放表.pdf", "五华区.pdf"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: pdfDir + "/" + name)[.size] as? Int) ?? 0
            #expect(size > 1000, "\(name) was not produced: \(r.out)")
        }
    }
}
