import RosterCheck
import RosterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ISO 20022 customer credit transfer initiation versions the writer produces.
public enum Pain001Version: String, Sendable, Codable, Hashable, CaseIterable {
    /// `pain.001.001.09` (ReqdExctnDt as `<Dt>`), the default.
    case v09 = "pain.001.001.09"
    /// `pain.001.001.03` (ReqdExctnDt as a plain date).
    case v03 = "pain.001.001.03"

    /// The XML namespace of the version.
    public var namespace: String { "urn:iso:std:iso:20022:tech:xsd:" + rawValue }
}

/// Writes a batch as an ISO 20022 `pain.001` XML message, and reads its totals back.
///
/// One `PmtInf` per batch; `NbOfTxs` and `CtrlSum` at both levels computed from integer fen;
/// amounts `Ccy="CNY"` with exactly 2 decimals; account numbers under `CdtrAcct/Id/Othr/Id`;
/// MsgId, PmtInfId and EndToEndId derived from the batch's content, never the clock.
public enum Pain001 {
    /// The identifiers derived from a batch.
    public struct Identifiers: Sendable, Hashable {
        /// `GrpHdr/MsgId`.
        public var messageId: String
        /// `PmtInf/PmtInfId`.
        public var paymentInformationId: String
        /// `PmtId/EndToEndId` per payment, in batch order.
        public var endToEndIds: [String]
    }

    /// The deterministic identifiers of `batch` for `version`: hashes of the canonical batch.
    public static func identifiers(_ batch: PaymentBatch, version: Pain001Version) -> Identifiers {
        // The canonical batch is hashed once; each identifier hashes that digest with its role.
        let content = batch.contentHash + (batch.ledgerBatchId.map { "\u{1D}" + $0 } ?? "")
        let msg = sha256Hex(utf8: version.rawValue + "\u{1D}MsgId\u{1D}" + content)
        let pmt = sha256Hex(utf8: version.rawValue + "\u{1D}PmtInfId\u{1D}" + content)
        let key = ([batch.programmeId, batch.period, batch.executionDate, batch.payerAccount] + (batch.ledgerBatchId.map { [$0] } ?? []))
            .joined(separator: "\u{1F}")
        let e2e = batch.payments.map { p in
            let text = [key, String(p.sequence), p.idNumber, p.account, String(p.amount.fen), p.name]
                .joined(separator: "\u{1F}")
            return "E" + sha256Hex(utf8: text).prefix(30)
        }
        return Identifiers(messageId: "M" + msg.prefix(34), paymentInformationId: "P" + pmt.prefix(34), endToEndIds: e2e)
    }

    /// The XML bytes (UTF-8) of `batch` as `version`, checked by reading the totals back.
    public static func render(_ batch: PaymentBatch, version: Pain001Version) throws(BankFileError) -> [UInt8] {
        try batch.check()
        let ids = identifiers(batch, version: version)
        guard Set(ids.endToEndIds).count == ids.endToEndIds.count else {
            throw BankFileError(.invalidBatch, "two payments give the same EndToEndId; the batch has duplicate payments")
        }
        // Counts and sums computed here, from integer fen, and checked against the batch.
        var count = 0
        var fen: Int64 = 0
        for p in batch.payments {
            count += 1
            fen += p.amount.fen
        }
        guard count == batch.count, Money(fen: fen) == batch.total else {
            throw BankFileError(.mismatch, "the batch's count and total disagree with its payments")
        }
        let ctrlSum = Money(fen: fen).decimalString

        var x = XMLText()
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        x.raw("<Document xmlns=\"\(version.namespace)\">\n")
        x.open("CstmrCdtTrfInitn", 1)
        x.open("GrpHdr", 2)
        x.leaf("MsgId", ids.messageId, 3)
        x.leaf("CreDtTm", batch.executionDate + "T00:00:00", 3)
        x.leaf("NbOfTxs", String(count), 3)
        x.leaf("CtrlSum", ctrlSum, 3)
        x.open("InitgPty", 3)
        try x.text("Nm", batch.payerName, 4, max: 140, what: "the payer's name (InitgPty/Nm)", row: nil)
        x.close("InitgPty", 3)
        x.close("GrpHdr", 2)

        x.open("PmtInf", 2)
        x.leaf("PmtInfId", ids.paymentInformationId, 3)
        x.leaf("PmtMtd", "TRF", 3)
        x.leaf("BtchBookg", "true", 3)
        x.leaf("NbOfTxs", String(count), 3)
        x.leaf("CtrlSum", ctrlSum, 3)
        switch version {
        case .v09:
            x.open("ReqdExctnDt", 3)
            x.leaf("Dt", batch.executionDate, 4)
            x.close("ReqdExctnDt", 3)
        case .v03:
            x.leaf("ReqdExctnDt", batch.executionDate, 3)
        }
        x.open("Dbtr", 3)
        try x.text("Nm", batch.payerName, 4, max: 140, what: "the payer's name (Dbtr/Nm)", row: nil)
        x.close("Dbtr", 3)
        x.open("DbtrAcct", 3)
        try x.account(batch.payerAccount, 4, what: "the payer's account (DbtrAcct)", row: nil)
        x.leaf("Ccy", batch.currency, 4)
        x.close("DbtrAcct", 3)
        x.open("DbtrAgt", 3)
        x.open("FinInstnId", 4)
        if batch.payerBank.isEmpty {
            x.open("Othr", 5)
            x.leaf("Id", "NOTPROVIDED", 6)
            x.close("Othr", 5)
        } else {
            try x.text("Nm", batch.payerBank, 5, max: 140, what: "the payer's bank (DbtrAgt/Nm)", row: nil)
        }
        x.close("FinInstnId", 4)
        x.close("DbtrAgt", 3)

        for (p, e2e) in zip(batch.payments, ids.endToEndIds) {
            let who = p.described
            x.open("CdtTrfTxInf", 3)
            x.open("PmtId", 4)
            x.leaf("InstrId", String(p.sequence), 5)
            x.leaf("EndToEndId", e2e, 5)
            x.close("PmtId", 4)
            x.open("Amt", 4)
            x.raw(XMLText.indent(5) + "<InstdAmt Ccy=\"\(batch.currency)\">\(p.amount.decimalString)</InstdAmt>\n")
            x.close("Amt", 4)
            let code = p.bankCode ?? ""
            if !code.isEmpty || !p.bankName.isEmpty {
                x.open("CdtrAgt", 4)
                x.open("FinInstnId", 5)
                if !code.isEmpty {
                    x.open("ClrSysMmbId", 6)
                    x.open("ClrSysId", 7)
                    x.leaf("Cd", "CNAPS", 8)
                    x.close("ClrSysId", 7)
                    try x.text("MmbId", code, 7, max: 35, what: "\(who): 联行号 (ClrSysMmbId/MmbId)", row: p.sequence)
                    x.close("ClrSysMmbId", 6)
                }
                if !p.bankName.isEmpty {
                    try x.text("Nm", p.bankName, 6, max: 140, what: "\(who): 开户行 (CdtrAgt/Nm)", row: p.sequence)
                }
                x.close("FinInstnId", 5)
                x.close("CdtrAgt", 4)
            }
            x.open("Cdtr", 4)
            try x.text("Nm", p.name, 5, max: 140, what: "\(who): 户名 (Cdtr/Nm)", row: p.sequence)
            if !p.idNumber.isEmpty {
                // A person by identity number (NIDN); an organisation by its unified social
                // credit code, a proprietary scheme (ISO's code list has none for it).
                let org = p.isOrganisation == true
                x.open("Id", 5)
                x.open(org ? "OrgId" : "PrvtId", 6)
                x.open("Othr", 7)
                try x.text(
                    "Id", p.idNumber, 8, max: 35, what: "\(who): \(org ? "统一社会信用代码 (OrgId/Othr/Id)" : "身份证号 (PrvtId/Othr/Id)")",
                    row: p.sequence)
                x.open("SchmeNm", 8)
                if org { x.leaf("Prtry", "USCC", 9) } else { x.leaf("Cd", "NIDN", 9) }
                x.close("SchmeNm", 8)
                x.close("Othr", 7)
                x.close(org ? "OrgId" : "PrvtId", 6)
                x.close("Id", 5)
            }
            x.close("Cdtr", 4)
            x.open("CdtrAcct", 4)
            try x.account(p.account, 5, what: "\(who): 账号 (CdtrAcct)", row: p.sequence)
            x.close("CdtrAcct", 4)
            if !p.purpose.isEmpty {
                x.open("RmtInf", 4)
                try x.text("Ustrd", p.purpose, 5, max: 140, what: "\(who): 摘要 (RmtInf/Ustrd)", row: p.sequence)
                x.close("RmtInf", 4)
            }
            x.close("CdtTrfTxInf", 3)
        }
        x.close("PmtInf", 2)
        x.close("CstmrCdtTrfInitn", 1)
        x.raw("</Document>\n")

        let bytes = Array(x.out.utf8)
        try verify(bytes, batch: batch)
        return bytes
    }

    /// Totals read back from a pain.001 file.
    public struct Totals: Sendable, Hashable {
        /// `GrpHdr/NbOfTxs`.
        public var groupCount: Int
        /// `GrpHdr/CtrlSum`.
        public var groupSum: Money
        /// `PmtInf/NbOfTxs`.
        public var paymentCount: Int
        /// `PmtInf/CtrlSum`.
        public var paymentSum: Money
        /// Every `InstdAmt`, in order.
        public var amounts: [Money]
    }

    /// Scans the totals of a file in exactly the shape `render` writes: the two `NbOfTxs`, the
    /// two `CtrlSum` and every `InstdAmt` (which must be CNY with exactly 2 decimals).
    public static func readTotals(_ bytes: [UInt8]) throws(BankFileError) -> Totals {
        func bad(_ s: String) -> BankFileError {
            BankFileError(.mismatch, "read back as pain.001: \(s); the file is not usable and was not kept")
        }
        // A linear scan over the bytes (the tags are ASCII), not a String search per match.
        func values(_ open: String, _ close: String) -> [Substring] {
            let o = Array(open.utf8)
            let c = Array(close.utf8)
            func find(_ pattern: [UInt8], from start: Int) -> Int? {
                guard start < bytes.count else { return nil }
                return bytes.withUnsafeBytes { hay in
                    pattern.withUnsafeBytes { needle in
                        // memchr for the first byte, memcmp for the rest (memmem is not portable).
                        let base = hay.baseAddress!
                        let first = Int32(needle[0])
                        var i = start
                        while hay.count - i >= needle.count {
                            guard let p = memchr(base + i, first, hay.count - i - needle.count + 1) else { return nil }
                            let at = base.distance(to: UnsafeRawPointer(p))
                            if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                            i = at + 1
                        }
                        return nil
                    }
                }
            }
            var out: [Substring] = []
            var pos = 0
            while let s = find(o, from: pos) {
                let valueStart = s + o.count
                guard let e = find(c, from: valueStart) else { break }
                out.append(Substring(decoding: bytes[valueStart..<e], as: UTF8.self))
                pos = e + c.count
            }
            return out
        }
        func amount(_ s: Substring, _ what: String) throws(BankFileError) -> Money {
            let u = Array(s.utf8)
            guard u.count >= 4, u[u.count - 3] == 46,
                u.enumerated().allSatisfy({ $0.offset == u.count - 3 || ($0.element >= 48 && $0.element <= 57) }),
                let m = Money(decimal: String(s))
            else { throw bad("\(what) \"\(s)\" is not an amount with exactly 2 decimals") }
            return m
        }
        let counts = values("<NbOfTxs>", "</NbOfTxs>")
        let sums = values("<CtrlSum>", "</CtrlSum>")
        guard counts.count == 2, sums.count == 2 else {
            throw bad("expected NbOfTxs and CtrlSum once in GrpHdr and once in PmtInf")
        }
        guard let c0 = Int(counts[0]), let c1 = Int(counts[1]) else { throw bad("NbOfTxs is not a number") }
        let s0 = try amount(sums[0], "GrpHdr/CtrlSum")
        let s1 = try amount(sums[1], "PmtInf/CtrlSum")
        var amounts: [Money] = []
        for v in values("<InstdAmt Ccy=\"", "</InstdAmt>") {
            guard v.hasPrefix("CNY\">") else { throw bad("an InstdAmt is not in CNY") }
            amounts.append(try amount(v.dropFirst(5), "InstdAmt"))
        }
        let transactions = values("<CdtTrfTxInf>", "</CdtTrfTxInf>").count
        guard transactions == amounts.count else {
            throw bad("\(transactions) CdtTrfTxInf but \(amounts.count) InstdAmt")
        }
        return Totals(groupCount: c0, groupSum: s0, paymentCount: c1, paymentSum: s1, amounts: amounts)
    }

    /// Reads the totals back and compares them with `batch`: both counts, both sums, the sum of
    /// the amounts and every amount in order.
    public static func verify(_ bytes: [UInt8], batch: PaymentBatch) throws(BankFileError) {
        func bad(_ s: String) -> BankFileError {
            BankFileError(.mismatch, "read back as pain.001: \(s); the file is not usable and was not kept")
        }
        let t = try readTotals(bytes)
        let sum = t.amounts.reduce(Money.zero, +)
        guard t.groupCount == batch.count, t.paymentCount == batch.count, t.amounts.count == batch.count else {
            throw bad("NbOfTxs \(t.groupCount)/\(t.paymentCount) and \(t.amounts.count) transactions instead of \(batch.count)")
        }
        guard t.groupSum == batch.total, t.paymentSum == batch.total, sum == batch.total else {
            throw bad("CtrlSum \(t.groupSum)/\(t.paymentSum) and amounts adding up to \(sum) instead of \(batch.total)")
        }
        for (m, p) in zip(t.amounts, batch.payments) where m != p.amount {
            throw bad("row \(p.sequence) reads \(m) instead of \(p.amount)")
        }
    }
}

/// Builds indented XML text with escaping and the schema's length limits.
private struct XMLText {
    var out = ""

    static func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    mutating func raw(_ s: String) { out += s }
    mutating func open(_ tag: String, _ level: Int) { out += Self.indent(level) + "<" + tag + ">\n" }
    mutating func close(_ tag: String, _ level: Int) { out += Self.indent(level) + "</" + tag + ">\n" }
    /// A leaf whose value the writer generated itself (digits, codes, dates, hex).
    mutating func leaf(_ tag: String, _ value: String, _ level: Int) {
        out += Self.indent(level) + "<" + tag + ">" + value + "</" + tag + ">\n"
    }

    /// A leaf with text from the batch: escaped, refused when it has control characters, is
    /// empty or is longer than `max` characters.
    mutating func text(_ tag: String, _ value: String, _ level: Int, max: Int, what: String, row: Int?) throws(BankFileError) {
        guard !value.isEmpty else { throw BankFileError(.invalidBatch, "\(what) is empty", row: row) }
        let n = value.unicodeScalars.count
        guard n <= max else {
            throw BankFileError(
                .tooLong, "\(what) has \(n) characters; ISO 20022 allows at most \(max); shorten it", row: row)
        }
        var escaped = ""
        for u in value.unicodeScalars {
            switch u {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0xFFFE || u.value == 0xFFFF {
                    throw BankFileError(
                        .unsafeText,
                        "\(what) contains the control character U+\(String(u.value, radix: 16, uppercase: true)); remove it from the source",
                        row: row)
                }
                escaped.unicodeScalars.append(u)
            }
        }
        out += Self.indent(level) + "<" + tag + ">" + escaped + "</" + tag + ">\n"
    }

    /// `<Id><Othr><Id>account</Id></Othr></Id>`, the account at most 34 characters.
    mutating func account(_ number: String, _ level: Int, what: String, row: Int?) throws(BankFileError) {
        open("Id", level)
        open("Othr", level + 1)
        try text("Id", number, level + 2, max: 34, what: what, row: row)
        close("Othr", level + 1)
        close("Id", level)
    }
}
