import Foundation
import GRDB
import Testing

@testable import RosterLedger
@testable import RosterRun

/// `roster reconcile` as a clerk runs it: killed at any moment, run during a run, and its
/// terminal output free of personal numbers.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct ReconcileCLITests {
    /// A scenario with batch 1 paid (with a pain.001) and the bank's full answer to it.
    static func season(seed: Int, rows: Int = 2000) throws -> URL {
        let dir = try Harden.scenario(seed: seed, rows: rows)
        let run = try CLI.run(Harden.runArgs(out: "out", extra: ["--bank-template", "pain.001.001.09", "--bank-template", "cn-batch-gbk"]), cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let answer = try CLI.run(["samples", "--answer", "out", "--out", "bank", "--every-line"], cwd: dir)
        #expect(answer.status == 0, "\(answer.stderr)")
        return dir
    }

    /// The ledger's books: what each programme holds equals its issued and confirmed payments;
    /// every change has its event; an applied file changed exactly what its events say.
    static func consistent(_ ledger: String) throws -> (applied: Int, events: Int) {
        let q = try DatabaseQueue(path: ledger)
        return try q.read { db in
            let held = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(fen), 0) FROM standing WHERE state IN ('issued', 'confirmed')") ?? -1
            let sum = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE holds = 1") ?? -2
            #expect(held == sum)
            let events = try Int.fetchOne(db, sql: "SELECT count(*) FROM payment_events") ?? 0
            let moved = try Int.fetchOne(db, sql: "SELECT count(*) FROM payment_states") ?? 0
            #expect(events == moved)
            let applied = try Int.fetchOne(db, sql: "SELECT count(*) FROM results_applied") ?? 0
            let changed = try Int.fetchOne(db, sql: "SELECT coalesce(sum(changed), 0) FROM results_applied") ?? 0
            #expect(changed == events)
            return (applied, events)
        }
    }

    @Test func aKillAtAnyMomentLeavesTheLedgerWholeOrUntouched() throws {
        let dir = try Self.season(seed: 71)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        let copy = dir.appendingPathComponent("l.sqlite").path
        var whole = 0
        var untouched = 0
        for delay in [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.7] {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: ledger, toPath: copy)
            let p = Process()
            p.executableURL = CLI.productsDirectory.appendingPathComponent("roster")
            p.arguments = ["reconcile", "--ledger", "l.sqlite", "--out", "rc", "bank/pain.002.xml"]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let (applied, events) = try Self.consistent(copy)
            if applied == 1 { whole += 1 } else { untouched += 1 }
            #expect(applied == 0 ? events == 0 : events > 0, "delay \(delay)")
            // Whatever happened, the file can be applied (again): it then changes nothing more, or everything.
            let again = try CLI.run(["reconcile", "--ledger", "l.sqlite", "bank/pain.002.xml"], cwd: dir)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try Self.consistent(copy).applied == 1)
        }
        print("reconcile kill test: \(whole) applied whole, \(untouched) untouched")
    }

    @Test func aReconcileDuringARunKeepsBothWhole() throws {
        let dir = try Self.season(seed: 73)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A second programme period's run holds the ledger's write lock while it records; the
        // reconcile waits for it, and both land.
        let program = dir.appendingPathComponent("program.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: program)) as? [String: Any])
        json["period"] = "2017-10"
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("program2.json"))
        let run = Process()
        run.executableURL = CLI.productsDirectory.appendingPathComponent("roster")
        run.arguments = ["run", "--program", "program2.json", "--registry", "register.xlsx", "--ledger", "ledger.sqlite", "--out", "out2", "rosters"]
        run.currentDirectoryURL = dir
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        let r = try CLI.run(["reconcile", "--ledger", "ledger.sqlite", "bank/pain.002.xml"], cwd: dir)
        run.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(run.terminationStatus == 0)
        let q = try DatabaseQueue(path: dir.appendingPathComponent("ledger.sqlite").path)
        #expect(try q.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM batches") } == 2)
        _ = try Self.consistent(dir.appendingPathComponent("ledger.sqlite").path)
    }

    @Test func aReissuingRunKilledBeforeItsMoveLeavesTheFailedWaiting() throws {
        let dir = try Self.season(seed: 83, rows: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        let r = try CLI.run(["reconcile", "--ledger", "ledger.sqlite", "bank/pain.002.xml"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let failed = try #require(try PaymentLedger(path: ledger, key: nil).status().first).all.failed.count
        #expect(failed > 0)
        let args = Harden.runArgs(out: "out2", extra: ["--date", "2017-10-10"], inputs: ["bank/resubmission"])
        let killed = try Harden.rosterUnder(shell: "export ROSTER_KILL_AT=before-rename", args, cwd: dir)
        #expect(killed.signalled, "\(killed.stderr)")
        // The next opening removes the batch that never moved: the failed wait to be paid again.
        let l = try PaymentLedger(path: ledger, key: nil)
        _ = try PaymentRun.settleInterrupted(in: l)
        let after = try #require(try l.status().first)
        #expect(after.all.failed.count == failed)
        #expect(after.all.reissued.count == 0)
        _ = try Self.consistent(ledger)
        // And the rerun re-issues them.
        let again = try Harden.roster(args, cwd: dir)
        #expect(again.status == 0, "\(again.stderr)")
        let done = try #require(try PaymentLedger(path: ledger, key: nil).status().first)
        #expect(done.all.reissued.count == failed)
        #expect(done.all.failed.count == 0)
    }

    @Test func theSummaryShowsNoPersonalNumbers() throws {
        let dir = try Self.season(seed: 79, rows: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reconcile", "--ledger", "ledger.sqlite", "--out", "rc", "--format", "json", "bank/pain.002.xml"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try CLI.run(["status", "--ledger", "ledger.sqlite"], cwd: dir)
        let pain = try String(contentsOf: dir.appendingPathComponent("bank/pain.002.xml"), encoding: .utf8)
        // Every account the bank named, in clear, must not reach the terminal.
        let accounts = pain.components(separatedBy: "<Othr><Id>").dropFirst().map { String($0.prefix { $0.isNumber }) }.filter { $0.count > 12 }
        #expect(!accounts.isEmpty)
        for a in accounts { #expect(!r.stdout.contains(a) && !text.stdout.contains(a) && !r.stderr.contains(a)) }
    }
}
