#!/usr/bin/env python3
"""Regenerates the XLSX fixtures of SpreadsheetTests (run from this folder).

roster-xw.xlsx   XlsxWriter: a Chinese roster with two title rows, a merged header, an 18-digit
                 identity number typed as a number, amounts like 1912.57, dates formatted
                 yyyy"年"m"月"d"日", a time, a duration, a boolean, a hidden sheet.
roster-lo.xlsx   the same re-saved by LibreOffice (shared strings, LibreOffice styles).
opx-1904.xlsx    openpyxl, 1904 date system, rich text re-saved by LibreOffice as opx-1904-lo.xlsx.
hostile-*.xlsx   tiny hostile packages, one per class.
valid-*.xlsx     legal but unusual files real producers write (realworld()).
"""
import datetime, io, os, shutil, struct, subprocess, zipfile

def roster():
    import xlsxwriter
    wb = xlsxwriter.Workbook("roster-xw.xlsx")
    ws = wb.add_worksheet("申报表")
    title = wb.add_format({"bold": True, "align": "center"})
    date = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    money = wb.add_format({"num_format": "#,##0.00"})
    time = wb.add_format({"num_format": "hh:mm:ss"})
    dur = wb.add_format({"num_format": "[h]:mm:ss"})
    ws.merge_range("A1:H1", "昆明市劳动模范困难帮扶资金申报表", title)
    ws.write("A2", "填报单位：五华区总工会")
    ws.merge_range("A3:B3", "基本信息", title)
    ws.write_row("A4", ["姓名", "身份证号码", "补助金额(元)", "申报日期", "到岗时间", "工时", "在册", "备注"])
    rows = [
        ["张伟", 530102199001011234, 1912.57, datetime.date(2017, 9, 30), datetime.time(8, 45, 30), 1.5, True, " 前后空格 "],
        ["李秀英", "53010219850505002X", 1000, datetime.date(2017, 9, 1), datetime.time(14, 0, 0), 0.25, False, "a_x000D_b"],
    ]
    for i, r in enumerate(rows):
        row = 4 + i
        ws.write_string(row, 0, r[0])
        if isinstance(r[1], int):
            ws.write_number(row, 1, r[1])
        else:
            ws.write_string(row, 1, r[1])
        ws.write_number(row, 2, r[2], money)
        ws.write_datetime(row, 3, datetime.datetime.combine(r[3], datetime.time()), date)
        ws.write_datetime(row, 4, r[4], time)
        ws.write_number(row, 5, r[5], dur)
        ws.write_boolean(row, 6, r[6])
        ws.write_string(row, 7, r[7])
    ws.write_formula("C7", "=SUM(C5:C6)", money, 2912.57)
    ws.write_formula("D7", "=1/0", None, "#DIV/0!")
    hidden = wb.add_worksheet("说明")
    hidden.write("A1", "hidden sheet")
    hidden.hide()
    wb.close()

def opx():
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = datetime.date(2020, 2, 29)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["B1"] = datetime.datetime(2020, 2, 29, 23, 59, 59)
    ws["B1"].number_format = "yyyy-mm-dd hh:mm:ss"
    ws["A2"] = CellRichText("富", TextBlock(InlineFont(b=True), "文本"))
    ws["A3"] = 42
    ws.merge_cells("A4:C5")
    ws["A4"] = "merged"
    wb.save("opx-1904.xlsx")

def lo_resave(src, dst):
    tmp = "lo-out"
    os.makedirs(tmp, exist_ok=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", tmp, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.move(os.path.join(tmp, src), dst)
    shutil.rmtree(tmp)

RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SST = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>only</t></si></sst>'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

def sheet(body, prolog=""):
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}><sheetData>{body}</sheetData></worksheet>'

def package(name, sheet_xml, workbook=WB):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/sharedStrings.xml", SST)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)

def hostile():
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + ']>'
    package("hostile-entity-bomb.xlsx", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', lol))
    xxe = '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    package("hostile-doctype.xlsx", sheet(""), WB.replace('<workbook', xxe + '<workbook', 1))
    package("hostile-ratio-bomb.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (40 << 20)))
    package("hostile-sst-index.xlsx", sheet('<row r="3"><c r="B3" t="s"><v>7</v></c></row>'))
    package("hostile-beyond-xfd.xlsx", sheet('<row r="2"><c r="XFE2"><v>1</v></c></row>'))
    package("hostile-beyond-last-row.xlsx", sheet('<row r="1048577"><c><v>1</v></c></row>'))
    package("hostile-deep-nesting.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + "<x>" * 300 + "</x>" * 300))
    # An entry whose zip headers declare fewer bytes than it inflates to.
    package("hostile-declared-size.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * 5000))
    data = bytearray(open("hostile-declared-size.xlsx", "rb").read())
    target = b"xl/worksheets/sheet1.xml"
    for sig, size_off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            name_off = 30 if sig == b"PK\x03\x04" else 46
            n = struct.unpack_from("<H", data, i + (26 if sig == b"PK\x03\x04" else 28))[0]
            if bytes(data[i + name_off:i + name_off + n]) == target:
                struct.pack_into("<I", data, i + size_off, 100)
            i += 4
    open("hostile-declared-size.xlsx", "wb").write(data)
    good = open("roster-xw.xlsx", "rb").read()
    open("hostile-truncated.xlsx", "wb").write(good[: len(good) // 2])
    open("hostile-not-a-zip.xlsx", "wb").write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)

STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

def parts():
    """Hand-written strict-namespace package: backslash part names, an absolute target, rows and
    cells without r, inline strings with phonetic runs, escapes, t="d", t="str", a custom
    elapsed-time format, an empty string, a veryHidden sheet, a shared string with rPh."""
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{STRICT_REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>')
    wb = (f'<x:workbook xmlns:x="{STRICT_MAIN}" xmlns:r="{STRICT_REL}"><x:workbookPr/><x:sheets>'
          '<x:sheet name="Parts" sheetId="1" r:id="rId1"/><x:sheet name="Secret" sheetId="2" state="veryHidden" r:id="rId2"/>'
          '</x:sheets></x:workbook>')
    wbrels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              f'<Relationship Id="rId1" Type="{STRICT_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
              f'<Relationship Id="rId2" Type="{STRICT_REL}/worksheet" Target="/xl/worksheets/../worksheets/sheet2.xml"/>'
              f'<Relationship Id="rId3" Type="{STRICT_REL}/sharedStrings" Target="sharedStrings.xml"/>'
              f'<Relationship Id="rId4" Type="{STRICT_REL}/styles" Target="styles.xml"/></Relationships>')
    sst = (f'<sst xmlns="{STRICT_MAIN}"><si><r><t>課</t></r><r><t xml:space="preserve">きく </t></r>'
           '<rPh sb="0" eb="1"><t>カ</t></rPh></si><si><t></t></si><si><t>tab_x0009_here _x005F_x0041_</t></si></sst>')
    styles = (f'<styleSheet xmlns="{STRICT_MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm"/>'
              '<numFmt numFmtId="165" formatCode="[$-F800]dddd, mmmm dd, yyyy"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
              '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/></cellXfs></styleSheet>')
    s1 = (f'<worksheet xmlns="{STRICT_MAIN}"><sheetData>'
          '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
          '<row><c t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r><rPh><t>ignored</t></rPh></is></c>'
          '<c t="str"><f>A1</f><v>formula text</v></c><c t="inlineStr"><is><t/></is></c><c t="b"><v>1</v></c></row>'
          '<row r="5"><c r="B5" t="d"><v>2021-01-01T10:10:10</v></c><c t="d"><v>2021-01-02</v></c>'
          '<c s="1"><v>1.25</v></c><c s="2"><v>44197</v></c><c s="3"><v>44197</v></c><c t="e"><v>#N/A</v></c></row>'
          '<row><c r="A6"><v>60</v></c><c s="3"><v>60</v></c><c s="3"><v>61</v></c><c s="3"><v>0.5</v></c></row>'
          '</sheetData><mergeCells count="1"><mergeCell ref="B5:C5"/></mergeCells></worksheet>')
    s2 = f'<worksheet xmlns="{STRICT_MAIN}"><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>'
    with zipfile.ZipFile("parts.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels\\.rels", rels)
        z.writestr("xl\\workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl\\worksheets\\sheet1.xml", s1)
        z.writestr("XL/Worksheets/Sheet2.xml", s2)

def raw_zip(name, entries, local_extra=b"", trailer=b""):
    """A zip written by hand, as .NET's System.IO.Packaging writes them: each local header may
    carry an extra field the central directory does not repeat, and bytes may follow the
    end-of-central-directory record. Both are legal; every other reader opens them."""
    import zlib
    out, central = bytearray(), bytearray()
    for part, text in entries:
        data = text.encode("utf-8")
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = comp.compress(data) + comp.flush()
        crc = zlib.crc32(data) & 0xFFFFFFFF
        fname = part.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), len(data),
                           len(fname), len(local_extra)) + fname + local_extra + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body),
                               len(data), len(fname), 0, 0, 0, 0, 0, offset) + fname
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    open(name, "wb").write(bytes(out + central + eocd + trailer))

CT_OF = {"xl/workbook.xml": "sheet.main", "xl/sharedStrings.xml": "sharedStrings", "xl/styles.xml": "styles",
         "xl/worksheets/sheet1.xml": "worksheet", "xl/worksheets/sheet2.xml": "worksheet",
         "xl/chartsheets/sheet1.xml": "chartsheet"}

def content_types(parts):
    """[Content_Types].xml for the SpreadsheetML parts among `parts` (openpyxl requires it)."""
    over = "".join(f'<Override PartName="/{p}" ContentType="application/vnd.openxmlformats-officedocument.'
                   f'spreadsheetml.{CT_OF[p]}+xml"/>' for p in parts if p in CT_OF)
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{over}</Types>')

def write_package(name, parts):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types([p for p, _ in parts]))
        for p, text in parts:
            z.writestr(p, text)

def basic_entries(sheet_xml):
    parts = [("_rels/.rels", RELS), ("xl/workbook.xml", WB),
             ("xl/_rels/workbook.xml.rels", WBRELS), ("xl/sharedStrings.xml", SST), ("xl/worksheets/sheet1.xml", sheet_xml)]
    return [("[Content_Types].xml", content_types([p for p, _ in parts]))] + parts

def realworld():
    """Valid files other readers open that roster once refused or misread (issue: readers)."""
    cells = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c></row>')
    # .NET's padding extra field (id 0xa220, 2-byte length, then padding) in local headers only.
    raw_zip("valid-local-extra.xlsx", basic_entries(cells), local_extra=struct.pack("<HH", 0xA220, 2) + b"\x00\x00")
    raw_zip("valid-trailing-bytes.xlsx", basic_entries(cells), trailer=b"\x00" * 300 + b"signed by the mail gateway" + b"\r\n" * 150)
    # One <row> element per cell, the same r repeated, columns ascending (seen in generated files).
    pieces = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1"><c r="B1"><v>1</v></c></row>'
              '<row r="1"><c r="D1"><v>3</v></c></row><row r="2"><c r="A2"><v>4</v></c></row>'
              '<row r="2"><c r="C2" t="inlineStr"><is><t>x</t></is></c></row><row r="4"><c r="B4"><v>5</v></c></row>')
    write_package("valid-row-pieces.xlsx", basic_entries(sheet(pieces))[1:])
    # A repeated row whose cell comes before one already read: real disorder, refused.
    package("hostile-row-disorder.xlsx", sheet('<row r="1"><c r="C1"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>'))
    # Times whose only time token is AM/PM or A/P.
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3">'
              '<numFmt numFmtId="164" formatCode="AM/PM"/><numFmt numFmtId="165" formatCode="&quot;at &quot;A/P"/>'
              '<numFmt numFmtId="166" formatCode="0.00"/></numFmts>'
              '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="18"/><xf numFmtId="166"/></cellXfs></styleSheet>')
    ampm = sheet('<row r="1"><c r="A1" s="1"><v>0.75</v></c><c r="B1" s="2"><v>43008.25</v></c>'
                 '<c r="C1" s="3"><v>0.5</v></c><c r="D1" s="4"><v>0.75</v></c></row>')
    wbrels_styles = WBRELS.replace('</Relationships>', '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
                                   'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    write_package("valid-ampm.xlsx", [("_rels/.rels", RELS), ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", wbrels_styles),
                                      ("xl/sharedStrings.xml", SST), ("xl/styles.xml", styles), ("xl/worksheets/sheet1.xml", ampm)])
    # A chart sheet first, then a worksheet named "1", then one named "Data".
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          f'xmlns:r="{R}"><sheets><sheet name="Chart1" sheetId="3" r:id="rId3"/><sheet name="1" sheetId="1" r:id="rId1"/>'
          '<sheet name="Data" sheetId="2" r:id="rId2"/></sheets></workbook>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{R}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{R}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            f'<Relationship Id="rId4" Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    chart = ('<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             f'xmlns:r="{R}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>')
    write_package("valid-chartsheet.xlsx", [
        ("_rels/.rels", RELS), ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", rels), ("xl/sharedStrings.xml", SST),
        ("xl/chartsheets/sheet1.xml", chart), ("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1"><v>1</v></c></row>')),
        ("xl/worksheets/sheet2.xml", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))])

if __name__ == "__main__":
    parts()
    roster()
    lo_resave("roster-xw.xlsx", "roster-lo.xlsx")
    opx()
    lo_resave("opx-1904.xlsx", "opx-1904-lo.xlsx")
    hostile()
    realworld()
