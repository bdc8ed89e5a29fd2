import Foundation
import Spreadsheet
import Testing

@testable import RosterBankResults
@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterReconcile
@testable import RosterRun
@testable import RosterSamples
import GRDB

/// One programme over a season: batch, the bank's answer with failures, reconcile, the
/// districts' resubmission, re-issue, status; and the rules every answer obeys.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SeasonTests {
    /// A scenario with batch 1 paid and the bank's answer to it written into `bank/`.
    struct Season {
        let s: RunScenario
        let first: RunSummary
        var ledger: PaymentLedger { get throws { try PaymentLedger(path: s.path("ledger.sqlite"), key: nil, mustExist: true) } }

        init(seed: UInt64 = 2017) throws {
            s = try RunScenario(rows: 400, seed: seed)
            first = try s.run(s.options())
            _ = try BankAnswer.write(runFolder: s.path("out"), to: s.path("bank"), seed: seed)
        }

        func reconcile(_ files: [String], template: String? = nil, batch: String? = nil, date: String? = nil) throws -> Reconciliation {
            try Reconciler.run(
                ReconcileOptions(results: files.map(s.path), template: template, batch: batch, date: date), ledger: try ledger)
        }
    }

    @Test func aWholeSeasonReconciles() throws {
        let season = try Season()
        defer { season.s.remove() }
        let paid = season.first.paid
        // The bank pays all but a few; the pain.002 names only the rejections.
        let r = try season.reconcile(["bank/pain.002.xml"])
        #expect(r.refusals.isEmpty)
        let f = try #require(r.files.first)
        let failed = f.changed(to: .failed)
        #expect(failed >= 3)
        #expect(f.changed(to: .confirmed) == paid.count - failed)
        #expect(f.problems.isEmpty)
        // Rows in = paid + failed, yuan likewise: the batch's figures add up.
        let b = try #require(r.batches.first)
        #expect((b.byState[.confirmed]?.count ?? 0) + (b.byState[.failed]?.count ?? 0) == paid.count)
        #expect((b.byState[.confirmed]?.amount ?? .zero) + (b.byState[.failed]?.amount ?? .zero) == paid.amount)

        // The same file again changes nothing, and says so.
        let again = try season.reconcile(["bank/pain.002.xml"])
        #expect(again.files.first?.appliedBefore != nil)
        #expect(again.files.first?.changed(to: .failed) == 0)
        // The failure list says the same: nothing left to change.
        // No batch awaits the bank any more, so a list must say which batch it answers.
        let unnamed = try season.reconcile(["bank/failures.txt"], template: "cn-batch-gbk-failures")
        #expect(unnamed.refusals.first?.contains("--batch") == true)
        let list = try season.reconcile(["bank/failures.txt"], template: "cn-batch-gbk-failures", batch: season.first.batchId)
        #expect(list.files.first?.changed(to: .failed) == 0)
        #expect(list.files.first?.unchanged == paid.count)

        // The districts resend the failed people: batch 2 pays them, linked to the failures; the
        // one sent again with the failed account is warned; the one already paid is neither.
        var o = season.s.options(out: "out2", inputs: ["bank/resubmission"])
        o.date = "2017-10-10"
        let second = try season.s.run(o)
        #expect(second.paid.count == failed)
        #expect(second.alreadyPaid.count == 1)
        #expect(second.returned.count == 0)
        #expect(second.earlierCommitted == paid.amount - (b.byState[.failed]?.amount ?? .zero))
        let report = try season.s.json("out2/report.json")
        let warnings = ((report["files"] as? [[String: Any]]) ?? []).flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["code"] as? String }
        #expect(warnings.contains("bank.account-failed"))
        #expect(warnings.contains("dup.already-paid"))

        let status = try #require(try season.ledger.status().first)
        #expect(status.all.failed.count == 0)
        #expect(status.all.reissued.count == failed)
        #expect(status.all.committed.count == paid.count)
        #expect(status.all.committed.amount == paid.amount)
        #expect(status.all.pending.count == failed)
        #expect(status.remaining == season.s.scenario.program.budget - paid.amount)
    }

    @Test func theResubmittedReturnWorkbookShowsAlreadyPaidRowsNeutrally() throws {
        let season = try Season(seed: 11)
        defer { season.s.remove() }
        _ = try season.reconcile(["bank/pain.002.xml"])
        var o = season.s.options(out: "out2", inputs: ["bank/resubmission"])
        o.date = "2017-10-10"
        let second = try season.s.run(o)
        #expect(second.alreadyPaid.count == 1)
        // The district that listed a paid person again: its workbook says 已发放, not 退回.
        let returns = try FileManager.default.contentsOfDirectory(atPath: season.s.path("out2/returns")).sorted()
        var statuses: [String] = []
        for name in returns {
            let book = try Spreadsheets.open(path: season.s.path("out2/returns/" + name))
            for i in 1..<book.sheets.count {
                let reader = try book.openSheet(i)
                while let row = try reader.nextRow() { statuses += row.cells.map(\.raw).filter { ["已发放", "退回", "通过", "通过（有提示）"].contains($0) } }
            }
        }
        #expect(statuses.filter { $0 == "已发放" }.count == 1)
        #expect(!statuses.contains("退回"))
    }

    @Test func aRunWithNothingToPayStillWritesTheReturnsAndTheReport() throws {
        let season = try Season(seed: 5)
        defer { season.s.remove() }
        // Everyone in the rosters is now paid: a rerun pays nobody and returns nobody it paid.
        let summary = try season.s.run(season.s.options(out: "out3"))
        #expect(summary.status == .nothingToPay)
        #expect(summary.paid.count == 0)
        #expect(summary.alreadyPaid.count >= season.first.paid.count)
        #expect(summary.alreadyPaid.count + summary.returned.count == summary.rows)
        #expect(season.s.exists("out3/report.json"))
        #expect(season.s.exists("out3/returns"))
        #expect(!season.s.exists("out3/bank"))
        #expect(try season.ledger.list().count == 1)
    }

    @Test func theBudgetSpansBatches() throws {
        let season = try Season(seed: 3)
        defer { season.s.remove() }
        _ = try season.reconcile(["bank/pain.002.xml"])
        // A budget that fits batch 1 but not batch 1 plus the re-issues: the run is refused (exit 3).
        let programPath = season.s.path("program.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: programPath))) as? [String: Any])
        json["budget"] = season.first.paid.amount.decimalString
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: programPath))
        // Freed by the failures: exactly the failed yuan fits again.
        var o = season.s.options(out: "out2", inputs: ["bank/resubmission"])
        o.date = "2017-10-10"
        #expect(throws: Never.self) { _ = try season.s.run(o) }
        // Nothing is left: one more person is over budget.
        json["budget"] = (season.first.paid.amount - Money(fen: 1)).decimalString
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: programPath))
        do {
            _ = try season.s.run(season.s.options(out: "out4", inputs: ["bank/resubmission"]))
            Issue.record("an over-budget run was not refused")
        } catch let e as RunError {
            #expect(e.kind == .reconciliation)
            #expect(e.message.contains("earlier batches"))
        }
    }

    @Test func refusalsChangeNothing() throws {
        let season = try Season(seed: 7)
        defer { season.s.remove() }
        let pain = try String(contentsOfFile: season.s.path("bank/pain.002.xml"), encoding: .utf8)
        // Another payer account.
        try pain.replacingOccurrences(of: "<DbtrAcct><Id><Othr><Id>[0-9]+", with: "<DbtrAcct><Id><Othr><Id>6222020000000000000", options: .regularExpression)
            .write(toFile: season.s.path("bank/other.xml"), atomically: true, encoding: .utf8)
        // Totals that disagree with the lines.
        try pain.replacingOccurrences(of: "<DtldSts>RJCT</DtldSts>", with: "<DtldSts>RJCT</DtldSts>").replacingOccurrences(
            of: "<DtldNbOfTxs>", with: "<DtldNbOfTxs>1", options: [], range: pain.range(of: "<DtldNbOfTxs>")
        ).write(toFile: season.s.path("bank/totals.xml"), atomically: true, encoding: .utf8)
        let r = try season.reconcile(["bank/other.xml", "bank/totals.xml"])
        try #require(r.refusals.count == 2)
        #expect(r.refusals[0].contains("another account"))
        #expect(r.refusals[1].contains("disagrees"))
        #expect(try season.ledger.status().first?.all.pending.count == season.first.paid.count)
        // A voided batch takes no result.
        try season.ledger.void(batchId: try #require(season.first.batchId), reason: "test", date: "2017-10-01")
        let v = try season.reconcile(["bank/pain.002.xml"])
        #expect(v.refusals.first?.contains("voided") == true)
    }

    @Test func voidingOnePersonFreesOnlyThem() throws {
        let season = try Season(seed: 9)
        defer { season.s.remove() }
        let ledger = try season.ledger
        let batch = try #require(season.first.batchId)
        let person = try #require(season.s.scenario.rosters.first.flatMap { f in
            f.sheets.flatMap(\.rows).compactMap { row in row.compactMap { c -> String? in if case .text(let t) = c, SampleIdentity.isValid(t) { t } else { nil } }.first }.first
        })
        let before = try ledger.priorPayments(programmeId: season.s.scenario.program.id, period: season.s.scenario.program.period, idNumbers: [person])
        guard before[person] != nil else { return }  // the first listed person was returned: nothing to void
        try ledger.void(batchId: batch, idNumber: person, reason: "paid by cash", date: "2017-10-01")
        let after = try ledger.priorPayments(programmeId: season.s.scenario.program.id, period: season.s.scenario.program.period, idNumbers: [person])
        #expect(after[person] == nil)
        #expect(try ledger.status().first?.all.committed.count == season.first.paid.count - 1)
        #expect(throws: LedgerError.self) { try ledger.void(batchId: batch, idNumber: person, reason: "again", date: "2017-10-02") }
    }
}

/// The result readers on small hand-made files.
@Suite struct BankResultReaderTests {
    func write(_ text: String, _ name: String = "r.xml", gbk: Bool = false) throws -> String {
        let path = NSTemporaryDirectory() + "roster-result-\(UUID().uuidString)-" + name
        let bytes = gbk ? try IconvConverter.encode(text, to: "GBK") : Array(text.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func pain002LevelsMayDisagreeAndEachTransactionWins() throws {
        let xml = """
            <?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
            <GrpHdr><MsgId>A</MsgId><CreDtTm>2024-03-15T10:00:00</CreDtTm></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>M1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>ACTC</GrpSts></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts><OrgnlPmtInfId>P1</OrgnlPmtInfId><PmtInfSts>ACSC</PmtInfSts>
            <TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
            <TxInfAndSts><OrgnlEndToEndId>E2</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>NARR</Cd></Rsn><AddtlInf>户名不符</AddtlInf></StsRsnInf></TxInfAndSts>
            </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>
            """
        let path = try write(xml)
        let r = try ResultFiles.read(path: path, template: nil)
        #expect(r.format == "pain.002.001.03")
        #expect(r.date == "2024-03-15")
        let tx = r.lines.filter { $0.scope == .transaction }
        #expect(tx.map(\.outcome) == [.failed, .failed])
        #expect(tx[0].explanation == "账户已销户，请提供本人有效的银行卡号。")
        #expect(tx[1].explanation.contains("户名不符"))
        // The payment group's ACSC covers the payments not listed; the group's ACTC is not final.
        #expect(r.lines.contains { $0.scope == .paymentInformation && $0.outcome == .confirmed })
        #expect(!r.lines.contains { $0.scope == .message })
    }

    @Test func aDoctypeIsRefused() throws {
        let path = try write("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><Document><CstmrPmtStsRpt/></Document>")
        #expect(throws: BankResultError.self) { try ResultFiles.read(path: path, template: nil) }
    }

    @Test func camt054ReturnsAreRead() throws {
        let xml = """
            <?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>N</MsgId><CreDtTm>2024-03-20T09:00:00</CreDtTm></GrpHdr>
            <Ntfctn><Id>1</Id><Acct><Id><Othr><Id>2502000000</Id></Othr></Id></Acct>
            <TxsSummry><TtlNtries><NbOfNtries>1</NbOfNtries><Sum>100.00</Sum></TtlNtries></TxsSummry>
            <Ntry><Amt Ccy="CNY">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-03-19</Dt></BookgDt>
            <NtryDtls><TxDtls><Refs><EndToEndId>E9</EndToEndId></Refs><Amt Ccy="CNY">100.00</Amt>
            <RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>
            </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
            """
        let r = try ResultFiles.read(path: try write(xml), template: nil)
        #expect(r.payerAccount == "2502000000")
        #expect(r.date == "2024-03-19")
        #expect(r.lines.map(\.outcome) == [.returned])
        #expect(r.lines.first?.endToEndId == "E9")
        #expect(r.lines.first?.amount == Money(fen: 10000))
        let bad = xml.replacingOccurrences(of: "<Sum>100.00</Sum>", with: "<Sum>200.00</Sum>")
        #expect(throws: BankResultError.self) { try ResultFiles.read(path: try write(bad), template: nil) }
    }

    @Test func aDelimitedListWhoseTotalsDisagreeIsRefused() throws {
        let t = try ResultTemplate.resolve("cn-batch-gbk-result")
        let good = "3|2|1|300.00|200.00|100.00|20240315\r\n1|6222|张三|100.00|成功|\r\n2|6223|李四|100.00|成功|\r\n3|6224|王五|100.00|失败|户名不符\r\n"
        let r = try ResultFiles.read(path: try write(good, "r.txt", gbk: true), template: t)
        #expect(r.lines.map(\.outcome) == [.confirmed, .confirmed, .failed])
        #expect(r.date == "2024-03-15")
        let bad = good.replacingOccurrences(of: "3|2|1|", with: "3|1|2|")
        #expect(throws: BankResultError.self) { try ResultFiles.read(path: try write(bad, "r.txt", gbk: true), template: t) }
        let unknown = good.replacingOccurrences(of: "|成功|\r\n2", with: "|处理中|\r\n2")
        #expect(throws: BankResultError.self) { try ResultFiles.read(path: try write(unknown, "r.txt", gbk: true), template: t) }
    }

    @Test func theBuiltInResultTemplatesEqualTheirFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/result-templates")
        for f in BuiltInResultTemplates.files {
            let onDisk = try String(contentsOf: dir.appendingPathComponent(f.name + ".json"), encoding: .utf8)
            #expect(onDisk == f.json, "\(f.name)")
            _ = try ResultTemplate.resolve(f.name)
        }
    }
}

/// A ledger made before payment states is brought up to date in place, and keeps its promises.
@Suite struct LedgerMigrationTests {
    @Test func aV2LedgerIsMigratedInPlace() throws {
        let path = NSTemporaryDirectory() + "roster-v2-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let key = LedgerKey.random()
        let people = ["530102196503151234", "53010219650315123X", "530102197001011230"]
        let keys = key.personKeys(people)
        do {
            let q = try DatabaseQueue(path: path)
            try LedgerSchema.migrator.migrate(q, upTo: "v2")
            try q.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('key_fingerprint', ?)", arguments: [key.fingerprint])
                try db.execute(sql: """
                    INSERT INTO batches VALUES ('B1', 'P', '2017', '2017-09-30', 2, 300000, 'committed', NULL, NULL, NULL);
                    INSERT INTO batches VALUES ('B0', 'P', '2017', '2017-09-01', 1, 100000, 'voided', 'bank refused', '2017-09-05', NULL);
                    """)
                for (i, k) in keys.enumerated() {
                    let (batch, status) = i < 2 ? ("B1", "committed") : ("B0", "voided")
                    try db.execute(
                        sql: "INSERT INTO payments VALUES (?, 'P', '2017', ?, ?, ?, '五华区', ?)",
                        arguments: [batch, k, Mask.identity(people[i]), i < 2 ? 150000 : 100000, status])
                }
            }
        }
        let ledger = try PaymentLedger(path: path, key: key)
        let status = try #require(try ledger.status().first)
        #expect(status.all.committed == PaymentTotals(count: 2, amount: Money(fen: 300000)))
        #expect(status.all.pending.count == 2)
        #expect(try ledger.committed(programmeId: "P", period: "2017").amount == Money(fen: 300000))
        // The two issued people are still held; the voided one is free.
        let prior = try ledger.priorPayments(programmeId: "P", period: "2017", idNumbers: people)
        #expect(Set(prior.keys) == Set(people.prefix(2)))
        #expect(throws: LedgerError.self) {
            try ledger.record(batch: LedgerBatch(programmeId: "P", period: "2017", created: "2017-10-01", payments: [
                LedgerPayment(idNumber: people[0], amount: Money(fen: 100), district: "五华区")
            ]))
        }
        try ledger.record(batch: LedgerBatch(programmeId: "P", period: "2017", created: "2017-10-01", payments: [
            LedgerPayment(idNumber: people[2], amount: Money(fen: 100000), district: "五华区", sequence: 1, account: "6222020200112233445", name: "张三")
        ]))
        #expect(try ledger.committed(programmeId: "P", period: "2017").amount == Money(fen: 400000))
    }

    @Test func twoReconcilesOfOneFileApplyItOnce() throws {
        let s = try RunScenario(rows: 200, seed: 31)
        defer { s.remove() }
        let first = try s.run(s.options())
        _ = try BankAnswer.write(runFolder: s.path("out"), to: s.path("bank"), seed: 31)
        let results = Slots2()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let ledger = try? PaymentLedger(path: s.path("ledger.sqlite"), key: nil, mustExist: true)
            let r = ledger.flatMap { try? Reconciler.run(ReconcileOptions(results: [s.path("bank/pain.002.xml")]), ledger: $0) }
            results.set(i, r)
        }
        let done = results.values.compactMap { $0 }
        #expect(done.count == 2)
        #expect(done.filter { $0.files.first?.appliedBefore != nil }.count == 1)
        let failed = done.map { $0.files.first?.changed(to: .failed) ?? 0 }.reduce(0, +)
        let status = try #require(try PaymentLedger(path: s.path("ledger.sqlite"), key: nil).status().first)
        #expect(status.all.failed.count == failed)
        #expect(status.all.confirmed.count + status.all.failed.count == first.paid.count)
    }
}

/// Two results from two threads (each slot written once, read after both end).
final class Slots2: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var stored: [Reconciliation?] = [nil, nil]
    func set(_ i: Int, _ r: Reconciliation?) { lock.withLock { stored[i] = r } }
    var values: [Reconciliation?] { lock.withLock { stored } }
}

/// What a review of the cycle found, each kept from coming back.
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SeasonReviewTests {
    typealias Season = SeasonTests.Season

    @Test func aListWithAnUnmatchedLineConfirmsNobodyItDoesNotList() throws {
        let season = try Season(seed: 41)
        defer { season.s.remove() }
        // The bank masks one account: its 序号 line now disagrees with the payment.
        let list = try IconvConverter.decode(Array(Data(contentsOf: URL(fileURLWithPath: season.s.path("bank/failures.txt")))), from: "GBK")
        var lines = list.components(separatedBy: "\r\n")
        var fields = lines[1].components(separatedBy: "|")
        fields[1] = String(fields[1].prefix(4)) + "***********" + String(fields[1].suffix(4))
        lines[1] = fields.joined(separator: "|")
        try Data(try IconvConverter.encode(lines.joined(separator: "\r\n"), to: "GBK")).write(to: URL(fileURLWithPath: season.s.path("bank/masked.txt")))
        let r = try season.reconcile(["bank/masked.txt"], template: "cn-batch-gbk-failures")
        let f = try #require(r.files.first)
        #expect(f.changed(to: .confirmed) == 0)
        #expect(f.problems.count >= 2)
        #expect(try season.ledger.status().first?.all.pending.count == season.first.paid.count - f.changed(to: .failed))
    }

    @Test func aPaymentTheFileNamesTwiceIsNotChanged() throws {
        let season = try Season(seed: 43)
        defer { season.s.remove() }
        let pain = try String(contentsOfFile: season.s.path("bank/pain.002.xml"), encoding: .utf8)
        let start = try #require(pain.range(of: "<TxInfAndSts>")).lowerBound
        let end = try #require(pain.range(of: "</TxInfAndSts>")).upperBound
        // (Without its per-status counts, which a repeated line would contradict.)
        let twice = pain.replacingCharacters(in: start..<end, with: String(pain[start..<end]) + String(pain[start..<end]))
            .replacingOccurrences(of: "<NbOfTxsPerSts>[\\s\\S]*?</NbOfTxsPerSts>", with: "", options: .regularExpression)
        try twice.write(toFile: season.s.path("bank/twice.xml"), atomically: true, encoding: .utf8)
        let r = try season.reconcile(["bank/twice.xml"])
        let f = try #require(r.files.first)
        #expect(f.problems.filter { if case .conflict = $0.verdict { true } else { false } }.count >= 2)
        // With lines needing a look, the counts do not confirm the payments the file does not list.
        #expect(f.changed(to: .confirmed) == 0)
    }

    @Test func aConfirmedPaymentIsNeverVoided() throws {
        let season = try Season(seed: 47)
        defer { season.s.remove() }
        _ = try season.reconcile(["bank/pain.002.xml"])
        let batch = try #require(season.first.batchId)
        let before = try season.ledger.status()
        #expect(throws: LedgerError.self) { try season.ledger.void(batchId: batch, reason: "wrong", date: "2017-10-05") }
        #expect(try season.ledger.status() == before)
    }

    @Test func aListForAnotherBatchIsRefused() throws {
        let season = try Season(seed: 53)
        defer { season.s.remove() }
        var o = season.s.options(out: "out2", inputs: ["bank/resubmission"])
        o.date = "2017-10-10"
        _ = try season.reconcile(["bank/pain.002.xml"])
        let second = try season.s.run(o)
        // The first batch's failure list, given for the second batch: its counts are the first's.
        let r = try season.reconcile(["bank/failures.txt"], template: "cn-batch-gbk-failures", batch: second.batchId)
        #expect(r.refusals.first?.contains("another batch") == true)
    }
}

extension BankResultReaderTests {
    @Test func amountsPastAnyRealBatchAreRefusedNotAddedUp() throws {
        let t = try ResultTemplate.resolve("cn-batch-gbk-result")
        let text = "2|2|0|0.00|0.00|0.00|20240315\r\n1|6222|张三|99999999999999999.00|成功|\r\n2|6223|李四|99999999999999999.00|成功|\r\n"
        #expect(throws: BankResultError.self) { try ResultFiles.read(path: try write(text, "r.txt", gbk: true), template: t) }
    }

    @Test func aShiftedColumnNeverPrintsAClearAccount() throws {
        let t = try ResultTemplate.resolve("cn-batch-gbk-result")
        let text = "1|1|0|100.00|100.00|0.00|20240315\r\n1|张三|6222021234567890123|100.00|成功|\r\n"
        do {
            _ = try ResultFiles.read(path: try write(text.replacingOccurrences(of: "|100.00|成功", with: "|6222021234567890123|成功"), "r.txt", gbk: true), template: t)
            Issue.record("a shifted column was read")
        } catch let e as BankResultError {
            #expect(!e.description.contains("6222021234567890123"))
        }
    }
}
