import RosterCore
import Spreadsheet

/// Reads an ISO 20022 pain.002 (customer payment status report, versions .03 to .10) at all
/// three levels: the group (`OrgnlGrpInfAndSts`), each payment group (`OrgnlPmtInfAndSts`) and
/// each transaction (`TxInfAndSts`). The levels may disagree (a group ACTC or PART while
/// transactions are RJCT): each transaction's own status wins, and a group or payment group's
/// final status (ACSC, RJCT) covers only the payments it does not list.
///
/// The file's own counts (`NbOfTxsPerSts`) must agree with the transactions it lists.
enum Pain002Reader {
    static func read(bytes: [UInt8], file: String, sha256: String, limits: ReadLimits) throws(BankResultError) -> BankResult {
        let sink = Sink()
        try parseResult(bytes, file: file, limits: limits, what: "pain.002", into: sink)
        guard sink.root == "Document", sink.report else {
            throw BankResultError(.unreadable, file: file, "no CstmrPmtStsRpt element: not a pain.002 status report")
        }
        if let bad = sink.failure { throw BankResultError(.field, file: file, bad) }
        try checkCounts(sink, file: file)
        return BankResult(
            file: file, sha256: sha256, format: version(bytes) ?? "pain.002", date: sink.created.map { String($0.prefix(10)) },
            payerAccount: sink.payerAccount, lines: sink.lines + implied(sink), declaredCount: sink.originalCount,
            declaredTotal: sink.originalSum)
    }

    /// `pain.002.001.NN` from the namespace near the top of the file.
    static func version(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self)
        guard let r = head.range(of: "pain.002.001.") else { return nil }
        let digits = head[r.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : "pain.002.001." + digits
    }

    /// When the file's own counts (`NbOfTxsPerSts`) account for every transaction of the
    /// message, and it lists every transaction of each status but one, the ones it does not
    /// list have that status: the file says so, nothing is guessed. (A bank that lists only
    /// its rejections under a group status PART, with ACSC 341 and RJCT 5, pays the 341.)
    static func implied(_ sink: Sink) -> [ResultLine] {
        guard let original = sink.originalCount, sink.perStatusFromGroup else { return [] }
        let declared = sink.perStatus.mapValues { $0.count ?? 0 }
        guard declared.values.reduce(0, +) == original else { return [] }
        var short: [String] = []
        for (status, n) in declared where sink.statuses.filter({ $0 == status }).count < n { short.append(status) }
        guard short.count == 1, outcome(short[0]) != .pending else { return [] }
        return [
            ResultLine(
                position: "NbOfTxsPerSts \(short[0])", scope: .message, messageId: sink.messageId, outcome: outcome(short[0]), code: short[0])
        ]
    }

    /// Per status, the transactions listed may not outnumber the file's own count; where every
    /// one is listed, their amounts must add up to its sum.
    static func checkCounts(_ sink: Sink, file: String) throws(BankResultError) {
        let listed = sink.lines.filter { $0.scope == .transaction }
        for (status, declared) in sink.perStatus {
            let mine = zip(listed, sink.statuses).filter { $0.1 == status }.map(\.0)
            if let n = declared.count, mine.count > n {
                throw BankResultError(.totals, file: file, "NbOfTxsPerSts says \(n) transactions are \(status), but \(mine.count) are listed as \(status)")
            }
            if let n = declared.count, let sum = declared.sum, mine.count == n, mine.allSatisfy({ $0.amount != nil }) {
                let total = Money(fen: mine.reduce(0) { $0 + $1.amount!.fen })
                if total != sum {
                    throw BankResultError(.totals, file: file, "NbOfTxsPerSts says the \(status) transactions total \(sum.decimalString), the listed ones total \(total.decimalString)")
                }
            }
        }
        if let original = sink.originalCount, !sink.perStatus.isEmpty, sink.perStatusFromGroup {
            let sum = sink.perStatus.values.reduce(0) { $0 + ($1.count ?? 0) }
            if sum != original {
                throw BankResultError(.totals, file: file, "NbOfTxsPerSts counts \(sum) transactions, OrgnlNbOfTxs \(original)")
            }
        }
    }

    /// The outcome of an ISO payment status code.
    static func outcome(_ status: String) -> ResultOutcome {
        switch status {
        case "ACSC", "ACCC": return .confirmed
        case "RJCT", "CANC": return .failed
        default: return .pending
        }
    }

    final class Sink: XMLEventSink {
        var path: [String] = []
        var text = XMLText()
        var root: String?
        var report = false
        var created: String?
        var payerAccount: String?
        var lines: [ResultLine] = []
        var failure: String?
        var originalCount: Int?
        var originalSum: Money?
        /// Counts per status from `NbOfTxsPerSts` (group level, or summed over payment groups).
        var perStatus: [String: (count: Int?, sum: Money?)] = [:]
        var perStatusFromGroup = false
        /// Each transaction line's status, in line order.
        var statuses: [String] = []

        // The element being read at each level.
        var messageId: String?
        var groupStatus: String?
        var groupReason: (code: String?, text: String?) = (nil, nil)
        var pmtInfId: String?
        var pmtInfStatus: String?
        var pmtInfReason: (code: String?, text: String?) = (nil, nil)
        /// The transaction being read.
        struct Transaction {
            var endToEndId, status, amount, account, name: String?
        }
        var tx = Transaction()
        var txReason: (code: String?, text: String?) = (nil, nil)
        var txIndex = 0
        var detail: (status: String?, count: Int?, sum: Money?) = (nil, nil, nil)

        func start(_ name: String, _ attributes: [String: String]) {
            if path.isEmpty { root = name }
            if path.count == 1, name == "CstmrPmtStsRpt" { report = true }
            path.append(name)
            text.reset()
            switch name {
            case "OrgnlPmtInfAndSts":
                pmtInfId = nil
                pmtInfStatus = nil
                pmtInfReason = (nil, nil)
            case "TxInfAndSts":
                tx = Transaction()
                txReason = (nil, nil)
                txIndex += 1
            case "NbOfTxsPerSts":
                detail = (nil, nil, nil)
            default: break
            }
        }

        func text(_ bytes: UnsafeRawBufferPointer) {
            text.append(bytes)
        }

        func inside(_ name: String) -> Bool { path.contains(name) }

        /// The elements that close a record, and act even with no text of their own.
        static let containers: Set<String> = Set(["TxInfAndSts", "OrgnlPmtInfAndSts", "OrgnlGrpInfAndSts", "NbOfTxsPerSts"])

        func end(_ name: String) {
            let value = text.trimmed
            text.reset()
            defer { path.removeLast() }
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            // A container ends with no text of its own: only the elements that close a record act then.
            if value.isEmpty && !Self.containers.contains(name) { return }
            if name == "CreDtTm", parent == "GrpHdr" { created = value }
            if inside("TxInfAndSts") {
                endTransaction(name, parent: parent, value: value)
            } else if inside("OrgnlPmtInfAndSts") {
                endPaymentGroup(name, parent: parent, value: value)
            } else if inside("OrgnlGrpInfAndSts") {
                endGroup(name, parent: parent, value: value)
            }
        }

        func reason(_ r: inout (code: String?, text: String?), _ name: String, _ parent: String, _ value: String) {
            if parent == "Rsn", name == "Cd" || name == "Prtry" { r.code = value }
            if name == "AddtlInf", inside("StsRsnInf") { r.text = r.text.map { $0 + " " + value } ?? value }
        }

        func detailCounts(_ name: String, _ value: String, fromGroup: Bool) {
            switch name {
            case "DtldNbOfTxs": detail.count = Sane.count(value)
            case "DtldSts": detail.status = value
            case "DtldCtrlSum": detail.sum = Sane.money(value)
            case "NbOfTxsPerSts":
                if let s = detail.status {
                    let old = perStatus[s]
                    var sum: Money? = nil
                    if let d = detail.sum {
                        guard let total = Sane.add(old?.sum?.fen ?? 0, d.fen) else {
                            failure = "NbOfTxsPerSts: the \(s) sums add up past any real batch"
                            return
                        }
                        sum = Money(fen: total)
                    }
                    perStatus[s] = ((old?.count ?? 0) + (detail.count ?? 0), sum)
                    if fromGroup { perStatusFromGroup = true }
                }
            default: break
            }
        }

        func endGroup(_ name: String, parent: String, value: String) {
            if inside("NbOfTxsPerSts") || name == "NbOfTxsPerSts" { return detailCounts(name, value, fromGroup: true) }
            reason(&groupReason, name, parent, value)
            switch name {
            case "OrgnlMsgId": messageId = value
            case "OrgnlNbOfTxs": originalCount = Sane.count(value)
            case "OrgnlCtrlSum": originalSum = Sane.money(value)
            case "GrpSts": groupStatus = value
            case "OrgnlGrpInfAndSts":
                if let s = groupStatus, Pain002Reader.outcome(s) != .pending {
                    lines.append(
                        ResultLine(
                            position: "OrgnlGrpInfAndSts", scope: .message, messageId: messageId, outcome: Pain002Reader.outcome(s),
                            code: groupReason.code ?? s, text: groupReason.text))
                }
            default: break
            }
        }

        func endPaymentGroup(_ name: String, parent: String, value: String) {
            if inside("NbOfTxsPerSts") || name == "NbOfTxsPerSts" { return detailCounts(name, value, fromGroup: false) }
            reason(&pmtInfReason, name, parent, value)
            switch name {
            case "OrgnlPmtInfId": pmtInfId = value
            case "PmtInfSts": pmtInfStatus = value
            case "OrgnlPmtInfAndSts":
                if let s = pmtInfStatus, Pain002Reader.outcome(s) != .pending {
                    lines.append(
                        ResultLine(
                            position: "OrgnlPmtInfAndSts \(pmtInfId ?? "")", scope: .paymentInformation, messageId: messageId,
                            paymentInformationId: pmtInfId, outcome: Pain002Reader.outcome(s), code: pmtInfReason.code ?? s,
                            text: pmtInfReason.text))
                }
            default: break
            }
        }

        func endTransaction(_ name: String, parent: String, value: String) {
            reason(&txReason, name, parent, value)
            switch name {
            case "OrgnlEndToEndId": tx.endToEndId = value
            case "TxSts": tx.status = value
            case "InstdAmt" where inside("OrgnlTxRef"), "Amt" where parent == "OrgnlTxRef": tx.amount = value
            case "Id" where inside("CdtrAcct") && (parent == "Othr" || parent == "Id"), "IBAN" where inside("CdtrAcct"): tx.account = value
            case "Id" where inside("DbtrAcct") && (parent == "Othr" || parent == "Id"), "IBAN" where inside("DbtrAcct"):
                if let other = payerAccount, other != value {
                    failure = "TxInfAndSts \(txIndex) names payer account \(Mask.account(value)), an earlier one \(Mask.account(other)): one result is about one payer account"
                }
                payerAccount = value
            case "Nm" where inside("Cdtr") && !inside("CdtrAgt") && !inside("CdtrAcct"): tx.name = value
            case "TxInfAndSts":
                let status = tx.status ?? pmtInfStatus ?? groupStatus ?? ""
                var amount: Money? = nil
                if let a = tx.amount {
                    amount = Sane.amount(a)
                    if amount == nil { failure = "TxInfAndSts \(txIndex): the amount \"\(shown(a))\" is not an amount" }
                }
                let position = "TxInfAndSts \(txIndex)"
                statuses.append(status)
                lines.append(
                    ResultLine(
                        position: position, messageId: messageId, paymentInformationId: pmtInfId, endToEndId: tx.endToEndId,
                        account: tx.account, name: tx.name, amount: amount, outcome: Pain002Reader.outcome(status),
                        code: txReason.code ?? (Pain002Reader.outcome(status) == .failed ? nil : status), text: txReason.text))
            default: break
            }
        }
    }
}
