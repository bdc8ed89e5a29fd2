import Foundation
import Spreadsheet

/// Dates as offices write them in a cell: `2017-12-01`, `2017/12/1`, `2017.12.01`,
/// `2017年12月1日`, `20171201`, or a spreadsheet date (its serial number, 1900 system).
public enum WrittenDate {
    /// The date a cell's text means, or nil when it means none (never a guess: `12/1/2017`
    /// and two-digit years are refused, as their order is ambiguous).
    public static func parse(_ text: String) -> SimpleDate? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        if digits, t.utf8.count == 8, let v = Int(t) {
            return valid(SimpleDate(year: v / 10000, month: v / 100 % 100, day: v % 100))
        }
        if let serial = excelSerial(t) { return fromSerial(serial) }
        var parts: [Int] = []
        var current = ""
        for ch in t {
            if ch.isASCII, ch.isNumber {
                current.append(ch)
            } else if "-/.年月日 ".contains(ch) {
                if !current.isEmpty, let v = Int(current) { parts.append(v) }
                current = ""
            } else {
                return nil
            }
        }
        if !current.isEmpty, let v = Int(current) { parts.append(v) }
        guard parts.count == 3, parts[0] >= 1000 else { return nil }
        return valid(SimpleDate(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// A whole serial number a spreadsheet stores for a date (`43070`, or `43070.0`), within
    /// 1954–2119 so that a year or an amount is not taken for one.
    static func excelSerial(_ t: String) -> Int? {
        var s = Substring(t)
        if s.hasSuffix(".0") { s = s.dropLast(2) }
        guard s.utf8.count == 5, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(s), v >= 20000, v <= 80000 else { return nil }
        return v
    }

    /// The date of a 1900-system serial (the readers' own conversion, `ExcelDate`).
    public static func fromSerial(_ serial: Int) -> SimpleDate {
        let d = ExcelDate.dateTime(serial: Double(serial), date1904: false)!
        return SimpleDate(year: d.year, month: d.month, day: d.day)
    }

    private static func valid(_ d: SimpleDate) -> SimpleDate? { d.isValid ? d : nil }
}
