/// Rules of a corporate bank account number (对公账号): 8 to 32 digits, spaces allowed between
/// groups. Corporate accounts carry no Luhn check digit, so none is applied.
public enum CorporateAccount {
    /// The finding code of every account problem.
    public static let code = "org.account-format"
    /// The number of digits an account may have.
    public static let digitCount = 8...32

    /// Why a text is not a corporate account number.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// A character other than a digit or a space, at its 1-based position in the text as written.
        case character(position: Int, character: Character)
        /// The digit count (spaces removed) is outside 8...32.
        case length(Int)

        /// The stable finding code, `org.account-format`.
        public var code: String { CorporateAccount.code }

        /// What a district clerk reads, in Chinese, naming the position.
        public var message: String {
            switch self {
            case .character(let p, let c):
                return "对公账号第\(p)位为\(CodeText.describe(c))，账号只能由数字组成（可用空格分组），请按开户许可证或银行回单核对"
            case .length(let n): return "对公账号应为8至32位数字，去掉空格后为\(n)位，请按开户许可证或银行回单核对"
            }
        }

        /// English, for logs.
        public var description: String {
            switch self {
            case .character(let p, let c): "corporate account position \(p): '\(c)' is not a digit"
            case .length(let n): "corporate account has \(n) digits, not 8 to 32"
            }
        }
    }

    /// Checks an account as written (ASCII spaces are separators); nil when valid.
    public static func check(_ account: String) -> Problem? {
        var digits = 0
        for (i, c) in account.enumerated() where c != " " {
            guard c.isASCII, c.isNumber else { return .character(position: i + 1, character: c) }
            digits += 1
        }
        return digitCount.contains(digits) ? nil : .length(digits)
    }

    /// The account's digits without the spaces, or nil when it has a problem.
    public static func digits(_ account: String) -> String? {
        check(account) == nil ? account.filter { $0 != " " } : nil
    }
}

/// Rules of a bank's CNAPS code (联行号, 大额支付系统行号): exactly 12 digits.
public enum BankCode {
    /// The finding code of every bank-code problem.
    public static let code = "org.bank-code"

    /// Why a text is not a bank code.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// A character other than a digit, at its 1-based position.
        case character(position: Int, character: Character)
        /// Not 12 digits; the count the text has.
        case length(Int)

        /// The stable finding code, `org.bank-code`.
        public var code: String { BankCode.code }

        /// What a district clerk reads, in Chinese, naming the position.
        public var message: String {
            switch self {
            case .character(let p, let c): return "联行号第\(p)位为\(CodeText.describe(c))，联行号只能由12位数字组成，请向开户银行核对"
            case .length(let n): return "联行号应为12位数字，所填为\(n)位，请向开户银行核对"
            }
        }

        /// English, for logs.
        public var description: String {
            switch self {
            case .character(let p, let c): "bank code position \(p): '\(c)' is not a digit"
            case .length(let n): "bank code has \(n) characters, not 12"
            }
        }
    }

    /// Checks a bank code as written (nothing trimmed); nil when valid.
    public static func check(_ text: String) -> Problem? {
        var count = 0
        for (i, c) in text.enumerated() {
            guard c.isASCII, c.isNumber else { return .character(position: i + 1, character: c) }
            count += 1
        }
        return count == 12 ? nil : .length(count)
    }
}
