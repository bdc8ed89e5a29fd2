/// A count of people and the yuan paid to them, summed from integer fen.
public struct PaymentTotals: Sendable, Hashable, CustomStringConvertible {
    /// Number of people (rows paid).
    public var count: Int
    /// Total amount.
    public var amount: Money

    /// Creates totals.
    public init(count: Int = 0, amount: Money = .zero) {
        self.count = count
        self.amount = amount
    }

    /// Adds one payment.
    public mutating func add(_ m: Money) {
        count += 1
        amount += m
    }

    /// Both sets of people and yuan together.
    public static func + (a: PaymentTotals, b: PaymentTotals) -> PaymentTotals {
        PaymentTotals(count: a.count + b.count, amount: a.amount + b.amount)
    }

    public static func += (a: inout PaymentTotals, b: PaymentTotals) { a = a + b }

    /// `{"people": 12, "yuan": "24000.00"}`, as `roster status` and `roster reconcile` print them.
    public var json: JSONValue { .object(jsonMembers) }

    /// The members of `json`, to put beside others in one object.
    public var jsonMembers: [(String, JSONValue)] { [("people", .int(count)), ("yuan", .string(amount.decimalString))] }

    /// `12 人 / 24000.00 元`.
    public var description: String { "\(count) 人 / \(amount.decimalString) 元" }
}
