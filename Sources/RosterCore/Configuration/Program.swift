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
    /// Honour levels eligible for payment.
    public var eligibleHonours: [HonourLevel]
    /// The amount rule.
    public var amount: AmountRule
    /// The total budget.
    public var budget: Money
    /// Always `CNY`.
    public var currency: String
    /// The paying account.
    public var payer: Payer

    /// Creates a programme in code.
    public init(
        id: String, title: String, period: String, date: SimpleDate? = nil, eligibleHonours: [HonourLevel],
        amount: AmountRule, budget: Money, currency: String = "CNY", payer: Payer
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
        self.budget = budget
        self.currency = currency
        self.payer = payer
    }

    /// Parses and checks a programme's JSON; errors name the file and JSON path.
    public init(json data: Data, file: String) throws(ConfigError) {
        let root = try JSONCursor.parse(data, file: file)
        _ = try root.object(allowed: [
            "id", "title", "period", "date", "eligibleHonours", "amount", "budget", "currency", "payer", "$schema",
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
        var levels: [HonourLevel] = []
        let ehC = try root.member("eligibleHonours")
        for c in try ehC.array(minCount: 1) {
            let s = try c.string()
            guard let l = HonourLevel(rawValue: s) else { throw c.fail("must be national, provincial or municipal (got \"\(s)\")") }
            if levels.contains(l) { throw c.fail("\"\(s)\" is listed twice") }
            levels.append(l)
        }
        let aC = try root.member("amount")
        let a = try aC.object()
        let rule: AmountRule
        switch Set(a.keys) {
        case ["fixed"]: rule = .fixed(try aC.member("fixed").money())
        case ["max"]: rule = .max(try aC.member("max").money())
        case ["min", "max"]:
            let lo = try aC.member("min").money()
            let hi = try aC.member("max").money()
            guard lo <= hi else { throw aC.fail("min must not exceed max") }
            rule = .range(min: lo, max: hi)
        default:
            throw aC.fail("must be {\"fixed\": …}, {\"max\": …} or {\"min\": …, \"max\": …}")
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
            amount: rule, budget: budget, payer: payer)
    }

    /// Loads a programme file.
    public static func load(path: String) throws(ConfigError) -> Program {
        try Program(json: try readConfigFile(path), file: path)
    }

    static func isIdChar(_ u: UInt8) -> Bool {
        (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u == 46 || u == 45 || u == 95
    }
}
