/// The `jsonl` and `csv` renderings of rows used by `roster cat` and by tests.
///
/// `jsonl`: one JSON array per row, from column A to the row's last non-empty cell; an empty
/// cell or empty string is `null`, a string a JSON string, a number a JSON number (integral
/// values without a fraction, others in their shortest round-trip form), a boolean
/// `true`/`false`, an error `{"error":"#DIV/0!"}`, a date `{"date":"2017-09-30"}`, a time of day
/// `{"time":"08:45:30"}`, a date-time `{"datetime":"2017-09-30T08:45:30"}`, a duration
/// `{"duration":SECONDS}`. This is the format of the conformance corpus' expected grids.
public enum JSONLines {
    /// Appends the JSON array for `row` (no line break) to `out` as UTF-8.
    public static func appendRow(_ row: Row, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var column = 0
        for cell in row.cells {
            while column < cell.column {
                if column > 0 { out.append(UInt8(ascii: ",")) }
                appendNull(to: &out)
                column += 1
            }
            if column > 0 { out.append(UInt8(ascii: ",")) }
            appendValue(cell.value, to: &out)
            column += 1
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The JSON array for `row`, without a line break.
    public static func line(_ row: Row) -> String {
        var out: [UInt8] = []
        appendRow(row, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text of one value: `null`, `"text"`, `12`, `{"date":"2017-09-30"}`…
    public static func json(_ value: CellValue) -> String {
        var out: [UInt8] = []
        appendValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of one value to `out`.
    public static func appendValue(_ value: CellValue, to out: inout [UInt8]) {
        switch value {
        case .empty:
            appendNull(to: &out)
        case .string(let s):
            if s.isEmpty { appendNull(to: &out) } else { appendString(s, to: &out) }
        case .number(let d):
            appendNumber(d, to: &out)
        case .bool(let b):
            out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .error(let code):
            appendObject("error", to: &out) { appendString(code, to: &$0) }
        case .date(let dt):
            let key: String
            switch dt.kind {
            case .date: key = "date"
            case .time: key = "time"
            case .dateTime: key = "datetime"
            }
            appendObject(key, to: &out) { appendString(dt.description, to: &$0) }
        case .duration(let seconds):
            appendObject("duration", to: &out) { appendNumber(seconds, to: &$0) }
        }
    }

    private static func appendNull(to out: inout [UInt8]) {
        out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
    }

    private static func appendObject(_ key: String, to out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "{"))
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        body(&out)
        out.append(UInt8(ascii: "}"))
    }

    /// A number as JSON: integral values below 2^53 in magnitude as plain integers (`15`, not
    /// `15.0`), others in the shortest form that reads back to the same `Double` (`1912.57`,
    /// `5.30102198001011e+17`). NaN and infinities, which JSON cannot hold, are `null`.
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
            return String(Int64(d))
        }
        // Swift's description is the shortest round-trip representation; its forms (`0.001`,
        // `1e-05`, `1.5e+20`) are all valid JSON numbers.
        return d.description
    }

    private static func appendNumber(_ d: Double, to out: inout [UInt8]) {
        out.append(contentsOf: number(d).utf8)
    }

    /// `s` as a quoted JSON string literal (the escaping of `appendString`).
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`,
    /// `\r`, `\b`, `\f` or `\u00XX`; everything else as UTF-8.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// RFC 4180 CSV rendering of rows (UTF-8, CRLF line ends), the `csv` format of `roster cat`.
public enum CSVLines {
    /// The text of one value in CSV: strings as they are, numbers as in JSON, booleans
    /// `TRUE`/`FALSE`, errors by their code, dates in ISO form, durations in seconds.
    public static func text(_ value: CellValue) -> String {
        switch value {
        case .empty: return ""
        case .string(let s): return s
        case .number(let d): return JSONLines.number(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let code): return code
        case .date(let dt): return dt.description
        case .duration(let seconds): return JSONLines.number(seconds)
        }
    }

    /// Appends `row` as one CSV record from column A to its last non-empty cell, with CRLF.
    public static func appendRow(_ row: Row, to out: inout [UInt8]) {
        var column = 0
        for cell in row.cells {
            while column < cell.column {
                if column > 0 { out.append(UInt8(ascii: ",")) }
                column += 1
            }
            if column > 0 { out.append(UInt8(ascii: ",")) }
            appendField(text(cell.value), to: &out)
            column += 1
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends one field, quoted (with quotes doubled) when it holds `,` `"` CR or LF.
    public static func appendField(_ field: String, to out: inout [UInt8]) {
        var f = field
        f.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if !needsQuotes {
                out.append(contentsOf: bytes)
                return
            }
            out.append(0x22)
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }
}
