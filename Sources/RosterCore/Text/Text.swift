/// What a normalisation changed in a value; recorded in the report, never shown as a finding.
public struct TextChanges: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    /// Creates a set from raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Full-width digits, letters or punctuation turned into ASCII.
    public static let fullWidth = TextChanges(rawValue: 1 << 0)
    /// Surrounding or inner spaces removed (or collapsed).
    public static let spaces = TextChanges(rawValue: 1 << 1)
    /// Non-breaking or zero-width spaces removed.
    public static let invisible = TextChanges(rawValue: 1 << 2)
    /// A middle-dot variant (・ • ‧ ∙) turned into U+00B7.
    public static let middleDot = TextChanges(rawValue: 1 << 3)
    /// A lower-case `x` check character turned into `X`.
    public static let lowercaseX = TextChanges(rawValue: 1 << 4)
    /// A currency sign or unit (`¥`, `元`) removed from an amount.
    public static let currency = TextChanges(rawValue: 1 << 5)
    /// Thousands separators removed from an amount.
    public static let thousands = TextChanges(rawValue: 1 << 6)
    /// A leading apostrophe (a spreadsheet's "text" marker) removed.
    public static let apostrophe = TextChanges(rawValue: 1 << 7)
    /// A wording variant of an honour or status mapped to its level.
    public static let wording = TextChanges(rawValue: 1 << 8)
    /// A number cell's binary rounding noise (`1912.5699999999999`) rounded to the fen.
    public static let floatNoise = TextChanges(rawValue: 1 << 9)

    /// Stable names for the report, in bit order.
    public var names: [String] {
        let all: [(TextChanges, String)] = [
            (.fullWidth, "full-width"), (.spaces, "spaces"), (.invisible, "invisible-space"),
            (.middleDot, "middle-dot"), (.lowercaseX, "lowercase-x"), (.currency, "currency-sign"),
            (.thousands, "thousands-separator"), (.apostrophe, "apostrophe"), (.wording, "wording"),
            (.floatNoise, "float-noise"),
        ]
        return all.filter { contains($0.0) }.map { $0.1 }
    }
}

/// Text clean-up shared by headers, names, identity numbers, accounts and amounts.
public enum TextNormalizer {
    /// How spaces are treated.
    public enum SpaceMode: Sendable {
        /// Remove every space (names, identity numbers, accounts, amounts).
        case removeAll
        /// Trim the ends and collapse inner runs to one ASCII space (free text).
        case collapse
    }

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x3000 || (v >= 0x2000 && v <= 0x200A)
            || v == 0x202F || v == 0x205F
    }
    @inline(__always)
    static func isInvisibleSpace(_ v: UInt32) -> Bool { v == 0x00A0 }
    @inline(__always)
    static func isZeroWidth(_ v: UInt32) -> Bool {
        v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF || v == 0x00AD
    }
    @inline(__always)
    static func isMiddleDotVariant(_ v: UInt32) -> Bool {
        v == 0x30FB || v == 0x2022 || v == 0x2027 || v == 0x2219 || v == 0xFF65 || v == 0x22C5 || v == 0x2E31
    }

    /// Cleans text: full-width ASCII to ASCII, spaces per `mode`, non-breaking and zero-width
    /// spaces dropped, and (when `middleDots`) middle-dot variants to U+00B7.
    public static func clean(_ text: String, mode: SpaceMode, middleDots: Bool = false) -> (String, TextChanges) {
        // Fast path: text with no byte that can start anything changed (most ASCII and most
        // Chinese text) is returned as is.
        if !needsCleaning(text, middleDots: middleDots) { return (text, []) }
        var changes: TextChanges = []
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            var v = s.value
            if v >= 0xFF01 && v <= 0xFF5E {
                v -= 0xFEE0
                changes.insert(.fullWidth)
            }
            if isZeroWidth(v) {
                changes.insert(.invisible)
                continue
            }
            if isInvisibleSpace(v) || isSpace(v) {
                if isInvisibleSpace(v) { changes.insert(.invisible) } else if v == 0x3000 { changes.insert(.fullWidth) }
                switch mode {
                case .removeAll:
                    changes.insert(.spaces)
                case .collapse:
                    if out.isEmpty || pendingSpace || v != 0x20 { changes.insert(.spaces) }
                    if !out.isEmpty { pendingSpace = true }
                }
                continue
            }
            if middleDots && isMiddleDotVariant(v) {
                v = 0xB7
                changes.insert(.middleDot)
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(Unicode.Scalar(v)!)
        }
        if pendingSpace { changes.insert(.spaces) }
        return (String(out), changes)
    }

    /// False when no byte of the text can start anything `clean` changes: no ASCII space or
    /// control, and no lead byte of U+0080–U+00BF (NBSP, soft hyphen), U+2000–U+2FFF (spaces,
    /// zero-width, bullets), U+3000–U+3FFF (ideographic space, katakana dot) or U+F000–U+FFFF
    /// (full-width forms, BOM). Most Chinese text (lead bytes E4–E9) passes untouched.
    @inline(__always)
    static func needsCleaning(_ text: String, middleDots: Bool) -> Bool {
        if let hit = text.utf8.withContiguousStorageIfAvailable({ buf -> Bool in
            for u in buf where u <= 0x20 || u == 0x7F || u == 0xC2 || u == 0xE2 || u == 0xE3 || u == 0xEF { return true }
            return false
        }) {
            return hit
        }
        for u in text.utf8 {
            if u <= 0x20 || u == 0x7F || u == 0xC2 || u == 0xE2 || u == 0xE3 || u == 0xEF { return true }
        }
        return false
    }

    /// A header's comparable form: ASCII, no spaces, no bracketed notes or units (`(元)`,
    /// `（必填）`, `【】`), no `*` or colons, lower-case.
    public static func headerKey(_ text: String) -> String {
        let (s, _) = clean(text, mode: .removeAll)
        var out = String.UnicodeScalarView()
        var depth = 0
        for sc in s.unicodeScalars {
            switch sc.value {
            case 0x28, 0x5B, 0x3010, 0x3014, 0x3008, 0x300A: depth += 1
            case 0x29, 0x5D, 0x3011, 0x3015, 0x3009, 0x300B: depth = max(0, depth - 1)
            case 0x2A, 0x3A, 0x2E, 0x3001, 0x3002: continue  // * : . 、 。
            default:
                if depth == 0 { out.append(sc) }
            }
        }
        if out.isEmpty {
            // The whole header is bracketed (`【备注】`): keep what is inside.
            return String(String.UnicodeScalarView(s.unicodeScalars.filter { !"()[]【】〔〕〈〉《》*:.、。".unicodeScalars.contains($0) }))
                .lowercased()
        }
        return String(out).lowercased()
    }

    /// True when the text, with spaces and punctuation removed, is a totals label
    /// (合计, 总计, 小计, 合计：, 本页合计, 总合计…).
    public static func isTotalsLabel(_ text: String) -> Bool {
        // Fast refusal: every label contains 计 (E8 AE A1) or is "total" (t/T, or full-width).
        var p2: UInt8 = 0
        var p1: UInt8 = 0
        var n = 0
        var candidate = false
        for b in text.utf8 {
            n += 1
            if n > 64 { return false }
            if (p2 == 0xE8 && p1 == 0xAE && b == 0xA1) || b == 0x74 || b == 0x54 || b == 0xEF { candidate = true }
            p2 = p1
            p1 = b
        }
        if !candidate { return false }
        let k = headerKey(text)
        guard k.unicodeScalars.count <= 6 else { return false }
        return k.hasSuffix("合计") || k.hasSuffix("总计") || k.hasSuffix("小计") || k == "合" + "计" || k == "total"
    }
}

/// Masks personal values for logs, terminals and reports.
public enum Mask {
    /// Free text with every run of ten or more ASCII digits (an account or an identity number,
    /// with its check character) masked: a bank's words, a cell of a column no template names.
    public static func numbers(in text: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += run.count >= 10 ? account(run) : run
            run = ""
        }
        for ch in text {
            if ch.isASCII && (ch.isNumber || (ch == "X" || ch == "x") && run.count >= 14) {
                run.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }

    /// An identity number: first 6 and last 4 kept (`530102********123X`); shorter values keep
    /// only their last 2. The one mask of identity numbers: messages, reports, bank-file errors
    /// and the ledger's stored form all use it.
    public static func identity(_ s: String) -> String {
        // ASCII without CR (each byte one character, as every real number): slice the bytes.
        if s.utf8.count >= 14, s.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return maskedASCII(s, keepFirst: 6, keepLast: 4)
        }
        let c = Array(s)
        if c.count >= 14 { return String(c.prefix(6)) + String(repeating: "*", count: c.count - 10) + String(c.suffix(4)) }
        if c.count > 4 { return String(repeating: "*", count: c.count - 2) + String(c.suffix(2)) }
        return String(repeating: "*", count: c.count)
    }

    /// ASCII `s` (one byte a character) with all but its first and last bytes starred, written
    /// straight into the new string: masks run for every payment and every finding.
    private static func maskedASCII(_ s: String, keepFirst: Int, keepLast: Int) -> String {
        var s = s
        return s.withUTF8 { u in
            let n = u.count
            return String(unsafeUninitializedCapacity: n) { out in
                for i in 0..<n { out[i] = i < keepFirst || i >= n - keepLast ? u[i] : 0x2A }
                return n
            }
        }
    }

    /// An account number: first 4 and last 4 kept.
    public static func account(_ s: String) -> String {
        // Account numbers are ASCII digits: masked on their bytes, without Characters.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            let n = s.utf8.count
            return n > 8 ? maskedASCII(s, keepFirst: 4, keepLast: 4) : maskedASCII(s, keepFirst: 0, keepLast: n > 2 ? 2 : 0)
        }
        let c = Array(s)
        if c.count > 8 { return String(c.prefix(4)) + String(repeating: "*", count: c.count - 8) + String(c.suffix(4)) }
        if c.count > 2 { return String(repeating: "*", count: c.count - 2) + String(c.suffix(2)) }
        return String(repeating: "*", count: c.count)
    }

    /// A name: the first character kept (`王*`, `欧**`).
    public static func name(_ s: String) -> String {
        let c = Array(s)
        guard let f = c.first else { return "" }
        return String(f) + String(repeating: "*", count: max(1, c.count - 1))
    }

    /// A phone number: first 3 and last 4 kept.
    public static func phone(_ s: String) -> String {
        let c = Array(s)
        if c.count > 7 { return String(c.prefix(3)) + String(repeating: "*", count: c.count - 7) + String(c.suffix(4)) }
        return account(s)
    }
}

/// Runs `body` over the UTF-8 bytes of `s` without copying them: native and small strings are
/// contiguous (anything else is copied once). Byte loops over identity numbers and amounts run
/// for every row; iterating `String.UTF8View` element by element cost several times more.
@inline(__always)
@inlinable package func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}
