/// Rules of the unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters,
/// 登记管理部门 (1), 机构类别 (2), 登记管理机关行政区划码 (3-8), 主体标识码 (9-17), 校验码 (18).
public enum CreditCode {
    /// The code's characters in value order (0-30): digits and capitals without I, O, Z, S, V.
    public static let characterSet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// The weights of positions 1-17 (3^(i-1) mod 31).
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// The finding code of every problem but the check character.
    public static let formatCode = "org.uscc-format"
    /// The finding code of a check character that does not match.
    public static let checksumCode = "org.uscc-checksum"
    /// The region code of registrations made at national level (GB 32100: 国家用100000).
    public static let nationalRegion = "100000"

    /// The 机构类别 codes (position 2) each 登记管理部门 (position 1) uses, from the table the
    /// authorities published with GB 32100; 民政 also issues 4 and 5 (村民、居民委员会).
    public static let typeCodes: [Character: Set<Character>] = [
        "1": ["1", "2", "3", "9"],  // 机构编制
        "2": ["1", "9"],  // 外交
        "3": ["1", "2", "3", "4", "5", "9"],  // 司法行政
        "4": ["1", "9"],  // 文化
        "5": ["1", "2", "3", "4", "5", "9"],  // 民政
        "6": ["1", "2", "9"],  // 旅游
        "7": ["1", "2", "9"],  // 宗教
        "8": ["1", "9"],  // 工会
        "9": ["1", "2", "3"],  // 工商 (市场监管)
        "A": ["1", "9"],  // 中央军委改革和编制办公室
        "N": ["1", "2", "3", "9"],  // 农业
        "Y": ["1"],  // 其他
    ]

    /// Why a text is not a valid credit code, with the 1-based position it concerns.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Not 18 characters; the count the text has.
        case length(Int)
        /// A lowercase letter whose capital is in the set (never corrected silently).
        case lowercase(position: Int, character: Character)
        /// A character outside the code's set.
        case character(position: Int, character: Character)
        /// Position 1 is no registration authority.
        case authority(Character)
        /// Position 2 is no type the authority at position 1 uses.
        case type(authority: Character, type: Character)
        /// A letter among the region digits (positions 3-8).
        case regionCharacter(position: Int, character: Character)
        /// The region code does not start with a province code.
        case province(region: String)
        /// The region code is not in the region table.
        case region(String)
        /// Position 18 does not match positions 1-17 (the expected character is never told).
        case checksum

        /// The stable finding code: `org.uscc-checksum` or `org.uscc-format`.
        public var code: String { self == .checksum ? CreditCode.checksumCode : CreditCode.formatCode }

        /// The position concerned (1-based), nil for the length.
        public var position: Int? {
            switch self {
            case .length: nil
            case .lowercase(let p, _), .character(let p, _), .regionCharacter(let p, _): p
            case .authority: 1
            case .type: 2
            case .province, .region: 3
            case .checksum: 18
            }
        }

        /// What a district clerk reads, in Chinese, naming the position.
        public var message: String {
            let check = "请按营业执照或登记证书核对"
            switch self {
            case .length(let n): return "统一社会信用代码应为18位，所填为\(n)位，\(check)"
            case .lowercase(let p, let c):
                return "统一社会信用代码第\(p)位“\(c)”是小写字母，代码中的字母一律大写，请改写为大写后再核对"
            case .character(let p, let c):
                return "统一社会信用代码第\(p)位为\(CodeText.describe(c))，不是代码可用的字符\(CodeText.excludedLetterNote(c))，\(check)"
            case .authority(let c): return "统一社会信用代码第1位（登记管理部门代码）“\(c)”不是有效的部门代码，\(check)"
            case .type(let a, let t):
                return "统一社会信用代码第2位（机构类别代码）“\(t)”与第1位“\(a)”不相配，\(check)"
            case .regionCharacter(let p, let c):
                return "统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字，第\(p)位为\(CodeText.describe(c))，\(check)"
            case .province(let r):
                return "统一社会信用代码第3至8位（登记管理机关行政区划码）“\(r)”开头两位不是省级代码，\(check)"
            case .region(let r): return "统一社会信用代码第3至8位（登记管理机关行政区划码）“\(r)”不在行政区划代码表中，\(check)"
            case .checksum: return "统一社会信用代码第18位（校验码）与前17位不符，可能有字符填错，请按营业执照或登记证书逐位核对"
            }
        }

        /// English, for logs.
        public var description: String {
            switch self {
            case .length(let n): "credit code has \(n) characters, not 18"
            case .lowercase(let p, let c): "credit code position \(p): lowercase '\(c)'"
            case .character(let p, let c): "credit code position \(p): '\(c)' is outside the character set"
            case .authority(let c): "credit code position 1: unknown registration authority '\(c)'"
            case .type(let a, let t): "credit code position 2: type '\(t)' is not used by authority '\(a)'"
            case .regionCharacter(let p, let c): "credit code position \(p): region code has '\(c)', not a digit"
            case .province(let r): "credit code positions 3-8: region \(r) has no province code"
            case .region(let r): "credit code positions 3-8: region \(r) is not in the region table"
            case .checksum: "credit code position 18: check character does not match"
            }
        }
    }

    /// Checks a credit code as written (nothing is trimmed or upper-cased); nil when valid.
    /// With `regions`, the region code must also be listed there (or be the national 100000).
    public static func check(_ text: String, regions: RegionTable? = nil) -> Problem? {
        let chars = Array(text)
        guard chars.count == 18 else { return .length(chars.count) }
        if let p = characterProblem(chars) { return p }
        if let p = authorityProblem(chars[0], chars[1]) { return p }
        if let p = regionProblem(chars[2..<8], regions: regions) { return p }
        return checkCharacter(chars[0..<17]) == chars[17] ? nil : .checksum
    }

    /// True when `check` finds no problem.
    public static func isValid(_ text: String, regions: RegionTable? = nil) -> Bool {
        check(text, regions: regions) == nil
    }

    /// The check character for 17 characters of the set (for generators and tests; a
    /// validator's message never names it), or nil when `first17` is not such.
    public static func checkCharacter(for first17: String) -> Character? {
        let chars = Array(first17)
        return chars.count == 17 ? checkCharacter(chars[...]) : nil
    }

    /// The check character over 17 characters, nil when one is outside the set.
    static func checkCharacter(_ chars: ArraySlice<Character>) -> Character? {
        var sum = 0
        for (c, w) in zip(chars, weights) {
            guard let v = value[c] else { return nil }
            sum += v * w
        }
        return characterSet[(31 - sum % 31) % 31]
    }

    /// Each character's value.
    static let value: [Character: Int] = Dictionary(uniqueKeysWithValues: characterSet.enumerated().map { ($1, $0) })

    /// The first character outside the set, lowercase told apart.
    static func characterProblem(_ chars: [Character]) -> Problem? {
        guard let i = chars.firstIndex(where: { value[$0] == nil }) else { return nil }
        let c = chars[i]
        if c.isLowercase, c.isASCII, value[Character(c.uppercased())] != nil { return .lowercase(position: i + 1, character: c) }
        return .character(position: i + 1, character: c)
    }

    /// Positions 1 and 2 against the authorities' table.
    static func authorityProblem(_ authority: Character, _ type: Character) -> Problem? {
        guard let types = typeCodes[authority] else { return .authority(authority) }
        return types.contains(type) ? nil : .type(authority: authority, type: type)
    }

    /// Positions 3-8: six digits, a province code (or national), listed when a table is given.
    static func regionProblem(_ chars: ArraySlice<Character>, regions: RegionTable?) -> Problem? {
        if let i = chars.firstIndex(where: { !$0.isASCII || !$0.isNumber }) {
            return .regionCharacter(position: i + 1, character: chars[i])
        }
        let region = String(chars)
        if region == nationalRegion { return nil }
        guard IdentityNumber.provinceCodes.contains(String(region.prefix(2))) else { return .province(region: region) }
        if let regions, !regions.contains(region) { return .region(region) }
        return nil
    }
}

/// How a character a clerk typed is named in a message.
enum CodeText {
    /// The character in quotes, with a hint for full-width forms and spaces.
    static func describe(_ c: Character) -> String {
        if c == " " || c == "\u{3000}" || c == "\u{00A0}" { return "空格" }
        if let s = c.unicodeScalars.first, c.unicodeScalars.count == 1, (0xFF01...0xFF5E).contains(s.value) {
            return "全角字符“\(c)”（请改为半角）"
        }
        return "“\(c)”"
    }

    /// A note when the character is one of the letters the code leaves out (I, O, Z, S, V).
    static func excludedLetterNote(_ c: Character) -> String {
        ["I", "O", "Z", "S", "V"].contains(c.uppercased()) ? "（代码不使用字母I、O、Z、S、V）" : ""
    }
}
