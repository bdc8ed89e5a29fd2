import RosterCheck
import RosterCore

/// One payment to one person in a batch.
public struct Payment: Sendable, Codable, Hashable {
    /// The row number in the bank file (序号), unique and positive within the batch.
    public var sequence: Int
    /// The payee's name (户名), as on the bank account.
    public var name: String
    /// The payee's identity number (身份证号), as text.
    public var idNumber: String
    /// The payee's account or card number (账号), as text.
    public var account: String
    /// The payee's bank (开户行).
    public var bankName: String
    /// The payee bank's CNAPS code (联行号), when known.
    public var bankCode: String?
    /// The amount to pay; always positive.
    public var amount: Money
    /// The district (区县) that sent the row.
    public var district: String
    /// The purpose or remark (摘要/用途) shown to the payee.
    public var purpose: String
    /// True when the payee is an organisation and `idNumber` its unified social credit code
    /// (pain.001 names it under `OrgId`); nil or false for a person.
    public var isOrganisation: Bool?

    /// Creates a payment.
    public init(
        sequence: Int, name: String, idNumber: String, account: String, bankName: String,
        bankCode: String? = nil, amount: Money, district: String, purpose: String, isOrganisation: Bool? = nil
    ) {
        self.isOrganisation = isOrganisation
        self.sequence = sequence
        self.name = name
        self.idNumber = idNumber
        self.account = account
        self.bankName = bankName
        self.bankCode = bankCode
        self.amount = amount
        self.district = district
        self.purpose = purpose
    }
}

/// A batch of payments for one programme and period, paid from one account on one date.
public struct PaymentBatch: Sendable, Codable, Hashable {
    /// The programme's identifier (e.g. `KM-2024-LM`).
    public var programmeId: String
    /// The programme's title, for people.
    public var programmeTitle: String
    /// The period paid (e.g. `2024`, `2024-H1`).
    public var period: String
    /// The paying organisation's name.
    public var payerName: String
    /// The paying account number.
    public var payerAccount: String
    /// The paying account's bank.
    public var payerBank: String
    /// The requested execution date, `YYYY-MM-DD`, given by the caller (never the clock).
    public var executionDate: String
    /// The currency; only `CNY` is supported.
    public var currency: String
    /// The payments, in the order they are written.
    public var payments: [Payment]
    /// The ledger's id for the batch, when it has one: part of the pain.001 ids, so that a
    /// batch re-run after a void (the same content) gets ids of its own.
    public var ledgerBatchId: String? = nil

    /// Creates a batch.
    public init(
        programmeId: String, programmeTitle: String, period: String, payerName: String,
        payerAccount: String, payerBank: String, executionDate: String, currency: String = "CNY",
        payments: [Payment]
    ) {
        self.programmeId = programmeId
        self.programmeTitle = programmeTitle
        self.period = period
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.payerBank = payerBank
        self.executionDate = executionDate
        self.currency = currency
        self.payments = payments
    }

    /// The number of payments.
    public var count: Int { payments.count }

    /// The total of all amounts, summed in integer fen.
    public var total: Money { payments.reduce(Money.zero) { $0 + $1.amount } }

    /// Checks what every bank file needs: CNY, a real `YYYY-MM-DD` date, at least one payment,
    /// unique positive sequence numbers, positive amounts, names and accounts present, and a
    /// total that fits in the schema's 18 digits.
    public func check() throws(BankFileError) {
        guard currency == "CNY" else {
            throw BankFileError(.invalidBatch, "currency \(currency) is not supported; only CNY is")
        }
        guard Self.isValidDate(executionDate) else {
            throw BankFileError(
                .invalidBatch,
                "execution date \"\(executionDate)\" is not a real date in the form YYYY-MM-DD; give --date YYYY-MM-DD")
        }
        guard !payments.isEmpty else {
            throw BankFileError(.invalidBatch, "the batch has no payments; there is nothing to write to a bank file")
        }
        guard !payerName.isEmpty, !payerAccount.isEmpty else {
            throw BankFileError(.invalidBatch, "the payer's name and account are required; set them in the programme file")
        }
        var seen = Set<Int>()
        var total: Int64 = 0
        for p in payments {
            // Built only for a message: most payments need none.
            var who: String { p.described }
            guard p.sequence > 0 else {
                throw BankFileError(.invalidBatch, "\(who): sequence number must be positive", row: p.sequence)
            }
            guard seen.insert(p.sequence).inserted else {
                throw BankFileError(.invalidBatch, "\(who): sequence number \(p.sequence) is used twice", row: p.sequence)
            }
            guard p.amount.fen > 0 else {
                throw BankFileError(
                    .invalidBatch, "\(who): amount \(p.amount) is not positive; only positive amounts are paid",
                    row: p.sequence)
            }
            guard !p.name.isEmpty else {
                throw BankFileError(.invalidBatch, "\(who): the payee's name is empty", row: p.sequence)
            }
            guard !p.account.isEmpty else {
                throw BankFileError(.invalidBatch, "\(who): the payee's account number is empty", row: p.sequence)
            }
            let (sum, overflow) = total.addingReportingOverflow(p.amount.fen)
            guard !overflow, sum < 1_000_000_000_000_000 else {
                throw BankFileError(.invalidBatch, "the batch total is too large for a bank file")
            }
            total = sum
        }
    }

    /// The batch as one canonical text: every field in a fixed order, separated by control
    /// characters that cannot appear in the values. Its hash names the batch.
    public var canonicalText: String {
        let us = "\u{1F}"
        let rs = "\u{1E}"
        var parts: [String] = [
            ["roster-batch-v1", programmeId, programmeTitle, period, payerName, payerAccount, payerBank,
             executionDate, currency].joined(separator: us)
        ]
        for p in payments {
            parts.append(
                [String(p.sequence), p.name, p.idNumber, p.account, p.bankName, p.bankCode ?? "",
                 String(p.amount.fen), p.district, p.purpose].joined(separator: us))
        }
        return parts.joined(separator: rs)
    }

    /// The SHA-256 of `canonicalText`, in lowercase hex: the same batch always gives the same hash.
    public var contentHash: String { sha256Hex(utf8: canonicalText) }

    static func isValidDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return false }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), y >= 1900, (1...12).contains(m)
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }
}

extension Payment {
    /// The payment in a message: its row, the name and the masked identity number.
    var described: String { "row \(sequence) (\(name), \(idNumber.isEmpty ? "no ID" : Mask.identity(idNumber)))" }
}
