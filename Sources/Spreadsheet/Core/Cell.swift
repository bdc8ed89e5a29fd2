/// A calendar date and/or time of day read from a spreadsheet cell, without a time zone.
///
/// Spreadsheets store local wall-clock values; this type keeps the components as read and never
/// converts through a time zone.
public struct DateTimeValue: Sendable, Hashable, CustomStringConvertible {
    /// Whether the value is a date, a time of day, or both.
    public enum Kind: Sendable, Hashable {
        /// A calendar date with no time part.
        case date
        /// A time of day (a serial below 1).
        case time
        /// A date with a time of day.
        case dateTime
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var kind: Kind

    /// Creates a value from its components.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, kind: Kind) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.kind = kind
    }

    /// `2017-09-30`, `08:45:30` or `2017-09-30T08:45:30`, by kind.
    public var description: String {
        switch kind {
        case .date: return isoDate
        case .time: return isoTime
        case .dateTime: return isoDate + "T" + isoTime
        }
    }

    /// The date part as `YYYY-MM-DD`.
    public var isoDate: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
    /// The time part as `HH:MM:SS`.
    public var isoTime: String { pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) }

    private func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// The typed value of one cell.
public enum CellValue: Sendable, Hashable {
    /// No value (an absent cell, or an empty string).
    case empty
    /// Text.
    case string(String)
    /// A number, as a `Double` for display and arithmetic that tolerates it. Money never uses
    /// this: read the cell's `raw` text instead.
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// An error value such as `#DIV/0!`.
    case error(String)
    /// A date, time, or date-time (a number styled as a date, or an ISO `t="d"` cell).
    case date(DateTimeValue)
    /// An elapsed time in seconds (a number styled `[h]:mm:ss` and the like).
    case duration(Double)
}

/// One non-empty cell of a row.
public struct Cell: Sendable, Hashable {
    /// 0-based column index (A = 0).
    public var column: Int
    /// The typed value.
    public var value: CellValue
    /// The exact text the cell was stored with: the `<v>` text of a number (`1912.57`,
    /// `5.30102198001011E+17`), the string itself for text, the serial or ISO text of a date,
    /// `1`/`0` for a boolean, the error code for an error. For CSV, the field as decoded.
    public var raw: String
    /// The cell's number format code when it has one other than General (XLSX only).
    public var numberFormat: String?

    /// Creates a cell.
    public init(column: Int, value: CellValue, raw: String, numberFormat: String? = nil) {
        self.column = column
        self.value = value
        self.raw = raw
        self.numberFormat = numberFormat
    }

    /// The column's letters (`A`, `AB`).
    public var columnName: String { CellAddress.columnName(column) }

    /// True when the cell holds text (a string value), as opposed to a typed number/date/etc.
    public var isText: Bool {
        if case .string = value { return true }
        return false
    }
}

/// One row of a sheet: its 1-based row number and its non-empty cells in column order.
public struct Row: Sendable, Hashable {
    /// The spreadsheet's own 1-based row number (for CSV, the physical line the record starts on).
    public var number: Int
    /// Non-empty cells, sorted by column, no two with the same column.
    public var cells: [Cell]

    /// Creates a row.
    public init(number: Int, cells: [Cell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell at a 0-based column, if present.
    public subscript(column: Int) -> Cell? {
        index(ofColumn: column).map { cells[$0] }
    }

    /// The index in `cells` of the cell at a 0-based column, if present.
    @inlinable
    public func index(ofColumn column: Int) -> Int? {
        // Cells are sorted and usually dense: try the direct slot first.
        if column < cells.count, cells[column].column == column { return column }
        var lo = 0
        var hi = cells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cells[mid].column < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < cells.count && cells[lo].column == column ? lo : nil
    }

    /// The raw text of the cell at a 0-based column and whether it holds a number, without
    /// copying the whole cell (hot loops read millions of fields).
    @inlinable
    public func rawText(column: Int) -> (raw: String, isNumber: Bool)? {
        guard let i = index(ofColumn: column) else { return nil }
        if case .number = cells[i].value { return (cells[i].raw, true) }
        return (cells[i].raw, false)
    }

    /// True when the row has no non-empty cell.
    public var isEmpty: Bool { cells.isEmpty }
}

/// A1-style addresses.
public enum CellAddress {
    /// The largest 0-based column index Excel allows (XFD).
    public static let maxColumn = 16_383
    /// The largest 1-based row number Excel allows.
    public static let maxRow = 1_048_576

    /// Column letters for a 0-based index: 0 -> `A`, 27 -> `AB`.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var chars: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            chars.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(chars.reversed())
    }

    /// `B7` for column 1, row 7.
    public static func name(column: Int, row: Int) -> String { columnName(column) + String(row) }

    /// Parses `AB12` (case-insensitive, `$` allowed) into a 0-based column and 1-based row.
    /// Returns nil when malformed or outside XFD1048576.
    public static func parse(_ text: Substring) -> (column: Int, row: Int)? {
        var col = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for u in text.utf8 {
            switch u {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                if sawDigit { return nil }
                sawLetter = true
                col = col * 26 + Int((u | 0x20) - UInt8(ascii: "a") + 1)
                if col > maxColumn + 1 { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = row * 10 + Int(u - UInt8(ascii: "0"))
                if row > maxRow { return nil }
            default: return nil
            }
        }
        guard sawLetter, sawDigit, row >= 1 else { return nil }
        return (col - 1, row)
    }
}

/// A rectangular range of cells, 0-based columns and 1-based rows, inclusive.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var firstColumn: Int
    public var firstRow: Int
    public var lastColumn: Int
    public var lastRow: Int

    /// Creates a range.
    public init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int) {
        self.firstColumn = firstColumn
        self.firstRow = firstRow
        self.lastColumn = lastColumn
        self.lastRow = lastRow
    }

    /// Parses `A1:C3` (or a single cell `B2`).
    public init?(_ text: Substring) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let a = CellAddress.parse(parts[0]),
            let b = parts.count == 2 ? CellAddress.parse(parts[1]) : a
        else { return nil }
        self.init(
            firstColumn: min(a.column, b.column), firstRow: min(a.row, b.row),
            lastColumn: max(a.column, b.column), lastRow: max(a.row, b.row))
    }

    /// `A1:C3`.
    public var description: String {
        CellAddress.name(column: firstColumn, row: firstRow) + ":"
            + CellAddress.name(column: lastColumn, row: lastRow)
    }

    /// True when the cell lies inside the range.
    public func contains(column: Int, row: Int) -> Bool {
        column >= firstColumn && column <= lastColumn && row >= firstRow && row <= lastRow
    }
}
