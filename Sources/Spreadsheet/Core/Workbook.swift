/// Whether a sheet is shown to the user.
public enum SheetVisibility: String, Sendable, Hashable {
    case visible
    case hidden
    case veryHidden
}

/// What a sheet holds: cells (a worksheet, and the rare dialog and macro sheets) or only a
/// chart.
public enum SheetKind: String, Sendable, Hashable {
    /// An ordinary worksheet (every CSV file is one).
    case worksheet
    /// A chart sheet: a chart filling the sheet, no cells.
    case chart
    /// An Excel 5 dialog sheet.
    case dialog
    /// An Excel 4 macro sheet.
    case macro

    /// False for a chart sheet, which stores no cells.
    public var hasCells: Bool { self != .chart }
}

/// A sheet of a workbook, as listed in the workbook part (or the single sheet of a CSV file).
public struct SheetInfo: Sendable, Hashable {
    /// 0-based position in workbook order.
    public var index: Int
    /// The sheet's name as the user sees it.
    public var name: String
    /// Visible, hidden or very hidden.
    public var visibility: SheetVisibility
    /// Worksheet, chart sheet, dialog or macro sheet.
    public var kind: SheetKind

    /// Creates a sheet description.
    public init(index: Int, name: String, visibility: SheetVisibility, kind: SheetKind = .worksheet) {
        self.index = index
        self.name = name
        self.visibility = visibility
        self.kind = kind
    }
}

/// A pull reader over the rows of one sheet.
///
/// Rows come one at a time in sheet order; empty rows are skipped (row numbers say where each
/// row sits). Memory stays bounded by one row, never by the sheet's declared dimension.
public protocol SheetReader: AnyObject {
    /// The sheet being read.
    var sheet: SheetInfo { get }
    /// The next non-empty row, or nil at the end of the sheet.
    func nextRow() throws(SpreadsheetError) -> Row?
    /// Merged ranges of the sheet. Complete once `nextRow()` has returned nil (in XLSX they are
    /// stored after the cells).
    var mergedRanges: [CellRange] { get }
}

/// An opened spreadsheet file: an XLSX workbook or a CSV file (one sheet).
public protocol Workbook: AnyObject {
    /// The path as given by the caller (used in every error message).
    var path: String { get }
    /// The file's format.
    var format: SpreadsheetFormat { get }
    /// Sheets in workbook order.
    var sheets: [SheetInfo] { get }
    /// Opens a sheet for reading by 0-based index.
    func openSheet(_ index: Int) throws(SpreadsheetError) -> any SheetReader
}

extension Workbook {
    /// Finds a sheet by exact name; a selector of digits that names no sheet is read as a
    /// 1-based index (so `1` means the sheet named "1" when there is one, else the first).
    public func sheetIndex(for selector: String) -> Int? {
        if let i = sheets.firstIndex(where: { $0.name == selector }) { return i }
        if !selector.isEmpty, selector.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(selector) {
            return sheetIndex(position: n)
        }
        return nil
    }

    /// The 0-based index of the sheet at a 1-based position, whatever the sheets are named.
    public func sheetIndex(position: Int) -> Int? {
        position >= 1 && position <= sheets.count ? position - 1 : nil
    }

    /// The sheet read when none is named: the first worksheet (a chart sheet first in the
    /// workbook is passed over), or nil when no sheet has cells.
    public var defaultSheetIndex: Int? {
        sheets.first { $0.kind == .worksheet }?.index ?? sheets.first { $0.kind.hasCells }?.index
    }

    /// Reads a whole sheet into memory. For tests and small files; pipelines should stream.
    public func readAll(sheet index: Int) throws(SpreadsheetError) -> (rows: [Row], merged: [CellRange]) {
        let reader = try openSheet(index)
        var rows: [Row] = []
        while let r = try reader.nextRow() { rows.append(r) }
        return (rows, reader.mergedRanges)
    }
}

/// The file formats the readers understand.
public enum SpreadsheetFormat: String, Sendable, Hashable {
    case xlsx
    case csv
}

/// A text encoding a CSV file may be in.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case gb18030 = "gb18030"

    /// Parses a user-supplied name: `utf8`, `UTF-8`, `gbk`, `gb2312`, `gb18030`, `utf-16le`…
    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch n {
        case "utf-8", "utf8", "utf-8-sig": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "utf16", "unicode": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936", "euc-cn": self = .gb18030
        default: return nil
        }
    }
}

/// Limits that keep a hostile file from exhausting time or memory.
public struct ReadLimits: Sendable, Hashable {
    /// Largest inflated size of one zip entry.
    public var maxEntrySize: Int64 = 2 << 30
    /// Largest inflated / compressed ratio, checked once an entry has inflated past
    /// `ratioCheckThreshold` bytes (Apache POI's defaults: 100 and 100 KiB).
    public var maxCompressionRatio: Int64 = 100
    /// See `maxCompressionRatio`.
    public var ratioCheckThreshold: Int64 = 100 * 1024
    /// Most XML element nesting depth accepted in a package part.
    public var maxXMLDepth: Int = 256
    /// Longest single cell text, in bytes.
    public var maxCellTextBytes: Int = 1 << 20
    /// Most cells kept for one row (Excel allows 16,384 columns).
    public var maxCellsPerRow: Int = CellAddress.maxColumn + 1
    /// Most shared strings (total text bytes are bounded by `maxEntrySize`).
    public var maxSharedStrings: Int = 64 << 20
    /// Longest CSV record, in bytes, before the file is refused (an unclosed quote).
    public var maxCSVRecordBytes: Int = 16 << 20

    /// The defaults.
    public init() {}
}

/// Options for opening a spreadsheet.
public struct ReadOptions: Sendable, Hashable {
    /// CSV: the encoding, or nil to detect it.
    public var encoding: TextEncoding?
    /// CSV: the delimiter byte, or nil to sniff it among `,` tab `;` `|`.
    public var delimiter: UInt8?
    /// CSV: a delimiter of one character of any width (a full-width `｜`), instead of `delimiter`.
    public var delimiterText: String?
    /// CSV: whether `"` quotes fields (RFC 4180); when false it is an ordinary character.
    public var quoting = true
    /// XLSX: leave out the cells whose text is in the shared string table, without loading the
    /// table: for a caller that needs only the numbers (checking a workbook's total read back
    /// from disk), at a fraction of the cost.
    public var numbersAndInlineTextOnly = false
    /// Force a format instead of sniffing the file's bytes.
    public var format: SpreadsheetFormat?
    /// Resource limits.
    public var limits: ReadLimits

    /// Creates options.
    public init(
        encoding: TextEncoding? = nil, delimiter: UInt8? = nil, format: SpreadsheetFormat? = nil,
        limits: ReadLimits = ReadLimits()
    ) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.format = format
        self.limits = limits
    }
}
