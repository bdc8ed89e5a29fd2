import Foundation
import Testing

@testable import Spreadsheet

/// Exact XML of each package part writer, compared with reviewed golden text.
@Suite struct WriterPartGoldenTests {
    @Test func contentTypesListsEveryPartAndVMLWhenANoteExists() {
        let entries = [SheetEntry(name: "A", hidden: false, hasNotes: true, autoFilter: nil, repeatRows: nil)]
        #expect(PackageParts.contentTypes(entries).string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>
"""#)
    }

    @Test func workbookCarriesSheetsStatesAndPrintTitlesAndFilterNames() {
        let entries = [
            SheetEntry(name: "名单", hidden: false, hasNotes: false, autoFilter: CellRange("A1:C9")!, repeatRows: 1...2),
            SheetEntry(name: "O'Brien & Co", hidden: true, hasNotes: false, autoFilter: nil, repeatRows: nil),
        ]
        #expect(PackageParts.workbook(entries, hasFormulas: true).string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="O'Brien &amp; Co" sheetId="2" state="hidden" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'名单'!$A$1:$C$9</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">'名单'!$1:$2</definedName></definedNames><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>
"""#)
    }

    @Test func corePropertiesUseTheFixedTimestampAndEscapeText() {
        #expect(PackageParts.core(DocumentProperties(title: "发放表 <1>", author: "财务科")).string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>发放表 &lt;1&gt;</dc:title><dc:creator>财务科</dc:creator><cp:lastModifiedBy>财务科</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>
"""#)
    }

    @Test func appPropertiesListSheetTitlesAndCompany() {
        #expect(PackageParts.app(DocumentProperties(company: "总工会", application: "roster"), sheetNames: ["汇总", "明细"]).string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>roster</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>汇总</vt:lpstr><vt:lpstr>明细</vt:lpstr></vt:vector></TitlesOfParts><Company>总工会</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>
"""#)
    }

    @Test func theApplicationIsNamedOnlyWhenTheCallerNamesIt() {
        let text = PackageParts.app(DocumentProperties(), sheetNames: ["S"]).string
        #expect(!text.contains("<Application>"))
        #expect(text.contains("<DocSecurity>0</DocSecurity>"))
    }

    @Test func stylesDeduplicateFontsFillsBordersAndFormats() {
        var t = StyleTable(defaultFont: Font())
        let a = t.add(
            CellFormat(
                font: Font(name: "宋体", size: 14, bold: true, color: Color(rgb: 0xC00000)), fill: .errorRed,
                borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center, wrap: true),
                numberFormat: .money))
        let b = t.add(CellFormat(numberFormat: .date))
        let c = t.textVariant(of: 0)
        #expect([a, b, c] == [Int](1...3))
        #expect(t.add(CellFormat(numberFormat: .date)) == b)
        #expect(t.textVariant(of: 0) == c)
        let o = ByteSink()
        t.write(into: o)
        #expect(o.string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="14"/><color rgb="FFC00000"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right><top style="thin"><color indexed="64"/></top><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="4" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>
"""#)
    }

    @Test func commentsEscapeTextAndNameTheAuthor() {
        let notes = [Note(row: 2, column: 1, text: "身份证号码校验位错误 & <重报>", author: "roster")]
        #expect(PackageParts.comments(notes).string == #"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>roster</author></authors><commentList><comment ref="B2" authorId="0"><text><r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">身份证号码校验位错误 &amp; &lt;重报&gt;</t></r></text></comment></commentList></comments>
"""#)
    }

    @Test func vmlDrawingAnchorsOneHiddenShapePerNote() {
        let notes = [Note(row: 2, column: 1, text: "x", author: "roster")]
        #expect(PackageParts.vmlDrawing(notes, sheetNumber: 1).string == #"""
<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype><v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:79pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>2, 15, 0, 10, 4, 15, 4, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>
"""#)
    }

    @Test func relationshipPartsPointAtTheirTargets() {
        #expect(
            PackageParts.rootRels().string
                == #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#
        )
        #expect(
            PackageParts.workbookRels(sheetCount: 2).string
                == #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        )
        #expect(
            PackageParts.sheetRels(sheetNumber: 3).string
                == #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing3.vml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments3.xml"/></Relationships>"#
        )
    }

    @Test func sharedStringsAreNumberedByFirstUseAndCountEveryReference() {
        let sst = SharedStrings()
        #expect(sst.id(for: "张三") == 0)
        #expect(sst.id(for: " lead") == 1)
        #expect(sst.id(for: "张三") == 0)
        #expect(sst.id(for: "a\u{1}b") == 2)
        #expect(sst.id(for: "") == 3)
        let o = ByteSink()
        sst.write(into: o)
        #expect(
            o.string
                == #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="4"><si><t>张三</t></si><si><t xml:space="preserve"> lead</t></si><si><t>a_x0001_b</t></si><si><t></t></si></sst>"#
        )
    }

    @Test func sharedStringsStayUniqueAcrossTableGrowth() {
        let sst = SharedStrings()
        for i in 0..<5000 { #expect(sst.id(for: "身份证\(i)") == i) }
        for i in stride(from: 4999, through: 0, by: -7) { #expect(sst.id(for: "身份证\(i)") == i) }
        #expect(sst.count == 5000)
    }

    @Test func worksheetPartHasViewsColumnsRowsMergesFilterAndPrintSetup() throws {
        let dir = try WriterSupport.scratch()
        let book = try XLSXWriter(path: dir + "/x.xlsx")
        let options = SheetOptions(
            columns: [ColumnFormat(first: 0, width: 6), ColumnFormat(first: 2, last: 3, width: 20.5)], freezeRows: 1,
            freezeColumns: 1,
            pageSetup: PageSetup(
                orientation: .landscape, paper: .a4, fitToWidth: true, repeatRows: 1...1, centerHorizontally: true,
                footer: "&C第 &P 页"))
        let sheet = try book.addSheet(name: "名单", options: options)
        try sheet.writeRow([.string("序号"), .string("金额")], height: 20)
        try sheet.writeRow([.number(1), .decimal("1912.57"), .bool(true), .empty(), .text("0071")], at: 3, startColumn: 1)
        try sheet.writeRow([.formula("=SUM(C3:C3)", cached: .decimal("1912.57")), .date(DateTimeValue(year: 2017, month: 9, day: 30, kind: .date))])
        try sheet.mergeCells(CellRange("A6:D6")!)
        try sheet.setAutoFilter(CellRange("A1:B4")!)
        try book.close()
        let xml = try WriterSupport.part(dir + "/x.xlsx", "xl/worksheets/sheet1.xml")
        #expect(
            xml
                == #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:F4"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="6" customWidth="1"/><col min="3" max="4" width="20.5" customWidth="1"/></cols><sheetData><row r="1" ht="20" customHeight="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="3"><c r="B3"><v>1</v></c><c r="C3"><v>1912.57</v></c><c r="D3" t="b"><v>1</v></c><c r="F3" s="1" t="s"><v>2</v></c></row><row r="4"><c r="A4"><f>SUM(C3:C3)</f><v>1912.57</v></c><c r="B4" s="2"><v>43008</v></c></row></sheetData><autoFilter ref="A1:B4"/><mergeCells count="1"><mergeCell ref="A6:D6"/></mergeCells><printOptions horizontalCentered="1"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="landscape"/><headerFooter><oddFooter>&amp;C第 &amp;P 页</oddFooter></headerFooter></worksheet>"#
        )
        #expect(try WriterSupport.part(dir + "/x.xlsx", "xl/workbook.xml").contains("fullCalcOnLoad=\"1\""))
    }
}

/// The one escaping routine: markup, control characters, `_xHHHH_` look-alikes.
@Suite struct XMLEscaperTests {
    @Test(arguments: [
        ("plain 张三", "plain 张三"),
        ("a<b>&c", "a&lt;b&gt;&amp;c"),
        ("say \"hi\"", "say \"hi\""),
        ("tab\there\nline", "tab\there\nline"),
        ("cr\r\n", "cr_x000D_\n"),
        ("nul\u{0}bell\u{7}esc\u{1B}", "nul_x0000_bell_x0007_esc_x001B_"),
        ("_x0041_", "_x005F_x0041_"),
        ("_x0041\u{0}", "_x005F_x0041_x0000_"),
        ("_x0041\r", "_x005F_x0041_x000D_"),
        ("_x0041\u{FFFE}", "_x005F_x0041_xFFFE_"),
        // A capital X is an escape too for Excel and our reader (FuzzXLSXWriter found `_X5960\u{1}`).
        ("_X0041_", "_x005F_X0041_"),
        ("_X5960\u{1}", "_x005F_X5960_x0001_"),
        ("_x0041\t and _x0041A", "_x0041\t and _x0041A"),
        ("_x004g_ and _x12_ and __x", "_x004g_ and _x12_ and __x"),
        ("bad\u{FFFE}\u{FFFF}end", "bad_xFFFE__xFFFF_end"),
        ("\u{EF}\u{FFFD}", "\u{EF}\u{FFFD}"),
    ])
    func escapesElementText(input: String, expected: String) {
        #expect(XMLEscaper.escaped(input) == expected)
    }

    @Test func escapesQuotesAndWhitespaceInAttributes() {
        #expect(XMLEscaper.escaped("a\"b\tc\nd&", attribute: true) == "a&quot;b&#9;c&#10;d&amp;")
    }
}
