import RosterCore

/// Who is paid and what it adds up to: the payees in the order of the finance workbook and the
/// bank files, with totals per district and per honour level. Everything written for a batch
/// (finance workbook, bank files, ledger) is made from one tally, so they cannot disagree.
public struct PaymentTally: Sendable, Hashable {
    /// One district's row counts and payments.
    public struct DistrictTally: Sendable, Hashable {
        /// The district.
        public var district: String
        /// Data rows received from the district.
        public var received: Int
        /// People paid and their total.
        public var paid: PaymentTotals
        /// Rows whose person an earlier batch already pays.
        public var alreadyPaid: Int = 0
        /// Rows returned (received − paid − already paid).
        public var returned: Int { received - paid.count - alreadyPaid }
    }

    /// People paid and yuan for one honour level.
    public struct HonourTally: Sendable, Hashable {
        /// The level, or nil when neither the register nor the roster names a known level.
        public var level: HonourLevel?
        /// People and yuan.
        public var totals: PaymentTotals
    }

    /// Everyone paid and the grand total (in figures and in words).
    public var total: PaymentTotals
    /// The grand total in capital words.
    public var totalWords: String
    /// Per district, in report order.
    public var districts: [DistrictTally]
    /// Per honour level, in `HonourLevel.allCases` order then unknown.
    public var honours: [HonourTally]
    /// What earlier batches of the programme and period hold against the budget (issued and
    /// confirmed payments, from the ledger).
    public var earlierCommitted: Money = .zero
    /// The programme's budget.
    public var budget: Money
    /// The budget minus earlier batches and this one (negative when over budget).
    public var budgetRemaining: Money { budget - earlierCommitted - total.amount }
    /// The payees, in order (the order of the finance workbook and the bank files).
    public var disbursements: [Disbursement]

    /// Tallies the accepted rows of `checks` for `program`; districts follow `list`'s order.
    public init(_ checks: [FileCheck], program: Program, districts list: DistrictList = .kunming) {
        let rows = Payees.disbursements(checks, districts: list, payee: program.payee)
        var total = PaymentTotals()
        var received: [String: Int] = [:]
        var already: [String: Int] = [:]
        var paid: [String: PaymentTotals] = [:]
        for c in checks {
            let all = c.rows
            let blocked = c.blocked
            for i in all.indices {
                let d = Payees.district(of: all[i], in: c.file)
                received[d, default: 0] += 1
                if c.disposition(i, blocked: blocked) == .alreadyPaid { already[d, default: 0] += 1 }
            }
        }
        var byLevel: [HonourLevel?: PaymentTotals] = [:]
        for d in rows {
            total.add(d.amount)
            paid[d.district, default: PaymentTotals()].add(d.amount)
            byLevel[d.honourLevel, default: PaymentTotals()].add(d.amount)
        }
        districts = list.sorted(Array(received.keys) + Array(paid.keys)).map {
            DistrictTally(district: $0, received: received[$0] ?? 0, paid: paid[$0] ?? PaymentTotals(), alreadyPaid: already[$0] ?? 0)
        }
        honours = []
        for l in HonourLevel.allCases { if let t = byLevel[l] { honours.append(HonourTally(level: l, totals: t)) } }
        if let t = byLevel[nil] { honours.append(HonourTally(level: nil, totals: t)) }
        self.total = total
        totalWords = (try? RMBWords.capital(total.amount)) ?? ""
        budget = program.budget
        disbursements = rows
    }
}
