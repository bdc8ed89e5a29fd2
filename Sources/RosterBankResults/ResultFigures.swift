import RosterCore

extension String {
    /// The text without leading and trailing ASCII spaces and tabs (a result line's fields),
    /// without Foundation's per-character work.
    var trimmingSpaces: String {
        let u = utf8
        guard let first = u.first, let last = u.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return self }
        var lo = u.startIndex
        var hi = u.endIndex
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { lo = u.index(after: lo) }
        while hi > lo, u[u.index(before: hi)] == 0x20 || u[u.index(before: hi)] == 0x09 { hi = u.index(before: hi) }
        return String(self[lo..<hi])
    }
}

/// Figures read from a bank's file, refused past sizes no real file has, so that adding them
/// up can never overflow: a line's amount up to 100 million yuan, a count up to 100 million, a
/// declared total up to 10 billion yuan.
enum Sane {
    static let maxLineFen: Int64 = 10_000_000_000
    static let maxTotalFen: Int64 = 1_000_000_000_000
    static let maxCount = 100_000_000

    /// A line's amount in yuan (2 decimals at most), or nil.
    static func amount(_ text: String) -> Money? { Money(decimal: text).flatMap { $0.fen >= 0 && $0.fen <= maxLineFen ? $0 : nil } }
    /// A line's amount in fen, or nil.
    static func amount(fen text: String) -> Money? { Int64(text).flatMap { $0 >= 0 && $0 <= maxLineFen ? Money(fen: $0) : nil } }
    /// A declared total in yuan, or nil.
    static func money(_ text: String) -> Money? { Money(decimal: text).flatMap { $0.fen >= 0 && $0.fen <= maxTotalFen ? $0 : nil } }
    /// A declared total in fen, or nil.
    static func money(fen text: String) -> Money? { Int64(text).flatMap { $0 >= 0 && $0 <= maxTotalFen ? Money(fen: $0) : nil } }
    /// A count, or nil.
    static func count(_ text: String) -> Int? { Int(text).flatMap { $0 >= 0 && $0 <= maxCount ? $0 : nil } }
    /// `a + b`, or nil past the largest total.
    static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (s, o) = a.addingReportingOverflow(b)
        return o || s > maxTotalFen * 1000 ? nil : s
    }
}

/// A value from a bank's file as a message shows it: long digit runs (accounts, identity
/// numbers) masked, long texts cut, so a shifted column never prints a clear account.
func shown(_ value: String) -> String {
    let digits = value.filter(\.isNumber).count
    if digits >= 10 { return Mask.account(value) }
    return value.count > 40 ? String(value.prefix(40)) + "…" : value
}

