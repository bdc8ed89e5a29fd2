import RosterCore
import Spreadsheet

/// Reads an ISO 20022 camt.054 (debit/credit notification) for returns: each transaction with
/// return information (`RtrInf`) is a payment the payee's bank sent back after it was accepted.
/// Other entries are not returns and change nothing. The notification's own entry count and
/// sum (`TxsSummry/TtlNtries`) must agree with its entries.
enum Camt054Reader {
    static func read(bytes: [UInt8], file: String, sha256: String, limits: ReadLimits) throws(BankResultError) -> BankResult {
        let sink = Sink()
        try parseResult(bytes, file: file, limits: limits, what: "camt.054", into: sink)
        guard sink.notification else {
            throw BankResultError(.unreadable, file: file, "no BkToCstmrDbtCdtNtfctn element: not a camt.054 notification")
        }
        if let bad = sink.failure { throw BankResultError(.field, file: file, bad) }
        if let n = sink.declaredEntries, n != sink.entries {
            throw BankResultError(.totals, file: file, "TtlNtries/NbOfNtries says \(n) entries, the notification holds \(sink.entries)")
        }
        if let sum = sink.declaredSum, sum != Money(fen: sink.entrySum) {
            throw BankResultError(
                .totals, file: file, "TtlNtries/Sum says \(sum.decimalString), the entries add up to \(Money(fen: sink.entrySum).decimalString)")
        }
        return BankResult(
            file: file, sha256: sha256, format: "camt.054", date: (sink.booked ?? sink.created).map { String($0.prefix(10)) },
            payerAccount: sink.account, lines: sink.lines)
    }

    final class Sink: XMLEventSink {
        var path: [String] = []
        var text = XMLText()
        var notification = false
        var created: String?
        var booked: String?
        var account: String?
        var lines: [ResultLine] = []
        var failure: String?
        var declaredEntries: Int?
        var declaredSum: Money?
        var entries = 0
        var entrySum: Int64 = 0
        var tx: [String: String] = [:]
        var returnInfo = false
        var txIndex = 0
        var entryAmount: String?

        func start(_ name: String, _ attributes: [String: String]) {
            if path.count == 1, name == "BkToCstmrDbtCdtNtfctn" { notification = true }
            path.append(name)
            text.reset()
            if name == "TxDtls" {
                tx = [:]
                returnInfo = false
                txIndex += 1
            }
            if name == "Ntry" { entryAmount = nil }
        }

        func text(_ bytes: UnsafeRawBufferPointer) { text.append(bytes) }

        func inside(_ name: String) -> Bool { path.contains(name) }

        /// The elements that close a record, and act even with no text of their own.
        static let containers: Set<String> = Set(["Ntry", "TxDtls", "RtrInf"])

        func end(_ name: String) {
            let value = text.trimmed
            text.reset()
            defer { path.removeLast() }
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            // A container ends with no text of its own: only the elements that close a record act then.
            if value.isEmpty && !Self.containers.contains(name) { return }
            switch name {
            case "CreDtTm" where parent == "GrpHdr": created = value
            case "Id" where parent == "Othr" && inside("Acct") && !inside("Ntry"), "IBAN" where inside("Acct") && !inside("Ntry"):
                account = value
            case "NbOfNtries" where parent == "TtlNtries": declaredEntries = Sane.count(value)
            case "Sum" where parent == "TtlNtries":
                declaredSum = Sane.money(value)
                if declaredSum == nil { failure = "TtlNtries/Sum \"\(shown(value))\" is not an amount" }
            case "Amt" where parent == "Ntry": entryAmount = value
            case "Dt" where parent == "BookgDt": if booked == nil { booked = value }
            case "Ntry":
                entries += 1
                if let a = entryAmount {
                    if let m = Sane.amount(a), let sum = Sane.add(entrySum, m.fen) {
                        entrySum = sum
                    } else {
                        failure = "entry \(entries): the amount \"\(shown(a))\" is not an amount"
                    }
                }
            case "MsgId" where parent == "Refs", "PmtInfId" where parent == "Refs", "EndToEndId" where parent == "Refs":
                tx[name] = value
            case "Amt" where parent == "TxDtls", "Amt" where parent == "TxAmt": tx["Amt"] = value
            case "Cd" where inside("RtrInf") && parent == "Rsn", "Prtry" where inside("RtrInf") && parent == "Rsn":
                tx["Cd"] = value
                returnInfo = true
            case "AddtlInf" where inside("RtrInf"):
                tx["AddtlInf"] = value
                returnInfo = true
            case "RtrInf": returnInfo = true
            case "Nm" where inside("Cdtr") && inside("RltdPties"): tx["Nm"] = value
            case "Id" where inside("CdtrAcct") && parent == "Othr", "IBAN" where inside("CdtrAcct"): tx["CdtrAcct"] = value
            case "TxDtls":
                guard returnInfo else { return }
                var amount: Money? = nil
                if let a = tx["Amt"] ?? entryAmount {
                    amount = Sane.amount(a)
                    if amount == nil { failure = "TxDtls \(txIndex): the amount \"\(shown(a))\" is not an amount" }
                }
                lines.append(
                    ResultLine(
                        position: "TxDtls \(txIndex)", messageId: tx["MsgId"], paymentInformationId: tx["PmtInfId"],
                        endToEndId: tx["EndToEndId"], account: tx["CdtrAcct"], name: tx["Nm"], amount: amount, outcome: .returned,
                        code: tx["Cd"], text: tx["AddtlInf"]))
            default: break
            }
        }
    }
}
