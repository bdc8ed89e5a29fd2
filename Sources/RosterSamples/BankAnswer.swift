import Foundation
import RosterCore
import Spreadsheet

/// The bank's answer to a sample batch, for trying `roster reconcile` and the rest of the
/// season: from a run's output folder (its pain.001, 批量代发 file and finance workbook) it
/// writes what a bank would send back, with a few realistic failures, and what the districts
/// would send after them.
///
/// - `pain.002.xml`: a pain.002.001.10 status report, group and payment group PART, each failed
///   payment RJCT with its reason code (AC04, BE01, AC01, AC06, AG01) and the bank's words;
/// - `failures.txt`: the same failures as a 批量代发失败清单 (`cn-batch-gbk-failures`);
/// - `resubmission/<区县>补发.xlsx`: each failed person again with a new account of their own,
///   except a name mismatch, sent again with the account that failed (a run warns), and one
///   person already paid, listed again by mistake (a run counts them as already paid).
///
/// Which payments fail follows `seed`; the answer is dated two days after the execution date.
public enum BankAnswer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The reasons the failures cycle through: ISO code and the bank's words.
    static let reasons: [(code: String, text: String)] = [
        ("AC04", "已销户"), ("BE01", "户名不符"), ("AC01", "账号不存在"), ("AC06", "账户冻结"), ("AG01", "只进不出"),
    ]

    /// Writes the answer to the batch in `runFolder` into `directory` (which must be empty or
    /// missing); returns the files written, relative to it.
    ///
    /// With `everyLine`, the pain.002 lists every transaction (ACSC or RJCT) and a
    /// `result.txt` (`cn-batch-gbk-result`) lists every payment: the full-size answers the
    /// benchmark reconciles.
    public static func write(runFolder: String, to directory: String, seed: UInt64, everyLine: Bool = false) throws -> [String] {
        let bank = runFolder + "/bank"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: bank)) ?? []
        guard let painName = names.sorted().first(where: { $0.contains("pain.001") && $0.hasSuffix(".xml") }) else {
            throw Failure(description: "\(bank): no pain.001 file; run `roster run` with --bank-template pain.001.001.09 first")
        }
        let pain = try Pain001Facts(path: bank + "/" + painName)
        let rows = try financeRows(runFolder + "/汇总发放表.xlsx")
        guard rows.count == pain.transactions.count else {
            throw Failure(description: "\(runFolder): the finance workbook lists \(rows.count) payments, the pain.001 \(pain.transactions.count)")
        }
        let failing = chooseFailures(count: rows.count, seed: seed)
        let answerDate = addDays(pain.executionDate, 2)
        try Folders.create(directory)
        var written: [String] = []
        func put(_ name: String, _ bytes: [UInt8]) throws {
            let path = directory + "/" + name
            try AtomicFile.commit(try AtomicFile.writeTemporary(bytes, beside: path), to: path, overwrite: true)
            written.append(name)
        }
        try put("pain.002.xml", Array(pain002(pain, failing: failing, date: answerDate, everyLine: everyLine).utf8))
        try put("failures.txt", try failureList(pain, rows: rows, failing: failing, date: answerDate))
        if everyLine { try put("result.txt", try failureList(pain, rows: rows, failing: failing, date: answerDate, everyLine: true)) }
        try Folders.create(directory + "/resubmission")
        for file in resubmissions(rows, failing: failing, seed: seed) {
            try SampleWriter.writeXLSX(file, to: directory + "/" + file.path)
            written.append(file.path)
        }
        return written
    }

    /// Every 60th payment or so, at least three, chosen by `seed`; the reasons in turn.
    static func chooseFailures(count: Int, seed: UInt64) -> [Int: (code: String, text: String)] {
        let n = min(count, max(3, count / 60))
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var out: [Int: (code: String, text: String)] = [:]
        while out.count < n {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let i = Int((state >> 33) % UInt64(count))
            if out[i] == nil { out[i] = reasons[out.count % reasons.count] }
        }
        return out
    }

    static func addDays(_ iso: String, _ days: Int) -> String {
        guard var d = SimpleDate(iso: iso) else { return iso }
        for _ in 0..<days {
            d.day += 1
            if d.day > SimpleDate.days(in: d.month, year: d.year) {
                d.day = 1
                d.month += 1
                if d.month > 12 {
                    d.month = 1
                    d.year += 1
                }
            }
        }
        return d.description
    }

    // MARK: - what the batch paid

    /// One payment of the finance workbook's detail sheet.
    struct PaidRow {
        var sequence: Int
        var district, name, gender, id, honour, bank, account: String
        var amount: Money
    }

    static func financeRows(_ path: String) throws -> [PaidRow] {
        let book = try Spreadsheets.open(path: path)
        let reader = try book.openSheet(0)
        var header: [String: Int] = [:]
        var out: [PaidRow] = []
        while let row = try reader.nextRow() {
            let text = { (c: Int) in row[c]?.raw ?? "" }
            if header.isEmpty {
                if (0..<12).contains(where: { text($0) == "序号" }) {
                    for c in 0..<12 { header[text(c)] = c }
                }
                continue
            }
            func field(_ name: String) -> String { header[name].map(text) ?? "" }
            guard let seq = Int(field("序号")), let amount = Money(decimal: field("金额(元)")) else { continue }
            out.append(
                PaidRow(
                    sequence: seq, district: field("区县"), name: field("姓名"), gender: field("性别"), id: field("身份证号码"),
                    honour: field("荣誉称号"), bank: field("开户行"), account: field("银行卡号"), amount: amount))
        }
        return out
    }

    /// What a pain.001 says: its ids, payer, date and each transaction.
    struct Pain001Facts {
        struct Transaction {
            var endToEndId = ""
            var amount = ""
            var name = ""
            var account = ""
        }
        var messageId = ""
        var paymentInformationId = ""
        var executionDate = ""
        var payerAccount = ""
        var controlSum = ""
        var transactions: [Transaction] = []

        init(path: String) throws {
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot be read") }
            let sink = Sink()
            try XMLEvents.parse(bytes: Array(data), name: path, sink: sink)
            self = sink.facts
        }

        init() {}

        final class Sink: XMLEventSink {
            var facts = Pain001Facts()
            var path: [String] = []
            var text = ""
            var tx = Transaction()
            func start(_ name: String, _ attributes: [String: String]) {
                path.append(name)
                text = ""
                if name == "CdtTrfTxInf" { tx = Transaction() }
            }
            func text(_ bytes: UnsafeRawBufferPointer) { text += String(decoding: bytes, as: UTF8.self) }
            func end(_ name: String) {
                let v = text.trimmingCharacters(in: .whitespacesAndNewlines)
                let parent = path.count > 1 ? path[path.count - 2] : ""
                switch name {
                case "MsgId" where parent == "GrpHdr": facts.messageId = v
                case "CtrlSum" where parent == "GrpHdr": facts.controlSum = v
                case "PmtInfId": facts.paymentInformationId = v
                case "Dt" where parent == "ReqdExctnDt", "ReqdExctnDt" where !v.isEmpty: facts.executionDate = String(v.prefix(10))
                case "Id" where path.contains("DbtrAcct") && !v.isEmpty: facts.payerAccount = v
                case "EndToEndId": tx.endToEndId = v
                case "InstdAmt": tx.amount = v
                case "Nm" where parent == "Cdtr": tx.name = v
                case "Id" where path.contains("CdtrAcct") && !v.isEmpty: tx.account = v
                case "CdtTrfTxInf": facts.transactions.append(tx)
                default: break
                }
                path.removeLast()
                text = ""
            }
        }
    }

    // MARK: - the answers

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func pain002(_ p: Pain001Facts, failing: [Int: (code: String, text: String)], date: String, everyLine: Bool = false) -> String {
        let failedSum = Money(fen: failing.keys.reduce(0) { $0 + (Money(decimal: p.transactions[$1].amount)?.fen ?? 0) })
        let all = Money(decimal: p.controlSum) ?? .zero
        let n = p.transactions.count
        let k = failing.count
        var x = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
              <CstmrPmtStsRpt>
                <GrpHdr>
                  <MsgId>R\(p.messageId.dropFirst().prefix(33))</MsgId>
                  <CreDtTm>\(date)T16:00:00</CreDtTm>
                </GrpHdr>
                <OrgnlGrpInfAndSts>
                  <OrgnlMsgId>\(p.messageId)</OrgnlMsgId>
                  <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
                  <OrgnlNbOfTxs>\(n)</OrgnlNbOfTxs>
                  <OrgnlCtrlSum>\(p.controlSum)</OrgnlCtrlSum>
                  <GrpSts>PART</GrpSts>
                  <NbOfTxsPerSts>
                    <DtldNbOfTxs>\(n - k)</DtldNbOfTxs>
                    <DtldSts>ACSC</DtldSts>
                    <DtldCtrlSum>\((all - failedSum).decimalString)</DtldCtrlSum>
                  </NbOfTxsPerSts>
                  <NbOfTxsPerSts>
                    <DtldNbOfTxs>\(k)</DtldNbOfTxs>
                    <DtldSts>RJCT</DtldSts>
                    <DtldCtrlSum>\(failedSum.decimalString)</DtldCtrlSum>
                  </NbOfTxsPerSts>
                </OrgnlGrpInfAndSts>
                <OrgnlPmtInfAndSts>
                  <OrgnlPmtInfId>\(p.paymentInformationId)</OrgnlPmtInfId>
                  <PmtInfSts>PART</PmtInfSts>

            """
        for i in everyLine ? Array(p.transactions.indices) : failing.keys.sorted() {
            let t = p.transactions[i]
            guard let r = failing[i] else {
                x += "      <TxInfAndSts><OrgnlEndToEndId>\(t.endToEndId)</OrgnlEndToEndId><TxSts>ACSC</TxSts>"
                x += "<OrgnlTxRef><Amt><InstdAmt Ccy=\"CNY\">\(t.amount)</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>\n"
                continue
            }
            x += """
                      <TxInfAndSts>
                        <OrgnlEndToEndId>\(t.endToEndId)</OrgnlEndToEndId>
                        <TxSts>RJCT</TxSts>
                        <StsRsnInf>
                          <Rsn><Cd>\(r.code)</Cd></Rsn>
                          <AddtlInf>\(escaped(r.text))</AddtlInf>
                        </StsRsnInf>
                        <OrgnlTxRef>
                          <Amt><InstdAmt Ccy="CNY">\(t.amount)</InstdAmt></Amt>
                          <DbtrAcct><Id><Othr><Id>\(escaped(p.payerAccount))</Id></Othr></Id></DbtrAcct>
                          <Cdtr><Pty><Nm>\(escaped(t.name))</Nm></Pty></Cdtr>
                          <CdtrAcct><Id><Othr><Id>\(escaped(t.account))</Id></Othr></Id></CdtrAcct>
                        </OrgnlTxRef>
                      </TxInfAndSts>

                """
        }
        x += """
                </OrgnlPmtInfAndSts>
              </CstmrPmtStsRpt>
            </Document>

            """
        return x
    }

    static func failureList(
        _ p: Pain001Facts, rows: [PaidRow], failing: [Int: (code: String, text: String)], date: String, everyLine: Bool = false
    ) throws -> [UInt8] {
        let all = rows.reduce(Money.zero) { $0 + $1.amount }
        let failed = failing.keys.reduce(Money.zero) { $0 + rows[$1].amount }
        var lines = [
            [String(rows.count), String(rows.count - failing.count), String(failing.count), all.decimalString, (all - failed).decimalString,
             failed.decimalString, date.replacingOccurrences(of: "-", with: "")].joined(separator: "|")
        ]
        for i in everyLine ? Array(rows.indices) : failing.keys.sorted() {
            let r = rows[i]
            let fields = [String(r.sequence), r.account, r.name, r.amount.decimalString]
            if everyLine {
                lines.append((fields + (failing[i].map { ["失败", $0.text] } ?? ["成功", ""])).joined(separator: "|"))
            } else {
                lines.append((fields + [failing[i]!.text]).joined(separator: "|"))
            }
        }
        do {
            return try IconvConverter.encode(lines.joined(separator: "\r\n") + "\r\n", to: "GBK")
        } catch {
            throw Failure(description: "failures.txt: a name is outside GBK (\(error))")
        }
    }

    /// The districts' resubmissions: each failed person with a new account (a name mismatch
    /// keeps the account that failed), and one person already paid, listed again.
    static func resubmissions(_ rows: [PaidRow], failing: [Int: (code: String, text: String)], seed: UInt64) -> [SampleFile] {
        var byDistrict: [String: [(PaidRow, String)]] = [:]
        for i in failing.keys.sorted() {
            let r = rows[i]
            let account = failing[i]!.code == "BE01" ? r.account : newAccount(r.account, seed: seed)
            byDistrict[r.district, default: []].append((r, account))
        }
        if let first = byDistrict.keys.sorted().first,
            let again = rows.first(where: { r in r.district == first && !failing.keys.contains(where: { rows[$0].sequence == r.sequence }) })
        {
            byDistrict[first]!.append((again, again.account))
        }
        let header = ["序号", "姓名", "性别", "身份证号码", "荣誉称号", "补助金额(元)", "开户行", "银行卡号", "备注"]
        return byDistrict.keys.sorted().map { d in
            var sheetRows: [[SampleCell]] = [header.map { .text($0) }]
            for (n, (r, account)) in byDistrict[d]!.enumerated() {
                sheetRows.append([
                    .number(String(n + 1)), .text(r.name), .text(r.gender), .text(r.id), .text(r.honour), .number(r.amount.decimalString),
                    .text(r.bank), .text(account), .text("补发"),
                ])
            }
            var sheet = SampleSheet(name: "补发名单", rows: sheetRows, columnWidths: [6, 10, 6, 22, 16, 14, 28, 24, 10])
            sheet.headerRows = 1...1
            sheet.tableRows = 2...sheetRows.count
            return SampleFile(path: "resubmission/\(d)补发.xlsx", format: .xlsx, sheets: [sheet])
        }
    }

    /// Another valid card number of the same bank (its first six digits), chosen by `seed`.
    static func newAccount(_ old: String, seed: UInt64) -> String {
        let prefix = String(old.prefix(6))
        var h = seed
        for u in old.utf8 { h = (h ^ UInt64(u)) &* 1_099_511_628_211 }
        var body = prefix
        while body.count < max(old.count, 16) - 1 {
            h = h &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            body += String((h >> 33) % 10)
        }
        return body + String(SampleLuhn.checkDigit(payload: body))
    }
}
