/// An sRGB colour for fonts, fills and borders.
public struct Color: Sendable, Hashable {
    /// `0xRRGGBB`.
    public var rgb: UInt32

    /// Creates a colour from `0xRRGGBB`.
    public init(rgb: UInt32) { self.rgb = rgb & 0xFF_FFFF }

    /// Black.
    public static let black = Color(rgb: 0x000000)
    /// White.
    public static let white = Color(rgb: 0xFFFFFF)
    /// The red used to mark errors.
    public static let errorRed = Color(rgb: 0xFFC7CE)
    /// The yellow used to mark warnings.
    public static let warningYellow = Color(rgb: 0xFFEB9C)
    /// A light grey for header rows.
    public static let headerGrey = Color(rgb: 0xD9D9D9)

    /// `FFRRGGBB`, as SpreadsheetML's `rgb` attribute wants it.
    var argb: String {
        let digits = Array("0123456789ABCDEF")
        var s = "FF"
        for shift in stride(from: 20, through: 0, by: -4) { s.append(digits[Int((rgb >> UInt32(shift)) & 0xF)]) }
        return s
    }
}

/// A font: face, size, weight, slant, underline and colour.
public struct Font: Sendable, Hashable {
    /// The face name, e.g. `Calibri` or `宋体`.
    public var name: String
    /// The size in points.
    public var size: Double
    /// Bold.
    public var bold: Bool
    /// Italic.
    public var italic: Bool
    /// Single underline.
    public var underline: Bool
    /// The colour, or nil for automatic.
    public var color: Color?

    /// Creates a font.
    public init(
        name: String = "Calibri", size: Double = 11, bold: Bool = false, italic: Bool = false,
        underline: Bool = false, color: Color? = nil
    ) {
        self.name = name
        self.size = size
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.color = color
    }
}

/// The line style of one border edge.
public enum BorderStyle: String, Sendable, Hashable {
    /// A thin line.
    case thin
    /// A medium line.
    case medium
    /// A thick line.
    case thick
    /// A dashed line.
    case dashed
    /// A dotted line.
    case dotted
    /// A double line.
    case double
    /// A hairline.
    case hair
}

/// Cell borders, per edge.
public struct Borders: Sendable, Hashable {
    /// Left edge.
    public var left: BorderStyle?
    /// Right edge.
    public var right: BorderStyle?
    /// Top edge.
    public var top: BorderStyle?
    /// Bottom edge.
    public var bottom: BorderStyle?
    /// The colour of every edge, or nil for automatic (black).
    public var color: Color?

    /// Creates borders edge by edge.
    public init(
        left: BorderStyle? = nil, right: BorderStyle? = nil, top: BorderStyle? = nil,
        bottom: BorderStyle? = nil, color: Color? = nil
    ) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.color = color
    }

    /// The same style on all four edges.
    public static func all(_ style: BorderStyle, color: Color? = nil) -> Borders {
        Borders(left: style, right: style, top: style, bottom: style, color: color)
    }
}

/// Horizontal and vertical alignment, wrapping and indent.
public struct Alignment: Sendable, Hashable {
    /// Horizontal placement.
    public enum Horizontal: String, Sendable, Hashable {
        /// Left.
        case left
        /// Centred.
        case center
        /// Right.
        case right
        /// Repeated to fill the cell.
        case fill
        /// Justified.
        case justify
        /// Centred across the selection.
        case centerContinuous
        /// Distributed.
        case distributed
    }
    /// Vertical placement.
    public enum Vertical: String, Sendable, Hashable {
        /// Top.
        case top
        /// Centred.
        case center
        /// Bottom.
        case bottom
        /// Justified.
        case justify
        /// Distributed.
        case distributed
    }

    /// Horizontal placement, or nil for general.
    public var horizontal: Horizontal?
    /// Vertical placement, or nil for bottom.
    public var vertical: Vertical?
    /// Wrap text inside the cell.
    public var wrap: Bool
    /// Indent level (0–15).
    public var indent: Int

    /// Creates an alignment.
    public init(horizontal: Horizontal? = nil, vertical: Vertical? = nil, wrap: Bool = false, indent: Int = 0) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrap = wrap
        self.indent = indent
    }
}

/// A number format code such as `#,##0.00`, `@` or `yyyy-mm-dd`.
public struct NumberFormat: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The format code as Excel shows it.
    public var code: String

    /// Creates a format from its code.
    public init(_ code: String) { self.code = code }

    /// Creates a format from a string literal.
    public init(stringLiteral value: String) { self.code = value }

    /// General (no format).
    public static let general = NumberFormat("General")
    /// Text (`@`): the cell's content is shown and kept as typed.
    public static let text = NumberFormat("@")
    /// Money with thousands separators and two decimals.
    public static let money = NumberFormat("#,##0.00")
    /// Whole numbers.
    public static let integer = NumberFormat("0")
    /// ISO date.
    public static let date = NumberFormat("yyyy-mm-dd")
    /// ISO date and time.
    public static let dateTime = NumberFormat("yyyy-mm-dd hh:mm:ss")
    /// Time of day.
    public static let time = NumberFormat("hh:mm:ss")

    /// Excel's built-in format id for this code, if it is one of the built-ins every reader knows.
    var builtinID: Int? {
        switch code {
        case "General": return 0
        case "0": return 1
        case "0.00": return 2
        case "#,##0": return 3
        case "#,##0.00": return 4
        case "0%": return 9
        case "0.00%": return 10
        case "0.00E+00": return 11
        case "@": return 49
        default: return nil
        }
    }
}

/// How a cell looks: font, fill, borders, alignment, number format, protection.
///
/// Register a style with `XLSXWriter.addStyle(_:)` once and use the returned `StyleID` in cells.
public struct CellFormat: Sendable, Hashable {
    /// The font, or nil for the workbook's default font.
    public var font: Font?
    /// A solid fill colour, or nil for none.
    public var fill: Color?
    /// Borders, or nil for none.
    public var borders: Borders?
    /// Alignment, or nil for the default.
    public var alignment: Alignment?
    /// The number format, or nil for General.
    public var numberFormat: NumberFormat?

    /// Creates a style.
    public init(
        font: Font? = nil, fill: Color? = nil, borders: Borders? = nil, alignment: Alignment? = nil,
        numberFormat: NumberFormat? = nil
    ) {
        self.font = font
        self.fill = fill
        self.borders = borders
        self.alignment = alignment
        self.numberFormat = numberFormat
    }
}

/// A registered style: the index of its cell format (`xf`) in the workbook.
public struct StyleID: Sendable, Hashable {
    /// The `cellXfs` index.
    public let index: Int
    init(_ index: Int) { self.index = index }
    /// The default style (General, default font).
    public static let `default` = StyleID(0)
}
