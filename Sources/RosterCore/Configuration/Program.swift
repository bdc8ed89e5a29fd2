import Foundation

/// A payment programme (`--program FILE`, schema `Schemas/program.schema.json`).
public struct Program: Sendable, Hashable {
    /// The amount rule of a programme.
    public enum AmountRule: Sendable, Hashable {
        /// Everyone gets exactly this amount.
        case fixed(Money)
        /// Up to this amount.
        case max(Money)
        /// Between the two amounts, inclusive.
        case range(min: Money, max: Money)
        /// At least this amount.
        case min(Money)
    }

    /// An amount rule for the payees of one honour level and/or one category (补助类别 /
    /// 津贴类型 column); the first rule that fits a row applies, else the programme's `amount`.
    public struct ScopedRule: Sendable, Hashable {
        /// The honour level it applies to (any when nil).
        public var honour: HonourLevel?
        /// The category it applies to, as written in the programme (any when nil).
        public var category: String?
        /// The rule.
        public var rule: AmountRule

        /// Creates a rule.
        public init(honour: HonourLevel? = nil, category: String? = nil, rule: AmountRule) {
            self.honour = honour
            self.category = category
            self.rule = rule
        }

        /// True when it applies to a payee of `level` whose category cell reads `category`.
        public func fits(level: HonourLevel?, category written: String) -> Bool {
            if let honour, honour != level { return false }
            if let category, TextNormalizer.headerKey(category) != TextNormalizer.headerKey(written) { return false }
            return true
        }

        /// `省部级劳动模范、“生活困难补助”` (for messages).
        public var scope: String {
            [honour?.label, category.map { "“\($0)”" }].compactMap { $0 }.joined(separator: "、")
        }
    }

    /// Whom a programme pays.
    public enum Payee: String, Sendable, Hashable {
        /// Model workers, by identity number.
        case person
        /// Organisations (a model-worker innovation studio's host), by unified social credit code.
        case organisation
    }

    /// Where a programme's payees come from.
    public enum PayeesFrom: String, Sendable, Hashable {
        /// The districts' rosters.
        case rosters
        /// The honour register itself: every holder of the eligible levels, alive and holding
        /// the honour on the reference date, paid into the account an account list gives.
        case register
    }

    /// Who pays: the payer's account.
    public struct Payer: Sendable, Hashable {
        /// Account holder name.
        public var name: String
        /// Account number.
        public var account: String
        /// Bank name.
        public var bank: String
        /// Optional bank code (联行号).
        public var bankCode: String?
    }

    /// Stable identifier (`2017-midautumn-hardship`).
    public var id: String
    /// Title written on the finance workbook.
    public var title: String
    /// `YYYY-MM`.
    public var period: String
    /// The reference date: ages are computed on it; the last day of the period unless given.
    public var date: SimpleDate
    /// Whether `date` was given in the file.
    public var dateGiven: Bool
    /// The day by which the payments are due (the year report's 及时发放率), when set.
    public var deadline: SimpleDate?
    /// Whom it pays.
    public var payee: Payee = .person
    /// Where its payees come from.
    public var payeesFrom: PayeesFrom = .rosters
    /// Honour levels eligible for payment.
    public var eligibleHonours: [HonourLevel]
    /// The amount rule for payees no scoped rule fits (nil: every payee needs a scoped rule).
    public var amount: AmountRule?
    /// Amount rules by honour level and category, tried in order before `amount`.
    public var amountRules: [ScopedRule]
    /// The total budget.
    public var budget: Money
    /// Always `CNY`.
    public var currency: String
    /// The paying account.
    public var payer: Payer

    /// Creates a programme in code.
    public init(
        id: String, title: String, period: String, date: SimpleDate? = nil, eligibleHonours: [HonourLevel],
        amount: AmountRule?, amountRules: [ScopedRule] = [], budget: Money, currency: String = "CNY", payer: Payer
    ) {
        self.id = id
        self.title = title
        self.period = period
        let parts = period.split(separator: "-")
        let y = Int(parts.first ?? "") ?? 2000
        let m = parts.count > 1 ? Int(parts[1]) ?? 12 : 12
        self.date = date ?? SimpleDate(year: y, month: m, day: SimpleDate.days(in: m, year: y))
        self.dateGiven = date != nil
        self.eligibleHonours = eligibleHonours
        self.amount = amount
        self.amountRules = amountRules
        self.budget = budget
        self.currency = currency
        self.payer = payer
    }

    /// Parses and checks a programme's JSON; errors name the file and JSON path.
    public init(json data: Data, file: String) throws(ConfigError) {
        let root = try JSONCursor.parse(data, file: file)
        _ = try root.object(allowed: [
            "id", "title", "period", "date", "deadline", "eligibleHonours", "amount", "amountRules", "budget", "currency", "payer",
            "payee", "payeesFrom", "$schema",
        ])
        let idC = try root.member("id")
        let id = try idC.string()
        guard let f = id.utf8.first, Program.isIdChar(f) && f != 46 && f != 45 && f != 95, id.utf8.allSatisfy(Program.isIdChar)
        else { throw idC.fail("must be letters, digits, '.', '_' or '-' (got \"\(id)\")") }
        let periodC = try root.member("period")
        let period = try periodC.string()
        let pp = period.split(separator: "-", omittingEmptySubsequences: false)
        guard pp.count == 2, pp[0].count == 4, pp[1].count == 2, Int(pp[0]) != nil, let m = Int(pp[1]), (1...12).contains(m)
        else { throw periodC.fail("must be YYYY-MM, like \"2017-09\" (got \"\(period)\")") }
        var date: SimpleDate? = nil
        if let dc = try root.optionalMember("date") {
            let t = try dc.string()
            guard let d = SimpleDate(iso: t) else { throw dc.fail("must be a real date YYYY-MM-DD (got \"\(t)\")") }
            date = d
        }
        var deadline: SimpleDate? = nil
        if let dc = try root.optionalMember("deadline") {
            let t = try dc.string()
            guard let d = SimpleDate(iso: t) else { throw dc.fail("must be a real date YYYY-MM-DD (got \"\(t)\")") }
            deadline = d
        }
        var levels: [HonourLevel] = []
        let ehC = try root.member("eligibleHonours")
        for c in try ehC.array(minCount: 1) {
            let s = try c.string()
            guard let l = HonourLevel(rawValue: s) else { throw c.fail("must be national, provincial or municipal (got \"\(s)\")") }
            if levels.contains(l) { throw c.fail("\"\(s)\" is listed twice") }
            levels.append(l)
        }
        let rule = try root.optionalMember("amount").map { c throws(ConfigError) in try Program.rule(c, also: []) }
        let scoped = try Program.scopedRules(try root.optionalMember("amountRules"))
        if rule == nil && scoped.isEmpty {
            throw root.fail("needs \"amount\" (one rule for everyone) or \"amountRules\" (rules by honour level and category)")
        }
        let budget = try root.member("budget").money()
        let curC = try root.member("currency")
        guard try curC.string() == "CNY" else { throw curC.fail("must be \"CNY\"") }
        let pC = try root.member("payer")
        _ = try pC.object(allowed: ["name", "account", "bank", "bankCode"])
        let payer = Payer(
            name: try pC.member("name").string(), account: try pC.member("account").string(),
            bank: try pC.member("bank").string(), bankCode: try pC.optionalMember("bankCode")?.string())
        self.init(
            id: id, title: try root.member("title").string(), period: period, date: date, eligibleHonours: levels,
            amount: rule, amountRules: scoped, budget: budget, payer: payer)
        self.deadline = deadline
        if let c = try root.optionalMember("payee") {
            let t = try c.string()
            guard let p = Payee(rawValue: t) else { throw c.fail("must be \"person\" or \"organisation\" (got \"\(t)\")") }
            payee = p
        }
        if let c = try root.optionalMember("payeesFrom") {
            let t = try c.string()
            guard let f = PayeesFrom(rawValue: t) else { throw c.fail("must be \"rosters\" or \"register\" (got \"\(t)\")") }
            payeesFrom = f
        }
        if payee == .organisation && payeesFrom == .register {
            throw root.fail("an organisation programme is paid from rosters: the register lists people, not organisations")
        }
    }

    /// The amount rule that applies to a payee of `level` whose category cell reads `category`.
    public func amountRule(level: HonourLevel?, category: String) -> AmountRule? {
        amountRules.first { $0.fits(level: level, category: category) }?.rule ?? amount
    }

    /// `{"fixed": …}`, `{"max": …}`, `{"min": …}` or `{"min": …, "max": …}`, with the other keys
    /// in `also` allowed beside.
    static func rule(_ c: JSONCursor, also: Set<String>) throws(ConfigError) -> AmountRule {
        let keys = Set(try c.object().keys).subtracting(also)
        switch keys {
        case ["fixed"]: return .fixed(try c.member("fixed").money())
        case ["max"]: return .max(try c.member("max").money())
        case ["min"]: return .min(try c.member("min").money())
        case ["min", "max"]:
            let lo = try c.member("min").money()
            let hi = try c.member("max").money()
            guard lo <= hi else { throw c.fail("min must not exceed max") }
            return .range(min: lo, max: hi)
        default:
            throw c.fail("must be {\"fixed\": …}, {\"max\": …}, {\"min\": …} or {\"min\": …, \"max\": …}")
        }
    }

    /// `amountRules`: each with an optional `honour` and `category`, and a rule; no two with the
    /// same scope.
    static func scopedRules(_ c: JSONCursor?) throws(ConfigError) -> [ScopedRule] {
        guard let c else { return [] }
        var rules: [ScopedRule] = []
        for item in try c.array(minCount: 1) {
            _ = try item.object(allowed: ["honour", "category", "fixed", "max", "min"])
            var level: HonourLevel? = nil
            if let h = try item.optionalMember("honour") {
                let s = try h.string()
                guard let l = HonourLevel(rawValue: s) else { throw h.fail("must be national, provincial or municipal (got \"\(s)\")") }
                level = l
            }
            var category: String? = nil
            if let cc = try item.optionalMember("category") {
                let s = try cc.string()
                guard !TextNormalizer.headerKey(s).isEmpty else { throw cc.fail("must not be empty") }
                category = s
            }
            let rule = ScopedRule(honour: level, category: category, rule: try Program.rule(item, also: ["honour", "category"]))
            if rules.contains(where: { $0.honour == level && $0.category.map(TextNormalizer.headerKey) == category.map(TextNormalizer.headerKey) }) {
                throw item.fail("another rule already has this honour and category")
            }
            rules.append(rule)
        }
        return rules
    }

    /// Loads a programme file.
    public static func load(path: String) throws(ConfigError) -> Program {
        try Program(json: try readConfigFile(path), file: path)
    }

    static func isIdChar(_ u: UInt8) -> Bool {
        (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u == 46 || u == 45 || u == 95
    }
}
