import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct LedgerRecordingTests {
    @Test func recordsListsAndShowsABatchWithMaskedIdentityNumbers() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let ids = [LedgerFixture.id(1), LedgerFixture.id(2)]
        var batch = LedgerFixture.batch(ids)
        batch.manifestSHA256 = String(repeating: "a", count: 64)
        try ledger.record(batch: batch)

        let list = try ledger.list()
        #expect(list.count == 1)
        let s = try #require(list.first)
        #expect(s.id == batch.id)
        #expect(s.programmeId == "P2024")
        #expect(s.period == "2024")
        #expect(s.created == "2024-03-15")
        #expect(s.count == 2)
        #expect(s.total == Money(fen: 600_000))
        #expect(s.status == .committed)
        #expect(s.voidReason == nil)
        #expect(s.manifestSHA256 == String(repeating: "a", count: 64))

        let detail = try ledger.show(batchId: batch.id)
        #expect(detail.summary == s)
        #expect(detail.payments.map(\.maskedId) == ids.map(Mask.identity).sorted())
        #expect(detail.payments.allSatisfy { $0.amount == Money(fen: 300_000) && $0.district == "盘龙区" })
        #expect(detail.payments[0].maskedId == "530102********001" + String(ids[0].last!))
    }

    @Test func masksKeepSixLeadingAndFourTrailingCharacters() {
        #expect(Mask.identity("53010219800101123X") == "530102********123X")
        #expect(Mask.identity("12345") == "***45", "the one mask: short values keep only their last 2")
    }

    @Test func showingAnUnknownBatchNamesTheLedgerAndTheListCommand() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        #expect(throws: LedgerError.unknownBatch(path: path, batchId: "nope")) {
            try ledger.show(batchId: "nope")
        }
        #expect(LedgerError.unknownBatch(path: path, batchId: "nope").description.contains("roster ledger list"))
    }

    @Test func batchIdIsDerivedFromContentWhateverTheRowOrder() {
        let ids = (1...5).map { LedgerFixture.id($0) }
        let a = LedgerFixture.batch(ids)
        let b = LedgerFixture.batch(ids.reversed())
        let c = LedgerFixture.batch(ids, period: "2025")
        #expect(a.id == b.id)
        #expect(a.id != c.id)
        #expect(a.id.hasPrefix("20240315-"))
        #expect(a.id.count == "20240315-".count + 12)
    }

    @Test func refusesToPayAPersonTwiceForTheSameProgrammeAndPeriod() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let first = LedgerFixture.batch([LedgerFixture.id(1), LedgerFixture.id(2)])
        try ledger.record(batch: first)

        let again = LedgerFixture.id(2)
        let second = LedgerFixture.batch([again, LedgerFixture.id(3)], created: "2024-03-20")
        #expect(
            try ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: [again, LedgerFixture.id(3)]) == [
                again
            ])
        let prior = try ledger.priorPayments(programmeId: "P2024", period: "2024", idNumbers: [again])
        #expect(prior[again]?.batchId == first.id)
        #expect(prior[again]?.maskedId == Mask.identity(again))

        do {
            try ledger.record(batch: second)
            Issue.record("a second payment to the same person was recorded")
        } catch let error as LedgerError {
            guard case .alreadyPaid(_, _, _, let people) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(people == [.init(maskedId: Mask.identity(again), batchId: first.id)])
            let message = error.description
            #expect(message.hasPrefix("ledger \(path): 1 already paid for programme P2024 period 2024"))
            #expect(message.contains(Mask.identity(again)))
            #expect(!message.contains(again))
            #expect(!message.contains("\n"))
        }
        // Nothing of the refused batch was recorded, not even its new person.
        #expect(try ledger.list().map(\.id) == [first.id])
        #expect(try ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: [LedgerFixture.id(3)]).isEmpty)
    }

    @Test func paysTheSamePersonInAnotherPeriodOrProgramme() throws {
        let ledger = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        let person = LedgerFixture.id(7)
        try ledger.record(batch: LedgerFixture.batch([person]))
        try ledger.record(batch: LedgerFixture.batch([person], period: "2025"))
        try ledger.record(batch: LedgerFixture.batch([person], programme: "P-other"))
        #expect(try ledger.list().count == 3)
        #expect(try ledger.alreadyPaid(programmeId: "P2024", period: "2026", idNumbers: [person]).isEmpty)
    }

    @Test func matchesIdentityNumbersWhateverTheCaseOfTheCheckLetter() throws {
        let ledger = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        try ledger.record(batch: LedgerFixture.batch(["53010219800101123X"]))
        #expect(
            try ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: ["53010219800101123x"]) == [
                "53010219800101123X"
            ])
    }

    @Test func refusesABatchThatPaysAPersonTwice() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let person = LedgerFixture.id(4)
        #expect(throws: LedgerError.duplicateInBatch(path: path, maskedIds: [Mask.identity(person)])) {
            try ledger.record(batch: LedgerFixture.batch([person, LedgerFixture.id(5), person]))
        }
        #expect(try ledger.list().isEmpty)
    }

    @Test func refusesABatchWithAnUnusableDate() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        #expect(throws: LedgerError.self) {
            try ledger.record(batch: LedgerFixture.batch([LedgerFixture.id(1)], created: "2024-02-30"))
        }
        #expect(PaymentLedger.isDate("2024-02-29"))
        #expect(!PaymentLedger.isDate("2023-02-29"))
        #expect(!PaymentLedger.isDate("2024-3-1"))
    }

    @Test func recordingTheSameBatchTwiceIsRefused() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let batch = LedgerFixture.batch([LedgerFixture.id(1)])
        try ledger.record(batch: batch)
        #expect(throws: LedgerError.batchExists(path: path, batchId: batch.id, status: .committed)) {
            try ledger.record(batch: batch)
        }
    }

    @Test func recordsALargeBatchAndFindsItsPeopleAgain() throws {
        let ledger = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        let ids = (0..<3000).map { LedgerFixture.id($0 % 1000, birth: "1980010\($0 / 1000 + 1)") }
        try ledger.record(batch: LedgerFixture.batch(ids))
        let summary = try #require(try ledger.list().first)
        #expect(summary.count == 3000)
        #expect(summary.total == Money(fen: 3000 * 300_000))
        #expect(try ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: ids).count == 3000)
    }
}

@Suite struct LedgerVoidTests {
    @Test func voidKeepsTheBatchAndLetsItsPeopleBePaidAgain() throws {
        let ledger = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        let person = LedgerFixture.id(1)
        let first = LedgerFixture.batch([person, LedgerFixture.id(2)])
        try ledger.record(batch: first)
        try ledger.void(batchId: first.id, reason: "bank rejected the file", date: "2024-03-18")

        let voided = try ledger.show(batchId: first.id)
        #expect(voided.summary.status == .voided)
        #expect(voided.summary.voidReason == "bank rejected the file")
        #expect(voided.summary.voidDate == "2024-03-18")
        #expect(voided.payments.count == 2)
        #expect(try ledger.alreadyPaid(programmeId: "P2024", period: "2024", idNumbers: [person]).isEmpty)

        let second = LedgerFixture.batch([person], created: "2024-03-19")
        try ledger.record(batch: second)
        #expect(try ledger.list().map(\.status) == [.voided, .committed])
        #expect(
            try ledger.priorPayments(programmeId: "P2024", period: "2024", idNumbers: [person])[person]?.batchId
                == second.id)
    }

    @Test func voidingTwiceIsAnError() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let batch = LedgerFixture.batch([LedgerFixture.id(1)])
        try ledger.record(batch: batch)
        try ledger.void(batchId: batch.id, reason: "wrong amounts", date: "2024-03-18")
        #expect(throws: LedgerError.alreadyVoided(path: path, batchId: batch.id, date: "2024-03-18")) {
            try ledger.void(batchId: batch.id, reason: "again", date: "2024-03-19")
        }
        #expect(try ledger.show(batchId: batch.id).summary.voidReason == "wrong amounts")
    }

    @Test func voidNeedsAKnownBatchAReasonAndADate() throws {
        let path = try LedgerFixture.ledgerPath()
        let ledger = try PaymentLedger(path: path, key: nil)
        let batch = LedgerFixture.batch([LedgerFixture.id(1)])
        try ledger.record(batch: batch)
        #expect(throws: LedgerError.unknownBatch(path: path, batchId: "x")) {
            try ledger.void(batchId: "x", reason: "r", date: "2024-03-18")
        }
        #expect(throws: LedgerError.self) { try ledger.void(batchId: batch.id, reason: "  ", date: "2024-03-18") }
        #expect(throws: LedgerError.self) { try ledger.void(batchId: batch.id, reason: "r", date: "18/03/2024") }
        #expect(try ledger.show(batchId: batch.id).summary.status == .committed)
    }

    @Test func aRerunOfAVoidedBatchGetsTheNextFreeId() throws {
        let ledger = try PaymentLedger(path: try LedgerFixture.ledgerPath(), key: nil)
        var batch = LedgerFixture.batch([LedgerFixture.id(1)])
        #expect(try ledger.availableBatchId(for: batch) == batch.id)
        try ledger.record(batch: batch)
        try ledger.void(batchId: batch.id, reason: "rerun", date: "2024-03-15")
        let base = batch.id
        batch.id = try ledger.availableBatchId(for: batch)
        #expect(batch.id == base + "-2")
        try ledger.record(batch: batch)
        try ledger.void(batchId: batch.id, reason: "rerun", date: "2024-03-15")
        #expect(try ledger.availableBatchId(for: batch) == base + "-3")
    }
}
