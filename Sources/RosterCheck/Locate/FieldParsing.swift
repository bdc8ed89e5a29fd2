import Spreadsheet
import RosterCore

/// An identity number as read from a cell.
public struct ParsedIdentity: Sendable, Hashable {
    /// What is wrong with its shape, if anything.
    public enum Problem: Sendable, Hashable {
        /// The cell is empty.
        case missing
        /// Stored as a number with more than 15 significant digits: digits already lost.
        case precisionLost
        /// Wrong length or characters.
        case format
    }

    /// The cleaned text (18 characters when `problem` is nil; legacy numbers upgraded).
    public var value: String
    /// The problem, or nil when 18 well-formed characters.
    public var problem: Problem?
    /// True when a 15-digit legacy number was upgraded.
    public var upgradedLegacy: Bool
    /// What cleaning changed.
    public var changes: TextChanges
}

/// Field parsers shared by the roster validator and the register loader.
public enum FieldParsing {
    /// Parses an identity number cell: cleans spaces, full-width characters, a leading
    /// apostrophe and a lower-case `x`, detects numbers that lost digits, upgrades 15 digits.
    public static func identity(_ cell: Cell?) -> ParsedIdentity { identity(FieldText(cell)) }

    /// `identity(_:)` on a cell's raw text and number-ness.
    static func identity(_ cell: FieldText?) -> ParsedIdentity {
        guard let cell else { return ParsedIdentity(value: "", problem: .missing, upgradedLegacy: false, changes: []) }
        var (s, changes) = TextNormalizer.clean(cell.raw, mode: .removeAll)
        if s.isEmpty { return ParsedIdentity(value: "", problem: .missing, upgradedLegacy: false, changes: changes) }
        if s.hasPrefix("'") {
            s.removeFirst()
            changes.insert(.apostrophe)
        }
        let isNumberCell = cell.isNumber
        if let expanded = expandScientific(s) {
            // E notation: only exact when it spells 15 digits or fewer.
            if expanded.count > 15 {
                return ParsedIdentity(value: s, problem: .precisionLost, upgradedLegacy: false, changes: changes)
            }
            s = expanded
        } else if isNumberCell {
            if s.hasSuffix(".0") { s.removeLast(2) }
            let digits = s.utf8.filter { $0 >= 48 && $0 <= 57 }
            let significant = digits.drop(while: { $0 == 48 }).reversed().drop(while: { $0 == 48 })
            if significant.count > 15 {
                return ParsedIdentity(value: s, problem: .precisionLost, upgradedLegacy: false, changes: changes)
            }
        }
        if s.utf8.last == UInt8(ascii: "x") {
            s = String(s.dropLast()) + "X"
            changes.insert(.lowercaseX)
        }
        if s.utf8.count == 15, let up = IdentityNumber.upgradeLegacy(s) {
            return ParsedIdentity(value: up, problem: nil, upgradedLegacy: true, changes: changes)
        }
        if IdentityNumber.isWellFormed18(s) {
            return ParsedIdentity(value: s, problem: nil, upgradedLegacy: false, changes: changes)
        }
        return ParsedIdentity(value: s, problem: .format, upgradedLegacy: false, changes: changes)
    }

    /// `5.30102198001011E+17` -> the digits it spells (`530102198001011000`); nil when not E notation.
    static func expandScientific(_ s: String) -> String? {
        guard withUTF8Bytes(s, { $0.contains { $0 == 0x45 || $0 == 0x65 } }), let e = s.firstIndex(where: { $0 == "E" || $0 == "e" }), let exp = Int(s[s.index(after: e)...]), exp >= 0, exp < 40
        else { return nil }
        let mant = s[..<e]
        let parts = mant.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let ip = parts.first, !ip.isEmpty, ip.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let fp = parts.count > 1 ? parts[1] : ""
        guard fp.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), fp.count <= exp else { return nil }
        return String(ip) + String(fp) + String(repeating: "0", count: exp - fp.count)
    }

    /// A name: every space removed, full-width letters to ASCII, middle dots unified.
    public static func name(_ cell: Cell?) -> (String, TextChanges) { name(FieldText(cell)) }

    /// `name(_:)` on a cell's raw text.
    static func name(_ cell: FieldText?) -> (String, TextChanges) {
        guard let cell else { return ("", []) }
        return TextNormalizer.clean(cell.raw, mode: .removeAll, middleDots: true)
    }

    /// Free text: trimmed, inner spaces collapsed.
    public static func text(_ cell: Cell?) -> (String, TextChanges) { text(FieldText(cell)) }

    /// `text(_:)` on a cell's raw text.
    static func text(_ cell: FieldText?) -> (String, TextChanges) {
        guard let cell else { return ("", []) }
        return TextNormalizer.clean(cell.raw, mode: .collapse)
    }

    /// 男 -> true, 女 -> false, anything else nil.
    public static func isMale(_ text: String) -> Bool? {
        if text == "男" { return true }
        if text == "女" { return false }
        switch TextNormalizer.headerKey(text) {
        case "男", "男性", "m", "male": return true
        case "女", "女性", "f", "female": return false
        default: return nil
        }
    }

    /// An account number cell: spaces removed, full-width digits to ASCII; `precisionLost`
    /// when it was stored as a number with more than 15 significant digits.
    public static func account(_ cell: Cell?) -> (value: String, precisionLost: Bool, changes: TextChanges) {
        account(FieldText(cell))
    }

    /// `account(_:)` on a cell's raw text and number-ness.
    static func account(_ cell: FieldText?) -> (value: String, precisionLost: Bool, changes: TextChanges) {
        guard let cell else { return ("", false, []) }
        var (s, changes) = TextNormalizer.clean(cell.raw, mode: .removeAll)
        if s.hasPrefix("'") {
            s.removeFirst()
            changes.insert(.apostrophe)
        }
        if let ex = expandScientific(s) { return (ex, ex.count > 15, changes) }
        if cell.isNumber {
            if s.hasSuffix(".0") { s.removeLast(2) }
            let sig = s.utf8.filter { $0 >= 48 && $0 <= 57 }.drop(while: { $0 == 48 }).reversed().drop(while: { $0 == 48 })
            return (s, sig.count > 15, changes)
        }
        return (s, false, changes)
    }

    /// An amount from the cell's raw text (never through a Double): `¥`, `元`, `RMB` and
    /// well-placed thousands separators removed; binary noise of number cells rounded to the fen.
    public static func amount(_ cell: Cell?) -> (money: Money?, empty: Bool, changes: TextChanges) {
        amount(FieldText(cell))
    }

    /// `amount(_:)` on a cell's raw text and number-ness.
    static func amount(_ cell: FieldText?) -> (money: Money?, empty: Bool, changes: TextChanges) {
        guard let cell else { return (nil, true, []) }
        var (s, changes) = TextNormalizer.clean(cell.raw, mode: .removeAll)
        if s.isEmpty { return (nil, true, changes) }
        let isNumber = cell.isNumber
        // Fast path: only digits and one point (the usual `1500` / `1500.00`): no sign, unit or
        // separator to strip, and the value is read straight from the bytes.
        if let m = withUTF8Bytes(s, Money.plainDecimal) { return (m, false, changes) }
        if !isNumber, !isNumberSyntax(s) {
            var t = s
            for sym in ["¥", "￥", "RMB", "rmb", "人民币", "元整", "元"] where t.contains(sym) {
                t = t.replacingOccurrences(of: sym, with: "")
                changes.insert(.currency)
            }
            if t.contains(",") || t.contains("，") {
                t = t.replacingOccurrences(of: "，", with: ",")
                guard thousandsWellPlaced(t) else { return (nil, false, changes) }
                t = t.replacingOccurrences(of: ",", with: "")
                changes.insert(.thousands)
            }
            s = t
        }
        guard isNumberSyntax(s) else { return (nil, false, changes) }
        if let m = Money(decimal: s) { return (m, false, changes) }
        if isNumber, let m = roundBinaryNoise(s) {
            changes.insert(.floatNoise)
            return (m, false, changes)
        }
        return (nil, false, changes)
    }

    /// True when every byte is a digit, `.`, `-`, `+`, `E` or `e` (no currency sign, unit or
    /// separator can be present).
    @inline(__always)
    static func isNumberSyntax(_ s: String) -> Bool {
        s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 43 || $0 == 69 || $0 == 101 }
    }

    /// `1,234,567.50` has separators every three digits left of the point.
    static func thousandsWellPlaced(_ t: String) -> Bool {
        let intPart = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let body = intPart.hasPrefix("-") || intPart.hasPrefix("+") ? intPart.dropFirst() : intPart
        let groups = body.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 } && !t.split(separator: ".").dropFirst().contains { $0.contains(",") }
    }

    /// `1912.5699999999999` or `1912.5700000000001` -> 1912.57; nil when the third decimal
    /// onward is not a run of 9s or 0s (a real fraction of a fen).
    static func roundBinaryNoise(_ s: String) -> Money? {
        guard !s.contains("e"), !s.contains("E") else { return nil }
        let parts = s.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[1].count > 2 else { return nil }
        let tail = parts[1].dropFirst(2)
        let zeros = tail.prefix(while: { $0 == "0" }).count
        let nines = tail.prefix(while: { $0 == "9" }).count
        guard zeros >= 6 || nines >= 6 else { return nil }
        guard let base = Money(decimal: String(parts[0]) + "." + String(parts[1].prefix(2))) else { return nil }
        if nines >= 6 { return base.fen < 0 ? base - Money(fen: 1) : base + Money(fen: 1) }
        return base
    }
}
