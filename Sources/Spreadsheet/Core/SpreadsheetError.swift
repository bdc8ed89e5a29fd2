/// Why a spreadsheet could not be read, with where and what to do.
///
/// `description` is one line: `FILE[: SHEET!A12]: reason (what to do)`.
public struct SpreadsheetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classes of failure, for callers and tests.
    public enum Kind: String, Sendable, Hashable {
        /// The file could not be opened or read (missing, permissions, I/O).
        case io
        /// Not a spreadsheet this tool reads (an image, a Word file, random bytes).
        case notSpreadsheet
        /// A legacy binary `.xls` (BIFF) workbook.
        case legacyXLS
        /// A password-protected (encrypted) workbook.
        case encrypted
        /// A damaged or truncated archive or package.
        case corrupt
        /// An entry that inflates too far (a zip bomb) or past the size cap.
        case zipBomb
        /// A DOCTYPE / entity declaration in a package part.
        case xmlEntity
        /// Malformed XML or a package structure that breaks the OOXML rules.
        case malformed
        /// A limit was hit: coordinates beyond XFD1048576, nesting depth, record size…
        case limit
        /// The text is not valid in the detected or given encoding.
        case encoding
        /// A sheet that does not exist.
        case noSuchSheet
        /// A sheet without cells (a chart sheet).
        case noCells
        /// A file of 0 bytes (an interrupted copy or download).
        case empty
        /// A file to be written exists already, and overwriting was not allowed.
        case exists
    }

    /// The class of failure.
    public var kind: Kind
    /// The file path as the user gave it.
    public var file: String
    /// The sheet, when known.
    public var sheet: String?
    /// 1-based row, when known.
    public var row: Int?
    /// 0-based column, when known.
    public var column: Int?
    /// What went wrong, in plain words.
    public var reason: String
    /// What the user can do about it.
    public var hint: String?

    /// Creates an error.
    public init(
        _ kind: Kind, file: String, sheet: String? = nil, row: Int? = nil, column: Int? = nil,
        reason: String, hint: String? = nil
    ) {
        self.kind = kind
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.reason = reason
        self.hint = hint
    }

    /// One line: `FILE: SHEET!B12: reason (hint)`.
    public var description: String {
        var s = file
        var place = ""
        if let sheet { place = sheet }
        if let row {
            if !place.isEmpty { place += "!" }
            if let column { place += CellAddress.name(column: column, row: row) } else { place += "row \(row)" }
        } else if let column {
            if !place.isEmpty { place += "!" }
            place += "column \(CellAddress.columnName(column))"
        }
        if !place.isEmpty { s += ": " + place }
        s += ": " + reason
        if let hint, !hint.isEmpty { s += " (" + hint + ")" }
        return s.replacingOccurrences(of: "\n", with: " ")
    }
}
