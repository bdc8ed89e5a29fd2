/// A cell to write: a value and an optional registered style.
///
/// Text never becomes a formula: `.string("=1+1")` is stored as the literal text `=1+1`.
/// Formulas are written only through `.formula`.
public struct WriteCell: Sendable, Hashable {
    /// The value kinds the writer stores.
    public enum Value: Sendable, Hashable {
        /// Nothing (a blank cell; written only when it has a style).
        case empty
        /// Text, in the shared-string table.
        case string(String)
        /// Text that must stay text, such as identity or account numbers: a shared string whose
        /// style carries the `@` text format, so no program shows it as `5.30102E+17`.
        case text(String)
        /// A number.
        case number(Double)
        /// A number given as exact decimal text (`1912.57`, `-3000`), written digit for digit,
        /// never through a `Double` (use it for money).
        case decimal(String)
        /// A boolean.
        case bool(Bool)
        /// A date, time or date-time, written as an Excel serial with a date format.
        case date(DateTimeValue)
        /// A formula (without the leading `=`) with an optional cached result shown by readers
        /// that do not recalculate.
        case formula(String, cached: FormulaResult?)
    }

    /// A formula's cached result.
    public enum FormulaResult: Sendable, Hashable {
        /// A number as exact decimal text.
        case decimal(String)
        /// Text.
        case string(String)
    }

    /// The value.
    public var value: Value
    /// The style, or nil for the default (for `.text`, the text style; for `.date`, a date format).
    public var style: StyleID?

    /// Creates a cell.
    public init(_ value: Value, style: StyleID? = nil) {
        self.value = value
        self.style = style
    }

    /// A blank cell (with a style, to draw borders or fills on an empty cell).
    public static func empty(style: StyleID? = nil) -> WriteCell { WriteCell(.empty, style: style) }
    /// A text cell.
    public static func string(_ s: String, style: StyleID? = nil) -> WriteCell { WriteCell(.string(s), style: style) }
    /// A text cell forced to the `@` format (identity numbers, account numbers, codes).
    public static func text(_ s: String, style: StyleID? = nil) -> WriteCell { WriteCell(.text(s), style: style) }
    /// A number cell.
    public static func number(_ d: Double, style: StyleID? = nil) -> WriteCell { WriteCell(.number(d), style: style) }
    /// A number cell from exact decimal text.
    public static func decimal(_ s: String, style: StyleID? = nil) -> WriteCell { WriteCell(.decimal(s), style: style) }
    /// A boolean cell.
    public static func bool(_ b: Bool, style: StyleID? = nil) -> WriteCell { WriteCell(.bool(b), style: style) }
    /// A date cell.
    public static func date(_ d: DateTimeValue, style: StyleID? = nil) -> WriteCell { WriteCell(.date(d), style: style) }
    /// A formula cell.
    public static func formula(_ f: String, cached: FormulaResult? = nil, style: StyleID? = nil) -> WriteCell {
        WriteCell(.formula(f, cached: cached), style: style)
    }
}

extension DateTimeValue {
    /// The Excel (1900 date system) serial number: days since 1899-12-30, with the time as a
    /// fraction. Nil for dates before 1900-03-01, where Excel's serials are ambiguous.
    public var excelSerial: Double? {
        var serial = 0.0
        if kind != .time {
            guard year >= 1900, year <= 9999, month >= 1, month <= 12, day >= 1, day <= 31 else { return nil }
            // Days from civil (Howard Hinnant's algorithm), relative to 1899-12-30.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = (month + 9) % 12
            let doy = (153 * mp + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let days = era * 146097 + doe - 719468  // days since 1970-01-01
            let serialDays = days + 25569
            guard serialDays >= 61 else { return nil }
            serial = Double(serialDays)
        }
        if kind != .date {
            guard hour >= 0, hour < 24, minute >= 0, minute < 60, second >= 0, second < 60 else { return nil }
            serial += Double(hour * 3600 + minute * 60 + second) / 86400
        }
        return serial
    }
}
