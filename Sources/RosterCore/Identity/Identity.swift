import Foundation

/// A calendar date (no time, no zone), for birth dates and programme reference dates.
public struct SimpleDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date without checking it; see `isValid`.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or impossible.
    public init?(iso text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2, let y = Int(p[0]), let m = Int(p[1]),
            let d = Int(p[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
        guard isValid else { return nil }
    }

    /// True for a real Gregorian date.
    public var isValid: Bool { month >= 1 && month <= 12 && day >= 1 && day <= SimpleDate.days(in: month, year: year) }

    /// Days in a month of a year.
    public static func days(in month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whole years of age on `date` for someone born on `self`.
    public func age(on date: SimpleDate) -> Int {
        var a = date.year - year
        if (date.month, date.day) < (month, day) { a -= 1 }
        return a
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func p(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return p(year, 4) + "-" + p(month, 2) + "-" + p(day, 2)
    }

    public static func < (a: SimpleDate, b: SimpleDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// Rules of the resident identity number (GB 11643-1999).
public enum IdentityNumber {
    static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// The check character for the first 17 digits of `body` (ASCII digits), or nil when the
    /// body is not 17 digits.
    public static func checkCharacter(body: some StringProtocol) -> Character? {
        checkByte(body.utf8).map { Character(Unicode.Scalar($0)) }
    }

    /// `checkCharacter` on bytes: the check character's byte for exactly 17 ASCII digits.
    static func checkByte(_ digits: some Sequence<UInt8>) -> UInt8? {
        var sum = 0
        var n = 0
        for u in digits {
            guard u >= 48, u <= 57, n < 17 else { return nil }
            sum += Int(u - 48) * weights[n]
            n += 1
        }
        guard n == 17 else { return nil }
        return checkCharacters[sum % 11]
    }

    /// True when an 18-character number's last character is its correct check character
    /// (on the bytes: `Character` work per number was a tenth of checking a row).
    public static func hasValidChecksum(_ id: String) -> Bool {
        withUTF8Bytes(id) { u in
            guard u.count == 18, let c = checkByte(u.prefix(17)) else { return false }
            return u[17] == c
        }
    }

    /// True when the first two characters of a number are a province code (on the bytes).
    public static func hasProvinceCode(_ id: String) -> Bool {
        withUTF8Bytes(id) { u in
            guard u.count >= 2, u[0] >= 48, u[0] <= 57, u[1] >= 48, u[1] <= 57 else { return false }
            return provinceCodeTable[Int(u[0] - 48) * 10 + Int(u[1] - 48)]
        }
    }

    /// `provinceCodes` as a table indexed by the two-digit number.
    static let provinceCodeTable: [Bool] = (0..<100).map { provinceCodes.contains($0 < 10 ? "0\($0)" : "\($0)") }

    /// True for 17 digits followed by a digit or `X`.
    public static func isWellFormed18(_ id: String) -> Bool {
        withUTF8Bytes(id) { b in
            guard b.count == 18 else { return false }
            for i in 0..<17 where b[i] < 48 || b[i] > 57 { return false }
            return (b[17] >= 48 && b[17] <= 57) || b[17] == UInt8(ascii: "X")
        }
    }

    /// Converts a 15-digit legacy number (born 19YY) to 18 digits with its check character.
    public static func upgradeLegacy(_ id15: String) -> String? {
        guard id15.utf8.count == 15, id15.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let body = String(id15.prefix(6)) + "19" + String(id15.dropFirst(6))
        guard let c = checkCharacter(body: body) else { return nil }
        return body + String(c)
    }

    /// The birth date encoded in an 18-character number (possibly not a real date).
    public static func birthDate(_ id18: String) -> SimpleDate? {
        // Digits 7-14 read straight off the bytes (no array per number).
        withUTF8Bytes(id18) { b in
            guard b.count == 18 else { return nil }
            var y = 0
            var m = 0
            var d = 0
            for i in 6..<14 {
                let u = b[i]
                guard u >= 48 && u <= 57 else { return nil }
                let v = Int(u - 48)
                if i < 10 { y = y * 10 + v } else if i < 12 { m = m * 10 + v } else { d = d * 10 + v }
            }
            return SimpleDate(year: y, month: m, day: d)
        }
    }

    /// True when the 17th character (the sequence's last digit) is odd: a man.
    public static func isMale(_ id18: String) -> Bool? {
        withUTF8Bytes(id18) { u in
            guard u.count == 18, u[16] >= 48, u[16] <= 57 else { return nil }
            return (u[16] - 48) % 2 == 1
        }
    }

    /// The province-level codes of GB/T 2260 (first two digits).
    public static let provinceCodes: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
        "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ]
}

/// A table of GB/T 2260 area codes (in use and retired), read from a CSV file whose first column
/// is the six-digit code (the format of `../shared/data/gbt2260-areacodes.csv`).
public struct RegionTable: Sendable, Hashable {
    /// Every known six-digit code.
    public var codes: Set<String>

    /// Creates a table from codes.
    public init(codes: Set<String>) { self.codes = codes }

    /// Reads the CSV file; the first field of each line that is six digits is a code.
    public init(path: String) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, reason: "无法读取行政区划代码表 (cannot read the area-code table)")
        }
        var codes = Set<String>()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let first = line.prefix(while: { $0 != "," }).filter { $0 != "\u{FEFF}" && $0 != "\"" && $0 != " " }
            if first.utf8.count == 6, first.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { codes.insert(String(first)) }
        }
        guard !codes.isEmpty else {
            throw ConfigError(file: path, reason: "文件中没有六位行政区划代码 (no six-digit area codes found)")
        }
        self.codes = codes
    }

    /// True when the six-digit code is listed.
    public func contains(_ code: some StringProtocol) -> Bool { codes.contains(String(code)) }
}

/// Bank account rules.
public enum BankAccount {
    /// The Luhn (mod 10) check over ASCII digits.
    public static func passesLuhn(_ digits: String) -> Bool {
        var sum = 0
        var double = false
        for u in digits.utf8.reversed() {
            guard u >= 48, u <= 57 else { return false }
            var d = Int(u - 48)
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
        }
        return sum % 10 == 0
    }
}
