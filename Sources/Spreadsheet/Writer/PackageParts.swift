/// Document properties written to `docProps/core.xml` and `docProps/app.xml`.
public struct DocumentProperties: Sendable, Hashable {
    /// Title.
    public var title: String?
    /// Subject.
    public var subject: String?
    /// Author (`dc:creator` and last modified by).
    public var author: String?
    /// Keywords.
    public var keywords: String?
    /// Description (comments).
    public var description: String?
    /// Company (app properties).
    public var company: String?
    /// The program that wrote the file (app properties), when it should be named.
    public var application: String?
    /// Creation and modification time, written as UTC. Fixed by default so the same calls give
    /// the same bytes; pass the batch's own date for a meaningful value.
    public var created: DateTimeValue

    /// The fixed default timestamp, 2000-01-01T00:00:00Z.
    public static let fixedTimestamp = DateTimeValue(year: 2000, month: 1, day: 1, kind: .dateTime)

    /// Creates properties.
    public init(
        title: String? = nil, subject: String? = nil, author: String? = nil, keywords: String? = nil,
        description: String? = nil, company: String? = nil, application: String? = nil,
        created: DateTimeValue = DocumentProperties.fixedTimestamp
    ) {
        self.application = application
        self.title = title
        self.subject = subject
        self.author = author
        self.keywords = keywords
        self.description = description
        self.company = company
        self.created = created
    }
}

/// What the package parts need to know about one sheet.
struct SheetEntry {
    var name: String
    var hidden: Bool
    var hasNotes: Bool
    var autoFilter: CellRange?
    var repeatRows: ClosedRange<Int>?
}

/// One small writer per package part. Each returns the part's exact bytes.
enum PackageParts {
    static let xmlHeader: StaticString = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let relNS: StaticString = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// `[Content_Types].xml`.
    static func contentTypes(_ sheets: [SheetEntry]) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
        o.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        o.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        if sheets.contains(where: \.hasNotes) {
            o.raw("<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>")
        }
        o.raw("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
        o.raw("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
        o.raw("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
        o.raw("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        o.raw("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
        for i in sheets.indices {
            o.raw("<Override PartName=\"/xl/worksheets/sheet")
            o.int(i + 1)
            o.raw(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
        }
        for (i, s) in sheets.enumerated() where s.hasNotes {
            o.raw("<Override PartName=\"/xl/comments")
            o.int(i + 1)
            o.raw(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>")
        }
        o.raw("</Types>")
        return o
    }

    /// `_rels/.rels`.
    static func rootRels() -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        o.raw("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>")
        o.raw("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>")
        o.raw("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>")
        o.raw("</Relationships>")
        return o
    }

    /// `docProps/app.xml`.
    static func app(_ props: DocumentProperties, sheetNames: [String]) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">")
        if let application = props.application {
            o.raw("<Application>")
            o.text(application)
            o.raw("</Application>")
        }
        o.raw("<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>")
        o.raw("<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>")
        o.int(sheetNames.count)
        o.raw("</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"")
        o.int(sheetNames.count)
        o.raw("\" baseType=\"lpstr\">")
        for n in sheetNames {
            o.raw("<vt:lpstr>")
            o.text(n)
            o.raw("</vt:lpstr>")
        }
        o.raw("</vt:vector></TitlesOfParts>")
        if let c = props.company {
            o.raw("<Company>")
            o.text(c)
            o.raw("</Company>")
        }
        o.raw("<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>")
        return o
    }

    /// `docProps/core.xml`.
    static func core(_ props: DocumentProperties) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
        func element(_ open: StaticString, _ close: StaticString, _ v: String?) {
            guard let v else { return }
            o.raw(open)
            o.text(v)
            o.raw(close)
        }
        element("<dc:title>", "</dc:title>", props.title)
        element("<dc:subject>", "</dc:subject>", props.subject)
        element("<dc:creator>", "</dc:creator>", props.author)
        element("<cp:keywords>", "</cp:keywords>", props.keywords)
        element("<dc:description>", "</dc:description>", props.description)
        element("<cp:lastModifiedBy>", "</cp:lastModifiedBy>", props.author)
        var t = props.created
        t.kind = .dateTime
        let stamp = t.description + "Z"
        o.raw("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
        o.raw(stamp)
        o.raw("</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">")
        o.raw(stamp)
        o.raw("</dcterms:modified></cp:coreProperties>")
        return o
    }

    /// A sheet name quoted for use in a formula or defined name: `'My ''Sheet'''`.
    static func quotedSheetName(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `xl/workbook.xml`.
    static func workbook(_ sheets: [SheetEntry], hasFormulas: Bool) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"")
        o.raw(relNS)
        o.raw("\"><workbookPr/><bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"")
        // The active tab must be a visible sheet.
        let active = sheets.firstIndex(where: { !$0.hidden }) ?? 0
        if active > 0 {
            o.raw(" firstSheet=\"")
            o.int(active)
            o.raw("\" activeTab=\"")
            o.int(active)
            o.raw("\"")
        }
        o.raw("/></bookViews><sheets>")
        for (i, s) in sheets.enumerated() {
            o.raw("<sheet name=\"")
            o.attr(s.name)
            o.raw("\" sheetId=\"")
            o.int(i + 1)
            o.raw("\"")
            if s.hidden { o.raw(" state=\"hidden\"") }
            o.raw(" r:id=\"rId")
            o.int(i + 1)
            o.raw("\"/>")
        }
        o.raw("</sheets>")
        var names: [(String, Int, String, Bool)] = []
        for (i, s) in sheets.enumerated() {
            let q = quotedSheetName(s.name)
            if let a = s.autoFilter {
                let ref = q + "!$" + CellAddress.columnName(a.firstColumn) + "$" + String(a.firstRow) + ":$"
                    + CellAddress.columnName(a.lastColumn) + "$" + String(a.lastRow)
                names.append(("_xlnm._FilterDatabase", i, ref, true))
            }
            if let r = s.repeatRows {
                names.append(("_xlnm.Print_Titles", i, q + "!$" + String(r.lowerBound) + ":$" + String(r.upperBound), false))
            }
        }
        if !names.isEmpty {
            o.raw("<definedNames>")
            for (name, sheet, ref, hidden) in names {
                o.raw("<definedName name=\"")
                o.raw(name)
                o.raw("\" localSheetId=\"")
                o.int(sheet)
                o.raw("\"")
                if hidden { o.raw(" hidden=\"1\"") }
                o.raw(">")
                o.text(ref)
                o.raw("</definedName>")
            }
            o.raw("</definedNames>")
        }
        o.raw(hasFormulas ? "<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/>" : "<calcPr calcId=\"191029\"/>")
        o.raw("</workbook>")
        return o
    }

    /// `xl/_rels/workbook.xml.rels`.
    static func workbookRels(sheetCount: Int) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        for i in 1...max(sheetCount, 1) where i <= sheetCount {
            o.raw("<Relationship Id=\"rId")
            o.int(i)
            o.raw("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet")
            o.int(i)
            o.raw(".xml\"/>")
        }
        o.raw("<Relationship Id=\"rId")
        o.int(sheetCount + 1)
        o.raw("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
        o.raw("<Relationship Id=\"rId")
        o.int(sheetCount + 2)
        o.raw("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        o.raw("</Relationships>")
        return o
    }

    /// `xl/worksheets/_rels/sheetN.xml.rels` for a sheet with notes (sheet number `n`, 1-based).
    static func sheetRels(sheetNumber n: Int) -> ByteSink {
        let o = ByteSink()
        o.raw(xmlHeader)
        o.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        o.raw("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/vmlDrawing")
        o.int(n)
        o.raw(".vml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"../comments")
        o.int(n)
        o.raw(".xml\"/></Relationships>")
        return o
    }

    /// `xl/commentsN.xml`.
    static func comments(_ notes: [Note]) -> ByteSink {
        let o = ByteSink()
        var authors: [String] = []
        var authorIndex: [String: Int] = [:]
        for n in notes where authorIndex[n.author] == nil {
            authorIndex[n.author] = authors.count
            authors.append(n.author)
        }
        o.raw(xmlHeader)
        o.raw("<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors>")
        for a in authors {
            o.raw("<author>")
            o.text(a)
            o.raw("</author>")
        }
        o.raw("</authors><commentList>")
        for n in notes {
            o.raw("<comment ref=\"")
            o.cellRef(column: n.column, row: n.row)
            o.raw("\" authorId=\"")
            o.int(authorIndex[n.author]!)
            o.raw("\"><text><r><rPr><sz val=\"9\"/><color indexed=\"81\"/><rFont val=\"Tahoma\"/><family val=\"2\"/></rPr><t xml:space=\"preserve\">")
            o.text(n.text)
            o.raw("</t></r></text></comment>")
        }
        o.raw("</commentList></comments>")
        return o
    }

    /// `xl/drawings/vmlDrawingN.vml`: the legacy shapes that show the notes of sheet `n`.
    static func vmlDrawing(_ notes: [Note], sheetNumber n: Int) -> ByteSink {
        let o = ByteSink()
        o.raw("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">")
        o.raw("<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"")
        o.int(n)
        o.raw("\"/></o:shapelayout>")
        o.raw("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        for (k, note) in notes.enumerated() {
            o.raw("<v:shape id=\"_x0000_s")
            o.int(n * 1024 + k + 1)
            o.raw("\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:79pt;z-index:")
            o.int(k + 1)
            o.raw(";visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>")
            o.int(note.column + 1)
            o.raw(", 15, ")
            o.int(max(note.row - 2, 0))
            o.raw(", 10, ")
            o.int(note.column + 3)
            o.raw(", 15, ")
            o.int(max(note.row - 2, 0) + 4)
            o.raw(", 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>")
            o.int(note.row - 1)
            o.raw("</x:Row><x:Column>")
            o.int(note.column)
            o.raw("</x:Column></x:ClientData></v:shape>")
        }
        o.raw("</xml>")
        return o
    }
}
