/// An amount of money in integer fen (1 yuan = 100 fen). Never a `Double`.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in fen.
    public var fen: Int64

    /// Creates an amount from fen.
    public init(fen: Int64) { self.fen = fen }

    /// Zero.
    public static let zero = Money(fen: 0)

    /// Parses a plain decimal string of yuan: `1912.57`, `3000`, `-5.5`, `0.07`, `+12`.
    /// At most two decimals (more are refused unless they are zeros: `1912.570` is fine).
    /// Scientific notation as Excel stores it (`1.5E+3`) is accepted when it is exact to the fen.
    /// Returns nil for anything else; cleaning (`¥`, `元`, thousands separators) is the caller's job.
    public init?(decimal text: String) {
        // The usual amount (`1500`, `1500.00`) is read straight from its bytes; anything with a
        // sign, an exponent or an unusual shape goes through the general parser.
        if let m = withUTF8Bytes(text, Money.plainDecimal) {
            self = m
            return
        }
        guard let m = Money.generalDecimal(text) else { return nil }
        self = m
    }

    /// The value of a plain decimal (ASCII digits with at most one `.`, no sign or exponent),
    /// exactly as ``generalDecimal(_:)`` reads it; nil for anything else, or when that parser
    /// would refuse it (more than 15 whole digits, a fraction of a fen).
    package static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Money? {
        var yuan: Int64 = 0
        var wholeDigits = 0  // significant digits of the whole part
        var fracCount = 0  // fraction digits up to the last non-zero one
        var fracSeen = 0
        var fen: Int64 = 0
        var point = false
        var any = false
        for u in bytes {
            if u == 46 {
                if point { return nil }
                point = true
                continue
            }
            guard u >= 48 && u <= 57 else { return nil }
            any = true
            let d = Int64(u - 48)
            if point {
                fracSeen += 1
                if d != 0 { fracCount = fracSeen }
                if fracSeen == 1 { fen += d * 10 } else if fracSeen == 2 { fen += d }
            } else {
                if wholeDigits > 0 || d != 0 { wholeDigits += 1 }
                if wholeDigits > 15 { return nil }
                yuan = yuan * 10 + d
            }
        }
        guard any, fracCount <= 2 else { return nil }
        return Money(fen: yuan * 100 + fen)
    }

    /// The general decimal parser behind ``init(decimal:)``: sign, exponent, any number of
    /// leading zeros and trailing zero decimals.
    static func generalDecimal(_ text: String) -> Money? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" {
            negative = true
            s = s.dropFirst()
        } else if s.first == "+" {
            s = s.dropFirst()
        }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let ex = Int(s[s.index(after: e)...]), abs(ex) <= 20 else { return nil }
            exponent = ex
            s = s[..<e]
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        var fracPart = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
            intPart.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            fracPart.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        // Shift the decimal point by the exponent, on the digit string.
        var digits = String(intPart) + String(fracPart)
        var pointPos = intPart.count + exponent
        if pointPos < 0 {
            digits = String(repeating: "0", count: -pointPos) + digits
            pointPos = 0
        }
        if pointPos > digits.count { digits += String(repeating: "0", count: pointPos - digits.count) }
        let whole = digits.prefix(pointPos)
        fracPart = Substring(digits.dropFirst(pointPos))
        while fracPart.count > 2, fracPart.last == "0" { fracPart = fracPart.dropLast() }
        guard fracPart.count <= 2 else { return nil }
        let wholeDigits = whole.drop(while: { $0 == "0" })
        guard wholeDigits.count <= 15 else { return nil }
        let yuan = wholeDigits.isEmpty ? 0 : Int64(wholeDigits)!
        var fen = yuan * 100
        if fracPart.count == 1 {
            fen += Int64(fracPart)! * 10
        } else if fracPart.count == 2 {
            fen += Int64(fracPart)!
        }
        return Money(fen: negative ? -fen : fen)
    }

    /// `1912.57`, `-0.50`, `3000.00`: always two decimals, no separators.
    public var decimalString: String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        let frac = a % 100
        return sign + String(a / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// `1,912.57`: two decimals with thousands separators, for people.
    public var groupedString: String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        var whole = String(a / 100)
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(Substring(whole.suffix(3)), at: 0)
            whole = String(whole.dropLast(3))
        }
        groups.insert(Substring(whole), at: 0)
        let frac = a % 100
        return sign + groups.joined(separator: ",") + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    public var description: String { decimalString }

    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    public static func += (a: inout Money, b: Money) { a.fen += b.fen }

    /// Encodes as a decimal string (`"1912.57"`), never a JSON number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(decimalString)
    }

    /// Decodes a decimal string (`"1912.57"`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let m = Money(decimal: s) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "not an amount of yuan with at most 2 decimals: \(s)")
        }
        self = m
    }
}
