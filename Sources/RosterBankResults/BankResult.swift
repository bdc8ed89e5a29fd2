import RosterCore

/// What a bank said about one payment, or about every payment of a message or payment group
/// it does not list one by one.
public enum ResultOutcome: String, Sendable, Hashable, Codable {
    /// Paid (pain.002 ACSC/ACCC, a success list).
    case confirmed
    /// Refused (pain.002 RJCT, a failure list).
    case failed
    /// Paid, then sent back (camt.054 RtrInf).
    case returned
    /// Not final yet (ACTC, ACCP, PDNG…): nothing changes.
    case pending
}

/// One line of a bank's result file.
public struct ResultLine: Sendable, Hashable {
    /// What the line covers.
    public enum Scope: Sendable, Hashable {
        /// One payment.
        case transaction
        /// Every payment of a pain.001 payment group (`PmtInf`) not listed on its own.
        case paymentInformation
        /// Every payment of a pain.001 message not listed on its own.
        case message
    }
    /// Where in the file, for messages (`TxInfAndSts 3`, `line 12`).
    public var position: String
    /// What it covers.
    public var scope: Scope
    /// The pain.001 `MsgId` it answers.
    public var messageId: String?
    /// The pain.001 `PmtInfId` it answers.
    public var paymentInformationId: String?
    /// The payment's `EndToEndId`.
    public var endToEndId: String?
    /// The payment's 序号, where the bank echoes it.
    public var sequence: Int?
    /// The payee's account, as the bank gives it.
    public var account: String?
    /// The payee's name, as the bank gives it.
    public var name: String?
    /// The amount, as the bank gives it.
    public var amount: Money?
    /// What happened.
    public var outcome: ResultOutcome
    /// The reason code (`AC04`) or the bank's own status code.
    public var code: String?
    /// The bank's words (`AddtlInf`, a failure text such as 户名不符).
    public var text: String?

    /// Creates a line.
    public init(
        position: String, scope: Scope = .transaction, messageId: String? = nil, paymentInformationId: String? = nil,
        endToEndId: String? = nil, sequence: Int? = nil, account: String? = nil, name: String? = nil, amount: Money? = nil,
        outcome: ResultOutcome, code: String? = nil, text: String? = nil
    ) {
        self.position = position
        self.scope = scope
        self.messageId = messageId
        self.paymentInformationId = paymentInformationId
        self.endToEndId = endToEndId
        self.sequence = sequence
        self.account = account
        self.name = name
        self.amount = amount
        self.outcome = outcome
        self.code = code
        self.text = text
    }

    /// The reason in Chinese a district clerk can act on.
    public var explanation: String { ReasonCodes.explain(code: code, text: text, outcome: outcome) }
}

/// A bank's result file, read and checked against its own totals.
public struct BankResult: Sendable, Hashable {
    /// The file as given.
    public var file: String
    /// SHA-256 of its bytes: the same file twice changes nothing the second time.
    public var sha256: String
    /// Its format: `pain.002.001.03`, `camt.054.001.08`, or a result template's name.
    public var format: String
    /// Its date, `YYYY-MM-DD` (the message's creation or booking date, or a summary line's).
    public var date: String?
    /// The paying account it is about, where it says.
    public var payerAccount: String?
    /// Its lines, in file order.
    public var lines: [ResultLine]
    /// How many payments the file says the batch it answers has (pain.002 `OrgnlNbOfTxs`, a
    /// list's 总笔数), and their total: checked against the batch.
    public var declaredCount: Int?
    public var declaredTotal: Money?

    /// Creates one.
    public init(
        file: String, sha256: String, format: String, date: String?, payerAccount: String?, lines: [ResultLine], declaredCount: Int? = nil,
        declaredTotal: Money? = nil
    ) {
        self.declaredCount = declaredCount
        self.declaredTotal = declaredTotal
        self.file = file
        self.sha256 = sha256
        self.format = format
        self.date = date
        self.payerAccount = payerAccount
        self.lines = lines
    }
}

/// Why a result file cannot be used. Each prints as one line naming the file and what to do.
public struct BankResultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// Not readable: I/O, too large, not XML, not the format.
        case unreadable
        /// Its own totals disagree with its lines.
        case totals
        /// A field cannot be read.
        case field
    }
    public var kind: Kind
    public var file: String
    public var reason: String

    public init(_ kind: Kind, file: String, _ reason: String) {
        self.kind = kind
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .totals: return "\(file): \(reason); the file disagrees with itself, so nothing in it was applied. Ask the bank to send it again"
        case .unreadable, .field: return "\(file): \(reason)"
        }
    }
}
