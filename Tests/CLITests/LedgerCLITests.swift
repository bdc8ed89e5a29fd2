import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterRun
import Testing

/// `roster ledger …` through the built binary.
@Suite struct LedgerCLITests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "roster-ledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let people = ["53010219800101123X", "530111199002020017", "530112197503150025"]

    /// A ledger in a fresh folder with one committed batch (two districts) and one voided batch.
    static func populated() throws -> (URL, committed: String, voided: String) {
        let dir = try folder()
        let ledger = try PaymentLedger(path: dir.appendingPathComponent("roster-ledger.sqlite").path, key: nil)
        let voided = LedgerBatch(
            programmeId: "P2024", period: "2024", created: "2024-03-10",
            payments: [LedgerPayment(idNumber: people[0], amount: Money(fen: 300_000), district: "盘龙区")])
        try ledger.record(batch: voided)
        try ledger.void(batchId: voided.id, reason: "bank rejected the file", date: "2024-03-12")
        let committed = LedgerBatch(
            programmeId: "P2024", period: "2024", created: "2024-03-15",
            payments: [
                LedgerPayment(idNumber: people[0], amount: Money(fen: 300_000), district: "盘龙区"),
                LedgerPayment(idNumber: people[1], amount: Money(fen: 191_257), district: "五华区"),
                LedgerPayment(idNumber: people[2], amount: Money(fen: 100_000), district: "五华区"),
            ])
        try ledger.record(batch: committed)
        return (dir, committed.id, voided.id)
    }

    static func expectNoClearIds(_ r: CLI.Result) {
        for id in people {
            #expect(!r.stdout.contains(id))
            #expect(!r.stderr.contains(id))
        }
    }

    @Test func listShowsEveryBatchWithStatusAndTotals() throws {
        let (dir, committed, voided) = try Self.populated()
        let r = try CLI.run(["ledger", "list"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("BATCH"))
        #expect(
            lines[1].hasPrefix(voided) && lines[1].contains("voided") && lines[1].contains("bank rejected the file"))
        #expect(lines[2].hasPrefix(committed) && lines[2].contains("committed") && lines[2].contains("5,912.57"))
        #expect(lines[3] == "2 batches (1 committed, 1 voided); committed total 5,912.57 yuan")
        Self.expectNoClearIds(r)
    }

    @Test func showPrintsMaskedPaymentsAndDistrictTotals() throws {
        let (dir, committed, _) = try Self.populated()
        let r = try CLI.run([
            "ledger", "show", committed, "--ledger", dir.appendingPathComponent("roster-ledger.sqlite").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Batch      \(committed)"))
        #expect(r.stdout.contains("Status     committed"))
        #expect(r.stdout.contains("People     3"))
        #expect(r.stdout.contains("Total      5,912.57 yuan"))
        #expect(r.stdout.contains("530102********123X"))
        #expect(r.stdout.contains("530111********0017"))
        #expect(r.stdout.contains(where: { $0 == "五" }))
        Self.expectNoClearIds(r)
    }

    @Test func voidMarksTheBatchAndASecondVoidExitsTwo() throws {
        let (dir, committed, _) = try Self.populated()
        let r = try CLI.run(
            ["ledger", "void", committed, "--reason", "wrong amounts", "--date", "2024-03-20"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Voided batch \(committed) on 2024-03-20"))
        let show = try CLI.run(["ledger", "show", committed], cwd: dir)
        #expect(show.stdout.contains("Status     voided on 2024-03-20: wrong amounts"))
        let again = try CLI.run(["ledger", "void", committed, "--reason", "again", "--date", "2024-03-21"], cwd: dir)
        #expect(again.status == 2)
        #expect(
            again.stderr
                == "roster: ledger roster-ledger.sqlite: batch \(committed) was already voided on 2024-03-20; nothing to do\n"
        )
        #expect(again.stdout.isEmpty)
    }

    @Test func voidRefusesABadDateWithoutChangingTheLedger() throws {
        let (dir, committed, _) = try Self.populated()
        let r = try CLI.run(["ledger", "void", committed, "--reason", "x", "--date", "20/03/2024"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--date: '20/03/2024' is not a date YYYY-MM-DD"))
        #expect(try CLI.run(["ledger", "show", committed], cwd: dir).stdout.contains("Status     committed"))
    }

    @Test func anUnknownBatchExitsTwoWithOneLine() throws {
        let (dir, _, _) = try Self.populated()
        let r = try CLI.run(["ledger", "show", "20990101-000000000000"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("no batch 20990101-000000000000; see `roster ledger list`"))
    }

    @Test func aMissingLedgerExitsTwoAndCreatesNothing() throws {
        let dir = try Self.folder()
        let r = try CLI.run(["ledger", "list"], cwd: dir)
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "roster: ledger roster-ledger.sqlite: no such ledger; pass --ledger FILE naming an existing ledger (roster run creates one)\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func aCorruptLedgerExitsTwoWithOneLine() throws {
        let dir = try Self.folder()
        let file = dir.appendingPathComponent("bad.sqlite")
        try Data("this is not a database, just some text that is long enough to look like a file\n".utf8).write(
            to: file)
        for sub in [["list"], ["show", "x"], ["void", "x", "--reason", "r"]] {
            let r = try CLI.run(["ledger"] + sub + ["--ledger", file.path])
            #expect(r.status == 2, "\(sub)")
            #expect(r.stderr.hasPrefix("roster: ledger \(file.path): not a roster payment ledger"))
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func anEmptyLedgerSaysSo() throws {
        let dir = try Self.folder()
        _ = try PaymentLedger(path: dir.appendingPathComponent("roster-ledger.sqlite").path, key: nil)
        let r = try CLI.run(["ledger", "list"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "No batches in roster-ledger.sqlite.\n")
    }

    @Test func helpDescribesEverySubcommand() throws {
        let r = try CLI.run(["ledger", "--help"])
        #expect(r.status == 0)
        for word in ["list", "show", "void", "masked"] { #expect(r.stdout.contains(word)) }
        let v = try CLI.run(["ledger", "void", "--help"])
        #expect(v.stdout.contains("--reason") && v.stdout.contains("--date") && v.stdout.contains("--ledger"))
    }
}
