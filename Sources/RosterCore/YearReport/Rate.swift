/// A share as a whole number of hundredths of a percent (`9863` is 98.63%), computed from
/// integers: rates in the year report never go through floating point.
public struct Rate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Hundredths of a percent.
    public var basisPoints: Int

    /// Creates a rate from hundredths of a percent.
    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// `part / whole`, rounded half up to 0.01%; nil when `whole` is zero.
    public init?(_ part: Int64, of whole: Int64) {
        guard whole > 0 else { return nil }
        basisPoints = Int((part * 20_000 + whole) / (2 * whole))
    }

    /// Parses `98`, `98.5` or `98.63` (percent, at most two decimals).
    public init?(percent text: String) {
        let p = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(p.count), let whole = Int(p[0]), whole >= 0, p[0].allSatisfy(\.isNumber) else { return nil }
        var frac = 0
        if p.count == 2 {
            guard (1...2).contains(p[1].count), p[1].allSatisfy(\.isNumber), let f = Int(p[1]) else { return nil }
            frac = p[1].count == 1 ? f * 10 : f
        }
        basisPoints = whole * 100 + frac
    }

    /// 100%.
    public static let full = Rate(basisPoints: 10_000)

    /// `98.63%`.
    public var description: String { decimal + "%" }

    /// `98.63` (the JSON form: a decimal string of percent).
    public var decimal: String {
        let frac = basisPoints % 100
        return "\(basisPoints / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    public static func < (a: Rate, b: Rate) -> Bool { a.basisPoints < b.basisPoints }
}
