/// What the ledger knows of one year's programmes: the figures of the year-end performance
/// report (绩效自评), computed from the ledger alone (`RosterLedger`), written by
/// `YearReportWorkbook` and printed as JSON by `roster report`.
public struct YearFigures: Sendable, Hashable {
    /// The year.
    public var year: Int
    /// The latest date any record of the year carries (a batch, a bank answer): the report's
    /// date, taken from the inputs, never the clock.
    public var asOf: SimpleDate?
    /// The programmes paid in the year, by id.
    public var programmes: [Programme]

    /// Creates the figures.
    public init(year: Int, asOf: SimpleDate?, programmes: [Programme]) {
        self.year = year
        self.asOf = asOf
        self.programmes = programmes
    }

    /// One programme's year.
    public struct Programme: Sendable, Hashable {
        /// Its id.
        public var id: String
        /// Its title (the id when the ledger predates titles).
        public var title: String
        /// The periods paid in the year.
        public var periods: [String]
        /// `person` or `organisation`.
        public var payee: String
        /// The budget: the sum of each period's budget, when every period has one.
        public var budget: Money?
        /// The day payments were due, when the programme sets one.
        public var deadline: SimpleDate?
        /// Payees paid (issued or confirmed), distinct, and the yuan of their payments.
        public var paid = PaymentTotals()
        /// Of them, what the bank confirmed.
        public var confirmed = PaymentTotals()
        /// Of them, what is issued and not yet answered.
        public var unconfirmed = PaymentTotals()
        /// Payments that failed or came back during the year.
        public var failed = PaymentTotals()
        /// Of them, those nobody has paid again yet.
        public var failedOpen = PaymentTotals()
        /// Payments that paid again someone whose earlier payment failed or came back.
        public var reissued = PaymentTotals()
        /// Payees paid on or before the deadline (nil without a deadline).
        public var onTime: Int?
        /// Payees whose payment the bank took the first time (no earlier failure).
        public var firstTimeAccepted = 0
        /// Payees holding two payments for one period (the ledger's index keeps this at zero).
        public var paidTwice = 0
        /// Paid, by honour level (`national`, `provincial`, `municipal`, or `unknown`).
        public var byHonour: [(key: String, totals: PaymentTotals)] = []
        /// Paid, by district.
        public var byDistrict: [(key: String, totals: PaymentTotals)] = []

        /// Creates a programme's figures.
        public init(id: String, title: String, periods: [String], payee: String, budget: Money?, deadline: SimpleDate?) {
            self.id = id
            self.title = title
            self.periods = periods
            self.payee = payee
            self.budget = budget
            self.deadline = deadline
        }

        /// 实际/预算.
        public var executionRate: Rate? { budget.flatMap { Rate(paid.amount.fen, of: $0.fen) } }
        /// 及时发放率.
        public var onTimeRate: Rate? { onTime.flatMap { Rate(Int64($0), of: Int64(paid.count)) } }
        /// 一次受理成功率.
        public var firstTimeAcceptedRate: Rate? { Rate(Int64(firstTimeAccepted), of: Int64(paid.count)) }

        public static func == (a: Programme, b: Programme) -> Bool {
            a.id == b.id && a.title == b.title && a.periods == b.periods && a.payee == b.payee && a.budget == b.budget
                && a.deadline == b.deadline && a.paid == b.paid && a.confirmed == b.confirmed && a.unconfirmed == b.unconfirmed
                && a.failed == b.failed && a.failedOpen == b.failedOpen && a.reissued == b.reissued && a.onTime == b.onTime
                && a.firstTimeAccepted == b.firstTimeAccepted && a.paidTwice == b.paidTwice
                && a.byHonour.elementsEqual(b.byHonour) { $0.key == $1.key && $0.totals == $1.totals }
                && a.byDistrict.elementsEqual(b.byDistrict) { $0.key == $1.key && $0.totals == $1.totals }
        }

        public func hash(into h: inout Hasher) {
            h.combine(id)
            h.combine(paid)
        }
    }
}

extension HonourLevel {
    /// The label of a level's raw value, or `未登记级别` for payments recorded without one.
    public static func label(forKey key: String) -> String {
        HonourLevel(rawValue: key)?.label ?? (key == "organisation" ? "单位（工作室）" : "未登记级别")
    }
}

extension YearFigures {
    /// `{"year":2017,"programmes":[{"programme","title","people","yuan","budget","executionRate",
    /// "onTimeRate","firstTimeAcceptedRate",…}]}`: amounts and rates as decimal strings.
    public func json(indicators: [Indicator]) -> JSONValue {
        func rate(_ r: Rate?) -> JSONValue { r.map { .string($0.decimal) } ?? .null }
        return .object([
            ("year", .int(year)),
            ("asOf", asOf.map { .string($0.description) } ?? .null),
            (
                "programmes",
                .array(
                    programmes.map { p in
                        .object([
                            ("programme", .string(p.id)), ("title", .string(p.title)), ("periods", .array(p.periods.map { .string($0) })),
                            ("payee", .string(p.payee)), ("people", .int(p.paid.count)), ("yuan", .string(p.paid.amount.decimalString)),
                            ("confirmed", p.confirmed.json), ("unconfirmed", p.unconfirmed.json),
                            ("budget", p.budget.map { .string($0.decimalString) } ?? .null), ("executionRate", rate(p.executionRate)),
                            ("deadline", p.deadline.map { .string($0.description) } ?? .null), ("onTimeRate", rate(p.onTimeRate)),
                            ("firstTimeAcceptedRate", rate(p.firstTimeAcceptedRate)), ("paidTwice", .int(p.paidTwice)),
                            ("failed", p.failed.json), ("failedOpen", p.failedOpen.json), ("reissued", p.reissued.json),
                            ("byHonour", .array(p.byHonour.map { .object([("honour", .string($0.key))] + $0.totals.jsonMembers) })),
                            ("byDistrict", .array(p.byDistrict.map { .object([("district", .string($0.key))] + $0.totals.jsonMembers) })),
                        ])
                    })
            ),
            (
                "indicators",
                .array(
                    indicators.map { i in
                        .object([
                            ("programme", i.programme.map { .string($0) } ?? .null), ("level1", .string(i.level1)), ("level2", .string(i.level2)), ("level3", .string(i.level3)),
                            ("target", .string(i.target)), ("actual", i.actual.map { .string($0) } ?? .null),
                            ("score", i.score.map { .int($0) } ?? .null), ("earned", i.earned.map { .string(Indicator.points($0)) } ?? .null),
                            ("leftToClerk", .bool(i.leftToClerk)), ("note", .string(i.note)),
                        ])
                    })
            ),
        ])
    }
}
