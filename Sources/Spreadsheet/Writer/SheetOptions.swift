/// Width (and optionally a default style or hidden state) for a run of columns.
public struct ColumnFormat: Sendable, Hashable {
    /// First 0-based column.
    public var first: Int
    /// Last 0-based column (inclusive).
    public var last: Int
    /// Width in characters of the default font, or nil to keep the default width.
    public var width: Double?
    /// A default style for empty cells of the column.
    public var style: StyleID?
    /// Hidden column.
    public var hidden: Bool

    /// Creates a column format.
    public init(first: Int, last: Int? = nil, width: Double?, style: StyleID? = nil, hidden: Bool = false) {
        self.first = first
        self.last = last ?? first
        self.width = width
        self.style = style
        self.hidden = hidden
    }
}

/// Print set-up of a sheet.
public struct PageSetup: Sendable, Hashable {
    /// Page orientation.
    public enum Orientation: String, Sendable, Hashable {
        /// Taller than wide.
        case portrait
        /// Wider than tall.
        case landscape
    }
    /// Paper sizes by their SpreadsheetML number.
    public enum Paper: Int, Sendable, Hashable {
        /// US Letter.
        case letter = 1
        /// A3.
        case a3 = 8
        /// A4.
        case a4 = 9
        /// A5.
        case a5 = 11
    }

    /// Orientation.
    public var orientation: Orientation
    /// Paper size.
    public var paper: Paper
    /// Shrink so every column fits across one page width (height unconstrained).
    public var fitToWidth: Bool
    /// 1-based first and last row repeated at the top of every printed page.
    public var repeatRows: ClosedRange<Int>?
    /// Margins in inches: left, right, top, bottom, header, footer.
    public var margins: PageMargins
    /// Centre the printout horizontally on the page.
    public var centerHorizontally: Bool
    /// Header text with Excel's codes (`&P` page, `&N` pages, `&C` centre section…).
    public var header: String?
    /// Footer text with Excel's codes, e.g. `&C第 &P 页，共 &N 页`.
    public var footer: String?

    /// Creates a print set-up.
    public init(
        orientation: Orientation = .portrait, paper: Paper = .a4, fitToWidth: Bool = false,
        repeatRows: ClosedRange<Int>? = nil,
        margins: PageMargins = PageMargins(),
        centerHorizontally: Bool = false, header: String? = nil, footer: String? = nil
    ) {
        self.orientation = orientation
        self.paper = paper
        self.fitToWidth = fitToWidth
        self.repeatRows = repeatRows
        self.margins = margins
        self.centerHorizontally = centerHorizontally
        self.header = header
        self.footer = footer
    }

}

/// Page margins in inches.
public struct PageMargins: Sendable, Hashable {
    /// The left margin in inches.
    public var left: Double
    /// The right margin in inches.
    public var right: Double
    /// The top margin in inches.
    public var top: Double
    /// The bottom margin in inches.
    public var bottom: Double
    /// The header margin in inches.
    public var header: Double
    /// The footer margin in inches.
    public var footer: Double

    /// Creates margins; the defaults are Excel's.
    public init(
        left: Double = 0.7, right: Double = 0.7, top: Double = 0.75, bottom: Double = 0.75, header: Double = 0.3,
        footer: Double = 0.3
    ) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.header = header
        self.footer = footer
    }
}

/// Everything about a sheet that is fixed before its first row: columns, panes, view, printing.
public struct SheetOptions: Sendable, Hashable {
    /// Column widths and styles.
    public var columns: [ColumnFormat]
    /// Rows (from the top) and columns (from the left) kept visible while scrolling.
    public var freezeRows: Int
    /// See `freezeRows`.
    public var freezeColumns: Int
    /// Show grid lines on screen.
    public var showGridlines: Bool
    /// Print set-up, or nil for the program's defaults.
    public var pageSetup: PageSetup?
    /// Tab colour.
    public var tabColor: Color?
    /// Hide the sheet.
    public var hidden: Bool

    /// Creates sheet options.
    public init(
        columns: [ColumnFormat] = [], freezeRows: Int = 0, freezeColumns: Int = 0, showGridlines: Bool = true,
        pageSetup: PageSetup? = nil, tabColor: Color? = nil, hidden: Bool = false
    ) {
        self.columns = columns
        self.freezeRows = freezeRows
        self.freezeColumns = freezeColumns
        self.showGridlines = showGridlines
        self.pageSetup = pageSetup
        self.tabColor = tabColor
        self.hidden = hidden
    }

    /// Sets widths for consecutive columns starting at A.
    public static func widths(_ widths: [Double]) -> [ColumnFormat] {
        widths.enumerated().map { ColumnFormat(first: $0.offset, width: $0.element) }
    }
}

/// A cell note (comment) shown on hover.
struct Note {
    var row: Int
    var column: Int
    var text: String
    var author: String
}
