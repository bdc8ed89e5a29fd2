import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Checking rows while they are read (`roster check`) gives exactly what checking each file
/// after reading it gives.
@Suite(.tags(.slow), .notInQuickRuns) struct CheckPipelineTests {
    @Test func checkingRowsAsTheyAreReadGivesTheSameReportAsCheckingAfterwards() throws {
        // 14 district files of ~1,400 rows each (more than one published batch per file), with
        // the generator's defects and cross-district duplicates, plus a file that is not there.
        let s = try RunScenario(rows: 20_000, seed: 31)
        defer { s.remove() }
        let program = try Program.load(path: s.path("program.json"))
        let validator = Validator(program: program, registry: try Registry.load(path: s.path(s.scenario.register.path)))
        let paths = s.rosterFiles().map { s.path($0) } + [s.path("rosters/不存在.xlsx")]
        let plain = CheckReport.run(paths: paths, validator: validator)

        let pipeline = CheckPipeline(fileCount: paths.count)
        // A second worker that joins late, as the register's thread does once the register is in.
        let helperDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.02)
            pipeline.work(with: validator)
            helperDone.signal()
        }
        let read = CheckReport.read(paths: paths, pipeline: pipeline)
        pipeline.readingFinished()
        pipeline.work(with: validator)
        helperDone.wait()
        let rows = read.reduce(0) { $0 + ((try? $1.get())?.dataRows.count ?? 0) }
        #expect(rows > 19_000)
        #expect(pipeline.rowsChecked == rows, "every row was checked by the pipeline")
        let checks = read.enumerated().map { (i, r) -> FileCheck? in
            guard case .success(let f) = r else { return nil }
            return validator.checkRows(f, prechecked: pipeline.checkedRows(file: i, dataRows: f.dataRows))
        }
        let piped = CheckReport(CheckSession.Outcome(read: read, checks: checks, validator: validator, registerProblems: []), paths: paths)

        #expect(piped.json().serialized() == plain.json().serialized())
        #expect(piped.exitCode == plain.exitCode && plain.hasUnreadable)
        #expect(piped.checked.count == plain.checked.count)
        for (a, b) in zip(plain.checked, piped.checked) {
            #expect(a.rows == b.rows, "\(a.file.path)")
            #expect(a.normalisations == b.normalisations, "\(a.file.path)")
        }
        #expect(plain.checked.contains { $0.findings.contains { $0.code == .dupCrossDistrict } })
    }

    /// The session `roster check` and `roster run` share: the register loads while the rosters
    /// are read, rows are checked as they come, and the report is the plain one.
    @Test func theSharedSessionGivesThePlainReport() throws {
        let s = try RunScenario(rows: 6_000, seed: 32)
        defer { s.remove() }
        let program = try Program.load(path: s.path("program.json"))
        let registerPath = s.path(s.scenario.register.path)
        let validator = Validator(program: program, registry: try Registry.load(path: registerPath))
        let paths = s.rosterFiles() + ["rosters/不存在.xlsx"]
        let plain = CheckReport.run(paths: paths.map { s.path($0) }, validator: validator)
        let rowsRead = Counter()
        let session = try CheckSession.readAndCheck(
            paths: paths, in: s.dir, registerPath: registerPath, locator: RosterLocator(),
            makeValidator: { Validator(program: program, registry: $0) }, fileRead: { rowsRead.add($0) })
        #expect(session.checks.last! == nil, "the missing file stays in its place")
        let shared = CheckReport(session, paths: paths)
        #expect(rowsRead.value == plain.checked.reduce(0) { $0 + $1.rowCount })
        // The same findings, the files named as given (relative to the scenario folder).
        #expect(shared.json().serialized().replacingOccurrences(of: s.dir + "/", with: "") == plain.json().serialized().replacingOccurrences(of: s.dir + "/", with: ""))
    }

    @Test func aRegisterThatCannotBeUsedIsThrownOnceReadingEnds() throws {
        let s = try RunScenario(rows: 2_000, seed: 33)
        defer { s.remove() }
        let program = try Program.load(path: s.path("program.json"))
        let heard = Counter()
        #expect(throws: RosterError.self) {
            _ = try CheckSession.readAndCheck(
                paths: s.rosterFiles(), in: s.dir, registerPath: s.path("no-such-register.xlsx"), locator: RosterLocator(),
                makeValidator: { Validator(program: program, registry: $0) }, registerFailed: { _ in heard.add(1) })
        }
        #expect(heard.value == 1, "the caller hears of it at once")
    }

    @Test func groupsSplitKeysThatCollideAndKeepPathOrder() {
        // Keys 7 and 9 each hold places of two different people (a hash collision): `same`
        // tells them apart. Single places form no group.
        let person: [UInt64: String] = [1: "a", 2: "b", 3: "a", 4: "c", 5: "b", 6: "d", 8: "e", 10: "e"]
        let pairs: [(key: UInt64, seq: UInt64)] = [(7, 1), (7, 2), (7, 3), (7, 4), (7, 5), (8, 6), (9, 8), (9, 10)]
        let groups = Validator.groups(sorted: pairs) { person[$0] == person[$1] }
        #expect(groups == [[1, 3], [2, 5], [8, 10]])
    }
}

/// A count several threads add to.
final class Counter: @unchecked Sendable {  // `total` changes only under `lock`
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var value: Int { lock.withLock { total } }
}
