/// Chinese capital amount words (大写金额) for cheques, vouchers and disbursement sheets.
public enum RMBWords {
    /// Why an amount has no capital words.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Negative amounts are refused.
        case negative
        /// Above 999,999,999,999.99 yuan.
        case tooLarge

        public var description: String {
            switch self {
            case .negative: return "negative amounts have no capital words"
            case .tooLarge: return "the amount exceeds 999,999,999,999.99 yuan"
            }
        }
    }

    /// The largest amount accepted, in fen.
    public static let maximumFen: Int64 = 99_999_999_999_999

    private static let digits: [String] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    private static let smallUnits: [String] = ["", "拾", "佰", "仟"]
    private static let groupUnits: [String] = ["", "万", "亿"]

    /// The capital words of an amount: `壹佰零伍万叁仟伍佰元整`.
    ///
    /// 整 follows 元 when there are no 角 and 分, and follows 角 when there is no 分; each run of
    /// zero digits between non-zero digits is one 零 (壹仟零壹拾元零壹分); 10–19 read 壹拾…;
    /// zero is 零元整.
    public static func capital(_ amount: Money) throws(Failure) -> String {
        guard amount.fen >= 0 else { throw .negative }
        guard amount.fen <= maximumFen else { throw .tooLarge }
        if amount.fen == 0 { return "零元整" }
        let yuan = amount.fen / 100
        let jiao = Int((amount.fen / 10) % 10)
        let fen = Int(amount.fen % 10)
        var out = ""
        var started = false
        var pendingZero = false
        if yuan > 0 {
            let ds = Array(String(yuan).utf8).map { Int($0) - 48 }
            var groupHasDigit = false
            for (i, d) in ds.enumerated() {
                let p = ds.count - 1 - i  // power of ten
                if d == 0 {
                    if started { pendingZero = true }
                } else {
                    if pendingZero { out += "零" }
                    pendingZero = false
                    out += digits[d] + smallUnits[p % 4]
                    started = true
                    groupHasDigit = true
                }
                if p % 4 == 0 {
                    if p > 0, groupHasDigit { out += groupUnits[p / 4] }
                    groupHasDigit = false
                }
            }
            out += "元"
        }
        for (d, unit) in [(jiao, "角"), (fen, "分")] {
            if d == 0 {
                if started { pendingZero = true }
            } else {
                if pendingZero { out += "零" }
                pendingZero = false
                out += digits[d] + unit
                started = true
            }
        }
        if fen == 0 { out += "整" }
        return out
    }
}
