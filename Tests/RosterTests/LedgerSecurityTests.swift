import Foundation
import Crypto
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct LedgerKeyAndPrivacyTests {
    @Test func theDatabaseFileHoldsNoClearIdentityNumber() throws {
        let path = try LedgerFixture.ledgerPath()
        let ids = (0..<200).map { LedgerFixture.id($0, birth: "19750615") } + ["53010219800101123X"]
        let ledger = try PaymentLedger(path: path, key: nil)
        let batch = LedgerFixture.batch(ids)
        try ledger.record(batch: batch)
        try ledger.void(batchId: batch.id, reason: "test", date: "2024-03-16")
        try ledger.record(batch: LedgerFixture.batch(ids, created: "2024-03-17"))
        #expect(try LedgerFixture.fileContains(path, Mask.identity(ids[0])), "the masked form is stored")
        for id in ids {
            #expect(try !LedgerFixture.fileContains(path, id), "clear identity number found in the ledger")
            // Not even the birth date and sequence part that masking hides.
            #expect(try !LedgerFixture.fileContains(path, String(id.dropFirst(6).prefix(11))))
        }
    }

    @Test func aKeyFromTheEnvironmentOrAFileChangesThePersonHashes() throws {
        let person = LedgerFixture.id(42)
        let keyA = try #require(
            try LedgerKey.resolve(keyFile: nil, environment: ["ROSTER_LEDGER_KEY": String(repeating: "ab", count: 32)]))
        let keyFile = try LedgerFixture.folder().appendingPathComponent("ledger.key")
        try Data("an entirely different secret of enough length\n".utf8).write(to: keyFile)
        let keyB = try #require(
            try LedgerKey.resolve(
                keyFile: keyFile.path, environment: ["ROSTER_LEDGER_KEY": String(repeating: "ab", count: 32)]))
        #expect(keyA.bytes == [UInt8](repeating: 0xab, count: 32))
        #expect(
            keyB.bytes == Array("an entirely different secret of enough length".utf8),
            "the file wins over the environment")
        #expect(keyA.personKey(person) != keyB.personKey(person))
        #expect(keyA.personKey(person).count == 64)

        let pathA = try LedgerFixture.ledgerPath()
        let pathB = try LedgerFixture.ledgerPath()
        try PaymentLedger(path: pathA, key: keyA).record(batch: LedgerFixture.batch([person]))
        try PaymentLedger(path: pathB, key: keyB).record(batch: LedgerFixture.batch([person]))
        #expect(try LedgerFixture.fileContains(pathA, keyA.personKey(person)))
        #expect(try !LedgerFixture.fileContains(pathA, keyB.personKey(person)))
        #expect(try LedgerFixture.fileContains(pathB, keyB.personKey(person)))
        // An external key is never written into the ledger.
        #expect(try !LedgerFixture.fileContains(pathA, keyA.hex))
    }

    @Test func withoutAKeyTheLedgerCreatesOneAndKeepsUsingIt() throws {
        let path = try LedgerFixture.ledgerPath()
        let person = LedgerFixture.id(5)
        try PaymentLedger(path: path, key: nil).record(batch: LedgerFixture.batch([person]))
        let reopened = try PaymentLedger(path: path, key: nil)
        #expect(try reopened.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: [person]) == [person])
    }

    @Test func refusesADifferentKeyOrAMissingExternalKey() throws {
        let path = try LedgerFixture.ledgerPath()
        let keyA = try LedgerKey(bytes: Array(repeating: 1, count: 32))
        let keyB = try LedgerKey(bytes: Array(repeating: 2, count: 32))
        let person = LedgerFixture.id(5)
        try PaymentLedger(path: path, key: keyA).record(batch: LedgerFixture.batch([person]))
        #expect(throws: LedgerError.keyMismatch(path: path)) {
            try PaymentLedger(path: path, key: keyB).alreadyPaid(
                programmeId: "P2024", period: "2024", idNumbers: [person])
        }
        #expect(throws: LedgerError.keyRequired(path: path)) {
            try PaymentLedger(path: path, key: nil).record(batch: LedgerFixture.batch([person], period: "2025"))
        }
        // Listing needs no key.
        #expect(try PaymentLedger(path: path, key: nil).list().count == 1)
        // A ledger that made its own key refuses an external one too.
        let own = try LedgerFixture.ledgerPath()
        try PaymentLedger(path: own, key: nil).record(batch: LedgerFixture.batch([person]))
        #expect(throws: LedgerError.keyMismatch(path: own)) {
            try PaymentLedger(path: own, key: keyA).record(batch: LedgerFixture.batch([person], period: "2025"))
        }
    }

    @Test func refusesShortOrUnreadableKeys() throws {
        #expect(throws: LedgerKeyError.self) {
            try LedgerKey.resolve(keyFile: nil, environment: ["ROSTER_LEDGER_KEY": "short"])
        }
        #expect(throws: LedgerKeyError.self) {
            try LedgerKey.resolve(keyFile: "/nonexistent/ledger.key", environment: [:])
        }
        #expect(try LedgerKey.resolve(keyFile: nil, environment: [:]) == nil)
        let message = LedgerKeyError(source: "k.key", reason: "no such file").description
        #expect(message.hasPrefix("k.key: unusable ledger key: no such file; "))
    }
}

@Suite struct LedgerFileProblemTests {
    @Test func aFileThatIsNotSQLiteIsACleanError() throws {
        let path = try LedgerFixture.ledgerPath()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try PaymentLedger(path: path, key: nil)
            Issue.record("opened a file that is not SQLite")
        } catch let error as LedgerError {
            guard case .notALedger = error else { throw error }
            #expect(error.description.hasPrefix("ledger \(path): not a roster payment ledger"))
            #expect(error.description.contains("--ledger FILE"))
        }
        // The file is left as it was.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x41, count: 4096))
    }

    @Test func aTruncatedLedgerIsACleanError() throws {
        let path = try LedgerFixture.ledgerPath()
        try PaymentLedger(path: path, key: nil).record(
            batch: LedgerFixture.batch((0..<300).map { LedgerFixture.id($0) }))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(throws: LedgerError.self) {
            let ledger = try PaymentLedger(path: path, key: nil)
            _ = try ledger.show(batchId: try ledger.list().first?.id ?? "")
        }
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefusedUntouched() throws {
        let path = try LedgerFixture.ledgerPath()
        try LedgerFixture.python(
            "import sqlite3; c = sqlite3.connect('\(path)'); c.execute('CREATE TABLE t (x)'); c.commit()")
        #expect(throws: LedgerError.notALedger(path: path, detail: "an SQLite database of another program")) {
            try PaymentLedger(path: path, key: nil)
        }
    }

    @Test func aLedgerFromANewerRosterIsRefused() throws {
        let path = try LedgerFixture.ledgerPath()
        _ = try PaymentLedger(path: path, key: nil)
        try LedgerFixture.python(
            "import sqlite3; c = sqlite3.connect('\(path)'); c.execute(\"INSERT INTO grdb_migrations VALUES ('v9')\"); c.commit()"
        )
        #expect(throws: LedgerError.newerSchema(path: path, unknownMigrations: ["v9"])) {
            try PaymentLedger(path: path, key: nil)
        }
        #expect(LedgerError.newerSchema(path: path, unknownMigrations: ["v9"]).description.contains("newer roster"))
    }

    @Test func aMissingLedgerIsAnErrorOnlyWhenItMustExist() throws {
        let path = try LedgerFixture.ledgerPath()
        #expect(throws: LedgerError.missing(path: path)) { try PaymentLedger(path: path, key: nil, mustExist: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try PaymentLedger(path: path, key: nil)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFolderOrAnUnwritablePlaceIsACleanError() throws {
        let folder = try LedgerFixture.folder()
        #expect(throws: LedgerError.self) { try PaymentLedger(path: folder.path, key: nil) }
        #expect(throws: LedgerError.self) {
            try PaymentLedger(path: folder.appendingPathComponent("no/such/dir/l.sqlite").path, key: nil)
        }
    }
}

@Suite struct LedgerConcurrencyTests {
    /// Two connections (as two runs would have) record overlapping batches at the same moment,
    /// on a brand-new ledger file so they also race to create it: exactly one pays the shared person.
    @Test(arguments: 0..<8)
    func twoRunsAtOnceNeverBothPayTheSamePerson(round: Int) throws {
        let path = try LedgerFixture.ledgerPath()
        let shared = LedgerFixture.id(500 + round)
        let batches = [
            LedgerFixture.batch([shared] + (0..<50).map { LedgerFixture.id($0) }, district: "五华区"),
            LedgerFixture.batch([shared] + (100..<150).map { LedgerFixture.id($0) }, district: "官渡区"),
        ]
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let ledger = try PaymentLedger(path: path, key: nil, busyTimeout: 30)
                try ledger.record(batch: batches[i])
                outcomes.add(i, nil)
            } catch {
                outcomes.add(i, error)
            }
        }
        let results = outcomes.all
        #expect(results.count == 2)
        let succeeded = results.filter { $0.1 == nil }.map(\.0)
        #expect(succeeded.count == 1, "results: \(results.map { "\($0.0): \($0.1.map { "\($0)" } ?? "ok")" })")
        let failure = try #require(results.first { $0.1 != nil }?.1)
        guard case LedgerError.alreadyPaid(_, _, _, let people)? = failure as? LedgerError else {
            Issue.record("the losing run failed for another reason: \(failure)")
            return
        }
        let winner = try #require(succeeded.first)
        #expect(people == [.init(maskedId: Mask.identity(shared), batchId: batches[winner].id)])
        let ledger = try PaymentLedger(path: path, key: nil)
        #expect(try ledger.list().map(\.id) == [batches[winner].id])
        #expect(
            try ledger.priorPayments(programmeId: "P2024", period: "2024", idNumbers: [shared])[shared]?.district
                == batches[winner].payments[0].district)
    }

    /// Runs paying different people at once all succeed: they wait for each other, never fail busy.
    @Test func concurrentRunsForDifferentPeopleAllSucceed() throws {
        let path = try LedgerFixture.ledgerPath()
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do {
                let ledger = try PaymentLedger(path: path, key: nil, busyTimeout: 30)
                try ledger.record(
                    batch: LedgerFixture.batch((0..<100).map { LedgerFixture.id($0, birth: "1980010\(i + 1)") }))
                outcomes.add(i, nil)
            } catch {
                outcomes.add(i, error)
            }
        }
        #expect(outcomes.all.allSatisfy { $0.1 == nil }, "\(outcomes.all.compactMap { $0.1 })")
        #expect(try PaymentLedger(path: path, key: nil).list().count == 6)
    }
}

/// Collects (index, error) pairs from concurrent work.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, (any Error)?)] = []
    func add(_ i: Int, _ e: (any Error)?) { lock.withLock { items.append((i, e)) } }
    var all: [(Int, (any Error)?)] { lock.withLock { items } }
}

@Suite struct LedgerReadOnlyTests {
    @Test func aReadOnlyLedgerCanBeListedButNotWritten() throws {
        let path = try LedgerFixture.ledgerPath()
        let batch = LedgerFixture.batch([LedgerFixture.id(1)])
        try PaymentLedger(path: path, key: nil).record(batch: batch)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let ledger = try PaymentLedger(path: path, key: nil)
        #expect(try ledger.list().map(\.id) == [batch.id])
        guard access(path, W_OK) != 0 else {
            print("note: running as root, a read-only file is still writable; skipping the write refusal")
            return
        }
        #expect(throws: LedgerError.readOnly(path: path)) {
            try ledger.void(batchId: batch.id, reason: "r", date: "2024-03-16")
        }
    }
}

/// The ledger's own HMAC (key blocks hashed once) is HMAC-SHA256 exactly.
@Suite struct KeyedHashTests {
    @Test(arguments: [16, 32, 64, 65, 200])
    func equalsHMACSHA256(keyLength: Int) throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &g) }
            let message = (0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            let got = message.withUnsafeBytes { m in KeyedHash(key: key).mac(m) { Array($0) } }
            #expect(got == expected)
        }
    }
}
