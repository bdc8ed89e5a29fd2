import RosterCore

/// GB 11643 citizen identity numbers as the sample generator builds and corrupts them.
///
/// Kept inside the samples (the validator has its own checker) so that the generator and the
/// validator are two independent implementations that test each other.
public enum SampleIdentity {
    /// The weights of the first 17 digits.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// The check character for each weighted sum modulo 11.
    static let checkChars: [Character] = Array("10X98765432")

    /// The check character for 17 ASCII digits, or nil when the body is not 17 digits.
    public static func checkCharacter(body: String) -> Character? {
        let digits = body.utf8.map { Int($0) - 48 }
        guard digits.count == 17, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var sum = 0
        for i in 0..<17 { sum += digits[i] * weights[i] }
        return checkChars[sum % 11]
    }

    /// True when `id` is 18 characters whose last is the correct check character.
    public static func isValid(_ id: String) -> Bool {
        guard id.count == 18, let c = checkCharacter(body: String(id.prefix(17))) else { return false }
        return id.last == c
    }

    /// Builds an 18-character ID from its parts (region 6 digits, birth YYYYMMDD, 3-digit sequence).
    public static func make(region: String, birth: SampleDate, sequence: Int) -> String {
        let body = region + birth.compact + pad(sequence, 3)
        return body + String(checkCharacter(body: body)!)
    }

    /// The 15-digit legacy form of an 18-digit ID born in the 1900s (drops `19` and the check).
    public static func legacy15(_ id18: String) -> String? {
        let chars = Array(id18)
        guard chars.count == 18, chars[6] == "1", chars[7] == "9" else { return nil }
        return String(chars[0..<6]) + String(chars[8..<17])
    }

    /// The ID with its check character replaced by a different, wrong one.
    public static func withWrongCheck(_ id: String, choice: Int) -> String {
        let right = id.last!
        let others = checkChars.filter { $0 != right }
        return String(id.dropLast()) + String(others[choice % others.count])
    }

    /// Zero-padded decimal.
    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Whether the 17th digit says male (odd) or female (even).
    public static func isMale(_ id: String) -> Bool {
        let c = Array(id.utf8)[16]
        return (c - 48) % 2 == 1
    }
}

/// A calendar date used for births (no time zone, no Foundation).
public struct SampleDate: Sendable, Hashable, Comparable {
    /// The year.
    public var year: Int
    /// The month, 1–12 (or an impossible one in a corrupted ID).
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// Creates a date.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYYMMDD`.
    public var compact: String {
        SampleIdentity.pad(year, 4) + SampleIdentity.pad(month, 2) + SampleIdentity.pad(day, 2)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Orders by year, month, day.
    public static func < (a: SampleDate, b: SampleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Bank card numbers with the Luhn (mod 10) check digit.
public enum SampleLuhn {
    /// The Luhn check digit for a string of ASCII digits (the payload without its check digit).
    public static func checkDigit(payload: String) -> Int {
        var sum = 0
        for (i, u) in payload.utf8.reversed().enumerated() {
            var d = Int(u) - 48
            if i % 2 == 0 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return (10 - sum % 10) % 10
    }

    /// True when the whole number (payload plus check digit) passes the Luhn check.
    public static func isValid(_ number: String) -> Bool {
        guard number.count >= 2, number.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return checkDigit(payload: String(number.dropLast())) == Int(number.utf8.last! - 48)
    }
}
