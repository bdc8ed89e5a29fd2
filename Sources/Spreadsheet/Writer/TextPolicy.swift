/// What number text the writers store digit for digit, and which text they guard against
/// formula injection: the one rule for each, used by the XLSX and CSV writers, `roster convert`,
/// the return workbooks and the bank files.
public enum TextPolicy {
    /// `-?digits(.digits)?` (`2000`, `-12.50`, `0.5`): the only number text written verbatim.
    /// Not `.5`, `5.`, `1e3`, `+1`, `1,000` or an empty text.
    public static func isPlainDecimal(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        var digits = 0
        var sawPoint = false
        var afterPoint = 0
        for b in u {
            if b == UInt8(ascii: ".") {
                if sawPoint || digits == 0 { return false }
                sawPoint = true
            } else if b >= 48 && b <= 57 {
                if sawPoint { afterPoint += 1 } else { digits += 1 }
            } else {
                return false
            }
        }
        return digits > 0 && (!sawPoint || afterPoint > 0)
    }

    /// True when a spreadsheet opening a text file would evaluate this text as a formula or a
    /// command: it starts with `=`, `+`, `@`, a tab or a carriage return, or with `-` unless the
    /// whole text is a plain decimal (`-12.5` is a number, `-1+1` a formula).
    public static func isDangerous(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "-"): return !isPlainDecimal(text)
        default: return false
        }
    }

    /// `text` with a `'` in front when it ``isDangerous(_:)``, else unchanged.
    public static func formulaGuarded(_ text: String) -> String { isDangerous(text) ? "'" + text : text }
}
