/// How a number format presents a number: plainly, as a date/time, or as elapsed time.
public enum NumberFormatKind: Sendable, Hashable {
    /// A plain number (General, `0.00`, `#,##0.00`, percentages…).
    case number
    /// A date and/or time of day.
    case dateTime
    /// Elapsed time (`[h]:mm:ss`).
    case duration
}

/// Excel number formats: built-in codes and date detection.
public enum NumberFormats {
    /// The format code of a built-in format id, when it has one (East-Asian ids use the
    /// zh-CN codes).
    public static func builtInCode(_ id: Int) -> String? {
        switch id {
        case 0: return "General"
        case 1: return "0"
        case 2: return "0.00"
        case 3: return "#,##0"
        case 4: return "#,##0.00"
        case 9: return "0%"
        case 10: return "0.00%"
        case 11: return "0.00E+00"
        case 12: return "# ?/?"
        case 13: return "# ??/??"
        case 14: return "mm-dd-yy"
        case 15: return "d-mmm-yy"
        case 16: return "d-mmm"
        case 17: return "mmm-yy"
        case 18: return "h:mm AM/PM"
        case 19: return "h:mm:ss AM/PM"
        case 20: return "h:mm"
        case 21: return "h:mm:ss"
        case 22: return "m/d/yy h:mm"
        case 27, 36, 50, 52, 57: return "yyyy\"年\"m\"月\""
        case 28, 29, 51, 53, 54, 58: return "m\"月\"d\"日\""
        case 30: return "m-d-yy"
        case 31: return "yyyy\"年\"m\"月\"d\"日\""
        case 32: return "h\"时\"mm\"分\""
        case 33: return "h\"时\"mm\"分\"ss\"秒\""
        case 34, 55: return "上午/下午h\"时\"mm\"分\""
        case 35, 56: return "上午/下午h\"时\"mm\"分\"ss\"秒\""
        case 37: return "#,##0 ;(#,##0)"
        case 38: return "#,##0 ;[Red](#,##0)"
        case 39: return "#,##0.00;(#,##0.00)"
        case 40: return "#,##0.00;[Red](#,##0.00)"
        case 45: return "mm:ss"
        case 46: return "[h]:mm:ss"
        case 47: return "mmss.0"
        case 48: return "##0.0E+0"
        case 49: return "@"
        default: return nil
        }
    }

    /// The kind of a built-in format id (ids 14–22, 45–47, 27–36 and 50–58 are dates/times;
    /// 46 is elapsed time).
    public static func builtInKind(_ id: Int) -> NumberFormatKind {
        switch id {
        case 46: return .duration
        case 14...22, 45, 47, 27...36, 50...58: return .dateTime
        default: return .number
        }
    }

    /// Classifies a format code by its tokens outside quotes, brackets and escapes:
    /// `yyyy"年"m"月"d"日"` and `[$-F800]dddd` are dates, `[h]:mm:ss` is a duration,
    /// `#,##0.00` and `"days" 0` are numbers.
    public static func kind(of code: String) -> NumberFormatKind {
        let bytes = Array(code.utf8)
        if bytes.isEmpty { return .number }
        var i = 0
        var sawDate = false
        var inQuote = false
        while i < bytes.count {
            let c = bytes[i]
            if inQuote {
                if c == UInt8(ascii: "\"") { inQuote = false }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inQuote = true
                i += 1
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 2
            case UInt8(ascii: "["):
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "]") { j += 1 }
                let inner = bytes[(i + 1)..<min(j, bytes.count)].map { $0 | 0x20 }
                if let first = inner.first, first == UInt8(ascii: "h") || first == UInt8(ascii: "m") || first == UInt8(ascii: "s"),
                    inner.allSatisfy({ $0 == first })
                {
                    return .duration
                }
                i = j + 1
            case UInt8(ascii: ";"):
                // Only the first section decides (the others are negative/zero/text variants).
                return sawDate ? .dateTime : .number
            default:
                switch c | 0x20 {
                case UInt8(ascii: "y"), UInt8(ascii: "m"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "s"):
                    sawDate = true
                    i += 1
                case UInt8(ascii: "g"):
                    // "General" (case-insensitive) is not a date.
                    if bytes.count - i >= 7, String(decoding: bytes[i..<(i + 7)], as: UTF8.self).lowercased() == "general" {
                        i += 7
                    } else {
                        i += 1
                    }
                case UInt8(ascii: "a"):
                    // AM/PM and A/P are time tokens on their own, as Excel reads them (a format
                    // of only `AM/PM` shows a time's half of the day); skipped whole so their M
                    // and P are not read as months.
                    if bytes.count - i >= 5, String(decoding: bytes[i..<(i + 5)], as: UTF8.self).uppercased() == "AM/PM" {
                        sawDate = true
                        i += 5
                    } else if bytes.count - i >= 3, String(decoding: bytes[i..<(i + 3)], as: UTF8.self).uppercased() == "A/P" {
                        sawDate = true
                        i += 3
                    } else if bytes.count - i >= 3, bytes[i..<(i + 3)].allSatisfy({ $0 | 0x20 == UInt8(ascii: "a") }) {
                        // `aaa`/`aaaa`: the East-Asian day-of-week token.
                        sawDate = true
                        i += 3
                    } else {
                        i += 1
                    }
                default:
                    i += 1
                }
            }
        }
        return sawDate ? .dateTime : .number
    }
}

/// What a cell style (an index into `cellXfs`) means for reading values.
struct CellStyle: Sendable {
    var kind: NumberFormatKind
    /// The number format code when not General.
    var formatCode: String?
}

/// The parts of `styles.xml` the reader needs: custom number formats and cell formats.
final class StylesSink: XMLEventSink {
    var customFormats: [Int: String] = [:]
    var xfFormatIDs: [Int] = []
    private var inCellXfs = false
    private var inNumFmts = false
    private var xfDepth = 0

    func start(_ name: String, _ a: [String: String]) {
        switch name {
        case "numFmts": inNumFmts = true
        case "numFmt" where inNumFmts:
            if let id = a["numFmtId"].flatMap({ Int($0) }), let code = a["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            xfFormatIDs.append(a["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    func end(_ name: String) {
        if name == "cellXfs" { inCellXfs = false }
        if name == "numFmts" { inNumFmts = false }
    }

    /// The styles, indexed by `s`.
    func styles() -> [CellStyle] {
        xfFormatIDs.map { id in
            if let code = customFormats[id] {
                let general = code.lowercased() == "general"
                return CellStyle(kind: general ? .number : NumberFormats.kind(of: code), formatCode: general ? nil : code)
            }
            return CellStyle(kind: NumberFormats.builtInKind(id), formatCode: id == 0 ? nil : NumberFormats.builtInCode(id))
        }
    }
}

/// Excel serial numbers to calendar values.
public enum ExcelDate {
    /// Converts a serial to a date/time rounded to the second: a time of day when below 1, a
    /// date when there is no time part, else a date-time. Honours the 1900 leap-year bug
    /// (serials below 61 are one day off; 60 reads as 1900-02-28) and the 1904 system.
    /// Nil when negative, not finite or past 9999-12-31.
    public static func dateTime(serial: Double, date1904: Bool) -> DateTimeValue? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let totalSeconds = Int64((serial * 86400).rounded())
        let days = totalSeconds / 86400
        let secs = Int(totalSeconds % 86400)
        let hour = secs / 3600
        let minute = (secs % 3600) / 60
        let second = secs % 60
        // Days since 1970-01-01 of the date part.
        var epochDays: Int64
        if date1904 {
            epochDays = daysFromCivil(1904, 1, 1) + days
        } else if days < 61 {
            epochDays = daysFromCivil(1899, 12, 31) + (days == 60 ? 59 : days)
        } else {
            epochDays = daysFromCivil(1899, 12, 30) + days
        }
        let (y, m, d) = civilFromDays(epochDays)
        let kind: DateTimeValue.Kind = days == 0 && serial < 1 ? .time : (secs == 0 ? .date : .dateTime)
        return DateTimeValue(year: y, month: m, day: d, hour: hour, minute: minute, second: second, kind: kind)
    }

    /// An elapsed time in seconds, rounded to the millisecond.
    public static func duration(serial: Double) -> Double {
        (serial * 86_400_000).rounded() / 1000
    }

    /// Parses an ISO 8601 `t="d"` value: `2021-01-01`, `2021-01-01T10:10:10(.sss)(Z)`, `10:10:10`.
    public static func parseISO(_ text: String) -> DateTimeValue? {
        let b = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        var y = 1899, mo = 12, d = 30, h = 0, mi = 0, s = 0
        var hasDate = false, hasTime = false
        if b.count >= 10, b[4] == UInt8(ascii: "-") {
            guard let yy = num(4), expect("-"), let mm = num(2), expect("-"), let dd = num(2) else { return nil }
            guard (1...12).contains(mm), (1...31).contains(dd) else { return nil }
            (y, mo, d) = (yy, mm, dd)
            hasDate = true
            if i < b.count { guard expect("T") || expect(" ") else { return nil } }
        }
        if i < b.count {
            guard let hh = num(2), expect(":"), let mm = num(2) else { return nil }
            var ss = 0
            var frac = 0.0
            if expect(":") {
                guard let v = num(2) else { return nil }
                ss = v
                if expect(".") {
                    var scale = 0.1
                    while i < b.count, b[i] >= 48, b[i] <= 57 {
                        frac += Double(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            guard hh < 24, mm < 60, ss < 61 else { return nil }
            if i < b.count, b[i] == UInt8(ascii: "Z") { i += 1 }
            guard i == b.count else { return nil }
            (h, mi, s) = (hh, mm, ss)
            if frac >= 0.5 { s += 1 }
            if s >= 60 { s -= 60; mi += 1 }
            if mi >= 60 { mi -= 60; h += 1 }
            if h >= 24 { h = 23; mi = 59; s = 59 }
            hasTime = true
        }
        guard hasDate || hasTime else { return nil }
        let kind: DateTimeValue.Kind
        if !hasDate { kind = .time } else if !hasTime || (h == 0 && mi == 0 && s == 0) { kind = .date } else { kind = .dateTime }
        return DateTimeValue(year: y, month: mo, day: d, hour: h, minute: mi, second: s, kind: kind)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
