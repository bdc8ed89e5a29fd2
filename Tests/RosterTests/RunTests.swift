import Foundation
import Spreadsheet
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// A generated scenario in a fresh folder; runs use it as their working directory so every
/// path is relative (`rosters/五华区.xlsx`), as the truth file names them.
struct RunScenario {
    let dir: String
    let scenario: SampleScenario

    init(rows: Int = 400, seed: UInt64) throws {
        dir = NSTemporaryDirectory() + "roster-run-\(seed)-\(UUID().uuidString)"
        scenario = try SampleGenerator.generate(SampleOptions(rows: rows, seed: seed))
        _ = try SampleWriter.write(scenario, to: dir)
    }

    func options(out: String = "out", ledger: String = "ledger.sqlite", inputs: [String] = ["rosters"], force: Bool = false)
        -> RunOptions
    {
        RunOptions(
            program: "program.json", registry: scenario.register.path, out: out, inputs: inputs, ledger: ledger,
            bankTemplates: ["generic-csv", "cn-batch-gbk", "pain.001.001.09"], force: force, workingDirectory: dir)
    }

    func run(_ o: RunOptions, hooks: RunHooks = RunHooks()) throws -> RunSummary {
        try PaymentRun.execute(o, environment: [:], hooks: hooks)
    }

    func path(_ rel: String) -> String { dir + "/" + rel }
    func exists(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: path(rel)) }
    func bytes(_ rel: String) -> Data { FileManager.default.contents(atPath: path(rel)) ?? Data() }

    func json(_ rel: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: bytes(rel)) as? [String: Any])
    }

    func rosterFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path("rosters"))) ?? []).sorted().map { "rosters/" + $0 }
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

struct FindingKey: Hashable, CustomStringConvertible {
    var file: String
    var row: Int
    var code: String
    var description: String { "\(file):\(row) \(code)" }
}

@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct RunTests {
    @Test(arguments: [UInt64(11), 2017])
    func findingsEqualTheTruthFile(seed: UInt64) throws {
        let s = try RunScenario(seed: seed)
        defer { s.remove() }
        _ = try s.run(s.options())
        let report = try s.json("out/report.json")
        var found = Set<FindingKey>()
        for case let f as [String: Any] in report["files"] as? [Any] ?? [] {
            for case let x as [String: Any] in f["findings"] as? [Any] ?? [] {
                guard let row = x["row"] as? Int else { continue }
                found.insert(FindingKey(file: f["path"] as! String, row: row, code: x["code"] as! String))
            }
        }
        let truth = Set(s.scenario.truth.map { FindingKey(file: $0.file, row: $0.row, code: $0.code) })
        #expect(truth.subtracting(found).sorted { $0.description < $1.description }.map(\.description) == [])
        #expect(found.subtracting(truth).sorted { $0.description < $1.description }.map(\.description) == [])
    }

    @Test func theBooksBalanceAcrossEveryOutput() throws {
        let s = try RunScenario(seed: 5)
        defer { s.remove() }
        let summary = try s.run(s.options())
        #expect(summary.status == .completed)
        let manifest = try s.json("out/manifest.json")
        let totals = try #require(manifest["totals"] as? [String: Any])
        #expect(totals["paid"] as? Int == summary.paid.count)
        #expect(totals["paidAmount"] as? String == summary.paid.amount.decimalString)
        #expect(totals["rows"] as? Int == summary.rows)
        #expect(summary.paid.count + summary.returned.count == summary.rows)
        #expect(summary.returnedByReason.reduce(0) { $0 + $1.count } == summary.returned.count)
        var rows = 0
        for case let i as [String: Any] in manifest["inputs"] as? [Any] ?? [] {
            #expect((i["paid"] as! Int) + (i["returned"] as! Int) == i["rows"] as! Int)
            #expect((i["sha256"] as! String).count == 64)
            rows += i["rows"] as! Int
        }
        #expect(rows == summary.rows)
        // Every bank file read back holds the batch.
        let banks = try #require(manifest["bankFiles"] as? [[String: Any]])
        #expect(banks.count == 3)
        for b in banks {
            #expect(b["count"] as? Int == summary.paid.count)
            #expect(b["total"] as? String == summary.paid.amount.decimalString)
            #expect(sha256Hex(bytes: s.bytes("out/" + (b["path"] as! String))) == b["sha256"] as? String)
        }
        // Every output listed with its hash; the finance workbook's detail rows add up to the batch.
        for case let o as [String: Any] in manifest["outputs"] as? [Any] ?? [] {
            #expect(sha256Hex(bytes: s.bytes("out/" + (o["path"] as! String))) == o["sha256"] as? String)
        }
        #expect(try Books.financeDetailTotals(s.path("out/" + PaymentRun.financeFileName)) == summary.paid)
        let report = try s.json("out/report.json")
        let batch = try #require(report["batch"] as? [String: Any])
        #expect(batch["paidAmount"] as? String == summary.paid.amount.decimalString)
        #expect(batch["id"] as? String == summary.batchId)
        #expect(manifest["batchId"] as? String == summary.batchId)
        // The ledger holds the batch.
        let ledger = try PaymentLedger(path: s.path("ledger.sqlite"), key: nil)
        let list = try ledger.list()
        #expect(list.map(\.id) == [summary.batchId!])
        #expect(list.first?.total == summary.paid.amount)
        // No temporary folder is left beside the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dir).filter { $0.hasPrefix(".out.") }
        #expect(leftovers == [])
        // One return workbook per district.
        let returns = try FileManager.default.contentsOfDirectory(atPath: s.path("out/returns"))
        #expect(returns.count == 14)
    }

    @Test func twoRunsInAnyInputOrderAreByteIdentical() throws {
        let s = try RunScenario(seed: 8)
        defer { s.remove() }
        _ = try s.run(s.options(out: "a", ledger: "la.sqlite"))
        var files = s.rosterFiles()
        files.reverse()
        files.swapAt(0, files.count / 2)
        _ = try s.run(s.options(out: "b", ledger: "lb.sqlite", inputs: files))
        let a = RunPaths.listFiles(s.path("a"))
        #expect(a == RunPaths.listFiles(s.path("b")))
        #expect(a.contains("manifest.json") && a.contains(PaymentRun.financeFileName))
        for f in a { #expect(s.bytes("a/" + f) == s.bytes("b/" + f), "\(f) differs") }
    }

    @Test func aFailureBeforeTheRenameLeavesNoFolderAndNoLedgerEntry() throws {
        struct Injected: Error {}
        let s = try RunScenario(seed: 9)
        defer { s.remove() }
        do {
            _ = try s.run(s.options(), hooks: RunHooks(beforeRename: { throw Injected() }))
            Issue.record("the injected failure did not stop the run")
        } catch let e as RunError {
            #expect(e.message.contains("Injected"))
        }
        #expect(!s.exists("out"))
        #expect(try PaymentLedger(path: s.path("ledger.sqlite"), key: nil).list().isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dir).filter { $0.hasPrefix(".out.") }
        #expect(leftovers == [])
        // The same run then succeeds.
        let ok = try s.run(s.options())
        #expect(ok.status == .completed && s.exists("out/manifest.json"))
    }

    @Test func theLedgerBlocksASecondPaymentUntilTheBatchIsVoided() throws {
        let s = try RunScenario(seed: 10)
        defer { s.remove() }
        let first = try s.run(s.options(out: "first"))
        let second = try s.run(s.options(out: "second"))
        #expect(second.status == .nothingToPay)
        #expect(second.paid.count == 0)
        // Everyone paid the first time (and any second copy of them) is already paid: neither
        // paid again nor returned.
        #expect(second.alreadyPaid.count >= first.paid.count)
        #expect(second.returnedByReason.first { $0.code == .dupAlreadyPaid } == nil)
        #expect(s.exists("second/report.json") && !s.exists("second/bank"))
        // The message names the earlier batch.
        let prog = try Program.load(path: s.path("program.json"))
        let reg = try Registry.load(path: s.path(s.scenario.register.path))
        let ledger = try PaymentLedger(path: s.path("ledger.sqlite"), key: nil)
        let file = try RosterLocator().read(path: s.path(s.rosterFiles()[0]))
        var v = Validator(program: prog, registry: reg)
        let ids = Set(file.dataRows.indices.compactMap { v.checkRows(file).rows[$0].idKey })
        let prior = try ledger.priorPayments(programmeId: prog.id, period: prog.period, idNumbers: ids)
        v.alreadyPaid = { prior[$0] != nil }
        v.paidInBatch = { prior[$0]?.batchId }
        let msgs = v.check([file])[0].findings.filter { $0.code == .dupAlreadyPaid }.map(\.message)
        #expect(!msgs.isEmpty && msgs.allSatisfy { $0.contains(first.batchId!) })
        // Voiding the batch allows the people to be paid again.
        try ledger.void(batchId: first.batchId!, reason: "bank rejected the file", date: "2017-10-01")
        let third = try s.run(s.options(out: "third"))
        #expect(third.status == .completed)
        #expect(third.paid == first.paid)
        #expect(third.batchId != first.batchId)
    }

    @Test func anExistingOutputFolderIsRefusedUnlessForced() throws {
        let s = try RunScenario(seed: 12)
        defer { s.remove() }
        try FileManager.default.createDirectory(atPath: s.path("out"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: s.path("out/mine.txt")))
        do {
            _ = try s.run(s.options())
            Issue.record("an existing folder was not refused")
        } catch let e as RunError {
            #expect(e.exitCode == 2)
            #expect(e.message.contains("--force"))
        }
        #expect(s.exists("out/mine.txt"))
        #expect(try PaymentLedger(path: s.path("ledger.sqlite"), key: nil).list().isEmpty)
        _ = try s.run(s.options(force: true))
        #expect(!s.exists("out/mine.txt"))
        #expect(s.exists("out/manifest.json"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dir).filter { $0.hasPrefix(".out.") }
        #expect(leftovers == [])
    }

    @Test func overBudgetIsAnErrorWithNoOutput() throws {
        let s = try RunScenario(seed: 13)
        defer { s.remove() }
        var text = String(decoding: s.bytes("program.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""budget": "[0-9.]+""#, with: #""budget": "100.00""#, options: .regularExpression)
        try Data(text.utf8).write(to: URL(fileURLWithPath: s.path("program.json")))
        do {
            _ = try s.run(s.options())
            Issue.record("over budget was not refused")
        } catch let e as RunError {
            #expect(e.kind == .reconciliation && e.exitCode == 3)
            #expect(e.message.contains("budget"))
        }
        #expect(!s.exists("out"))
        #expect(try PaymentLedger(path: s.path("ledger.sqlite"), key: nil).list().isEmpty)
    }

    @Test func foldersAreWalkedSkippingHiddenAndOfficeTemporaryFiles() throws {
        let s = try RunScenario(seed: 14)
        defer { s.remove() }
        let first = s.rosterFiles()[0]
        try FileManager.default.copyItem(atPath: s.path(first), toPath: s.path("rosters/~$lock.xlsx"))
        try FileManager.default.copyItem(atPath: s.path(first), toPath: s.path("rosters/.hidden.csv"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: s.path("rosters/readme.txt")))
        let (files, skipped) = try PaymentRun.resolveInputs(["rosters", first, "./rosters"], cwd: s.dir)
        #expect(files == s.rosterFiles().filter { !$0.contains("~$") && !$0.contains("/.") && !$0.hasSuffix(".txt") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(skipped.count == 2)
        #expect(throws: RunError.self) { try PaymentRun.resolveInputs(["rosters/readme.txt"], cwd: s.dir) }
        #expect(throws: RunError.self) { try PaymentRun.resolveInputs(["nowhere"], cwd: s.dir) }
    }

    @Test func noFullIdentityOrAccountNumberIsInTheReport() throws {
        let s = try RunScenario(seed: 15)
        defer { s.remove() }
        _ = try s.run(s.options())
        let report = String(decoding: s.bytes("out/report.json"), as: UTF8.self)
        let manifest = String(decoding: s.bytes("out/manifest.json"), as: UTF8.self)
        let reg = try Registry.load(path: s.path(s.scenario.register.path))
        #expect(reg.entries.count > 100)
        for id in reg.entries.keys {
            #expect(!report.contains(id))
            #expect(!manifest.contains(id))
        }
        // Account numbers as they appear in the rosters.
        for f in s.rosterFiles() {
            let file = try RosterLocator().read(path: s.path(f))
            for r in file.dataRows {
                guard let c = file.cell(.account, in: r.row) else { continue }
                let digits = c.raw.filter(\.isNumber)
                if digits.count >= 12 { #expect(!report.contains(digits)) }
            }
        }
        #expect(!manifest.contains(s.dir))
        #expect(!report.contains(s.dir))
    }
}
