/// The style table of a workbook and the writer of `xl/styles.xml`.
///
/// Fonts, fills, borders, number formats and cell formats are each deduplicated; a cell format
/// (`xf`) refers to them by index. Index 0 of each is the default Excel expects, and fill 1 is
/// the `gray125` pattern Excel reserves.
struct StyleTable {
    private(set) var fonts: [Font]
    private(set) var fills: [Color?] = [nil, nil]  // 0: none, 1: gray125 (reserved)
    private(set) var borders: [Borders?] = [nil]
    private(set) var customFormats: [(id: Int, code: String)] = []
    private var formatIDs: [String: Int] = [:]
    private var fontIndex: [Font: Int] = [:]
    private var fillIndex: [Color: Int] = [:]
    private var borderIndex: [Borders: Int] = [:]

    struct XF: Hashable {
        var numFmt: Int
        var font: Int
        var fill: Int
        var border: Int
        var alignment: Alignment?
    }
    private(set) var xfs: [XF]
    private var xfIndex: [XF: Int] = [:]
    private(set) var styles: [CellFormat]
    private var styleIndex: [CellFormat: Int] = [:]
    /// For each xf, the xf of the same style with the `@` text format.
    private var textVariants: [Int: Int] = [:]

    init(defaultFont: Font) {
        fonts = [defaultFont]
        fontIndex[defaultFont] = 0
        let x = XF(numFmt: 0, font: 0, fill: 0, border: 0, alignment: nil)
        xfs = [x]
        xfIndex[x] = 0
        styles = [CellFormat()]
        styleIndex[CellFormat()] = 0
    }

    /// Registers a style and returns its xf index (the same index for an equal style).
    mutating func add(_ style: CellFormat) -> Int {
        if let i = styleIndex[style] { return i }
        var numFmt = 0
        if let f = style.numberFormat {
            if let b = f.builtinID {
                numFmt = b
            } else if let id = formatIDs[f.code] {
                numFmt = id
            } else {
                numFmt = 164 + customFormats.count
                customFormats.append((numFmt, f.code))
                formatIDs[f.code] = numFmt
            }
        }
        var font = 0
        if let f = style.font {
            if let i = fontIndex[f] {
                font = i
            } else {
                font = fonts.count
                fonts.append(f)
                fontIndex[f] = font
            }
        }
        var fill = 0
        if let c = style.fill {
            if let i = fillIndex[c] {
                fill = i
            } else {
                fill = fills.count
                fills.append(c)
                fillIndex[c] = fill
            }
        }
        var border = 0
        if let b = style.borders, b != Borders() {
            if let i = borderIndex[b] {
                border = i
            } else {
                border = borders.count
                borders.append(b)
                borderIndex[b] = border
            }
        }
        let xf = XF(numFmt: numFmt, font: font, fill: fill, border: border, alignment: style.alignment)
        let index: Int
        if let i = xfIndex[xf] {
            index = i
        } else {
            index = xfs.count
            xfs.append(xf)
            xfIndex[xf] = index
            styles.append(style)
        }
        styleIndex[style] = index
        return index
    }

    /// The xf of `index`'s style with the `@` text number format.
    mutating func textVariant(of index: Int) -> Int {
        if let v = textVariants[index] { return v }
        var s = styles[index]
        s.numberFormat = .text
        let v = add(s)
        textVariants[index] = v
        return v
    }

    /// Writes `xl/styles.xml`.
    func write(into o: ByteSink) {
        o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        o.raw("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if !customFormats.isEmpty {
            o.raw("<numFmts count=\"")
            o.int(customFormats.count)
            o.raw("\">")
            for f in customFormats {
                o.raw("<numFmt numFmtId=\"")
                o.int(f.id)
                o.raw("\" formatCode=\"")
                o.attr(f.code)
                o.raw("\"/>")
            }
            o.raw("</numFmts>")
        }
        o.raw("<fonts count=\"")
        o.int(fonts.count)
        o.raw("\">")
        for f in fonts { writeFont(f, into: o) }
        o.raw("</fonts><fills count=\"")
        o.int(fills.count)
        o.raw("\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
        for c in fills.dropFirst(2) {
            o.raw("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"")
            o.raw(c!.argb)
            o.raw("\"/><bgColor indexed=\"64\"/></patternFill></fill>")
        }
        o.raw("</fills><borders count=\"")
        o.int(borders.count)
        o.raw("\">")
        for b in borders { writeBorder(b, into: o) }
        o.raw("</borders>")
        o.raw("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        o.raw("<cellXfs count=\"")
        o.int(xfs.count)
        o.raw("\">")
        for x in xfs { writeXF(x, into: o) }
        o.raw("</cellXfs>")
        o.raw("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        o.raw("<dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>")
    }

    private func writeFont(_ f: Font, into o: ByteSink) {
        o.raw("<font>")
        if f.bold { o.raw("<b/>") }
        if f.italic { o.raw("<i/>") }
        if f.underline { o.raw("<u/>") }
        o.raw("<sz val=\"")
        o.raw(formatNumber(f.size))
        o.raw("\"/>")
        if let c = f.color {
            o.raw("<color rgb=\"")
            o.raw(c.argb)
            o.raw("\"/>")
        } else {
            o.raw("<color theme=\"1\"/>")
        }
        o.raw("<name val=\"")
        o.attr(f.name)
        o.raw("\"/><family val=\"2\"/>")
        if f.name == "Calibri" { o.raw("<scheme val=\"minor\"/>") } else { o.raw("<charset val=\"134\"/>") }
        o.raw("</font>")
    }

    private func writeBorder(_ b: Borders?, into o: ByteSink) {
        guard let b else {
            o.raw("<border><left/><right/><top/><bottom/><diagonal/></border>")
            return
        }
        o.raw("<border>")
        func edge(_ tag: StaticString, _ close: StaticString, _ s: BorderStyle?) {
            o.byte(0x3C)
            o.raw(tag)
            if let s {
                o.raw(" style=\"")
                o.raw(s.rawValue)
                o.raw("\"><color ")
                if let c = b.color {
                    o.raw("rgb=\"")
                    o.raw(c.argb)
                    o.raw("\"")
                } else {
                    o.raw("indexed=\"64\"")
                }
                o.raw("/>")
                o.raw(close)
            } else {
                o.raw("/>")
            }
        }
        edge("left", "</left>", b.left)
        edge("right", "</right>", b.right)
        edge("top", "</top>", b.top)
        edge("bottom", "</bottom>", b.bottom)
        o.raw("<diagonal/></border>")
    }

    private func writeXF(_ x: XF, into o: ByteSink) {
        o.raw("<xf numFmtId=\"")
        o.int(x.numFmt)
        o.raw("\" fontId=\"")
        o.int(x.font)
        o.raw("\" fillId=\"")
        o.int(x.fill)
        o.raw("\" borderId=\"")
        o.int(x.border)
        o.raw("\" xfId=\"0\"")
        if x.numFmt != 0 { o.raw(" applyNumberFormat=\"1\"") }
        if x.font != 0 { o.raw(" applyFont=\"1\"") }
        if x.fill != 0 { o.raw(" applyFill=\"1\"") }
        if x.border != 0 { o.raw(" applyBorder=\"1\"") }
        if let a = x.alignment, a != Alignment() {
            o.raw(" applyAlignment=\"1\"><alignment")
            if let h = a.horizontal {
                o.raw(" horizontal=\"")
                o.raw(h.rawValue)
                o.raw("\"")
            }
            if let v = a.vertical {
                o.raw(" vertical=\"")
                o.raw(v.rawValue)
                o.raw("\"")
            }
            if a.wrap { o.raw(" wrapText=\"1\"") }
            if a.indent > 0 {
                o.raw(" indent=\"")
                o.int(min(a.indent, 15))
                o.raw("\"")
            }
            o.raw("/></xf>")
        } else {
            o.raw("/>")
        }
    }
}

/// Formats a finite double the way SpreadsheetML stores numbers: integers without a decimal
/// point, others with the shortest round-tripping digits.
func formatNumber(_ d: Double) -> String {
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return d.description.replacingOccurrences(of: "e", with: "E")
}
