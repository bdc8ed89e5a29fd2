import RosterCore
import Spreadsheet
import RosterCheck

/// The names written in a workbook's sign-off block (制表人, 审核人, 负责人); empty names leave a
/// line to sign on.
public struct SignOff: Sendable, Hashable {
    /// 制表人: who prepared the sheet.
    public var preparer: String
    /// 审核人: who checked it.
    public var reviewer: String
    /// 负责人: who approves it.
    public var approver: String

    /// Creates a sign-off block; every name defaults to blank (signed by hand).
    public init(preparer: String = "", reviewer: String = "", approver: String = "") {
        self.preparer = preparer
        self.reviewer = reviewer
        self.approver = approver
    }
}

/// Layout helpers shared by the report workbooks: widths, dates, the font, compression.
public enum ReportLayout {
    /// Deflate level of the finance and return workbooks. Level 1 makes files about a fifth
    /// larger than level 6 and takes a third of the time; compressing was the largest single
    /// cost of `roster run` (30% of its CPU at 100,000 rows).
    public static let compressionLevel = 1

    /// Writes a report workbook with the settings every report shares (compression, font,
    /// document properties dated by the run, not the clock): `body` fills it, then it is closed,
    /// or discarded (nothing written) when anything fails.
    static func write(
        to path: String, title: String, subject: String, program: Program, runDate: SimpleDate, overwrite: Bool,
        _ body: (XLSXWriter) throws(SpreadsheetError) -> Void
    ) throws(SpreadsheetError) {
        try write(to: path, title: title, subject: subject, keywords: program.id, date: runDate, overwrite: overwrite, body)
    }

    /// `write` for a report that is not a run's (a reconciliation): `keywords` name what it is
    /// about, `date` is the inputs' date.
    static func write(
        to path: String, title: String, subject: String, keywords: String, date: SimpleDate, overwrite: Bool,
        _ body: (XLSXWriter) throws(SpreadsheetError) -> Void
    ) throws(SpreadsheetError) {
        let props = DocumentProperties(
            title: title, subject: subject, author: "roster", keywords: keywords, application: "roster", created: timestamp(date))
        let book = try XLSXWriter(
            path: path,
            options: XLSXWriter.Options(overwrite: overwrite, compressionLevel: compressionLevel, properties: props, defaultFont: bodyFont))
        do {
            try body(book)
            try book.close()
        } catch {
            book.discard()
            throw error
        }
    }

    /// Display width of text in Excel character units: CJK and full-width characters count 2.
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += scalarWidth(u.value) }
        return w
    }

    /// A column width fitting the widest of `texts` (longest line), clamped.
    static func width(_ texts: [String], min lo: Double, max hi: Double) -> Double {
        var widest = 0
        for t in texts { widest = Swift.max(widest, lineWidth(t)) }
        return width(widest: widest, min: lo, max: hi)
    }

    /// A column width for text whose widest line is `widest` characters wide, clamped.
    static func width(widest: Int, min lo: Double, max hi: Double) -> Double {
        Swift.min(hi, Swift.max(lo, Double(widest) + 2))
    }

    /// The display width of the widest line of `s`. Lines end at a line feed that is its own
    /// character (a CR LF pair is one character, so it does not end a line and counts 2).
    static func lineWidth(_ s: String) -> Int {
        var widest = 0
        var w = 0
        var afterCR = false
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if ascii {
            for b in s.utf8 {
                if b == 0x0A && !afterCR {
                    widest = Swift.max(widest, w)
                    w = 0
                } else {
                    w += 1
                }
                afterCR = b == 0x0D
            }
            return Swift.max(widest, w)
        }
        for u in s.unicodeScalars {
            if u == "\n" && !afterCR {
                widest = Swift.max(widest, w)
                w = 0
            } else {
                w += scalarWidth(u.value)
            }
            afterCR = u == "\r"
        }
        return Swift.max(widest, w)
    }

    /// 2 for CJK and full-width characters, else 1.
    @inline(__always) static func scalarWidth(_ v: UInt32) -> Int {
        if v < 0x1100 { return 1 }
        let wide =
            (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// `2017年09月20日`.
    static func chineseDate(_ d: SimpleDate) -> String {
        func p(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(d.year)年\(p(d.month))月\(p(d.day))日"
    }

    /// The run date as the document properties' timestamp (so the bytes depend on it, not the clock).
    static func timestamp(_ d: SimpleDate) -> DateTimeValue {
        DateTimeValue(year: d.year, month: d.month, day: d.day, kind: .dateTime)
    }

    /// The workbooks' default font (a common Chinese office face).
    static let bodyFont = Font(name: "宋体", size: 11)
}
