import Foundation
import Spreadsheet
import RosterCheck
import RosterCore

/// The workbook returned to one district (`returns/<district>.xlsx`): a 说明 sheet summarising
/// the check and how to resend, then the district's own rows exactly as sent (one sheet per
/// file) with a 问题说明 column, faulty cells filled red (errors) or yellow (warnings) and a note
/// on each. It never holds another district's rows or personal data.
public enum ReturnWorkbook {
    /// The first sheet's name.
    public static let summarySheetName = "说明"
    /// The column added after the district's own columns, listing every finding of the row.
    public static let problemsHeader = "问题说明"
    /// The column saying whether the row was paid.
    public static let statusHeader = "核对结果"
    /// The column giving the row's number in the original file.
    public static let rowNumberHeader = "原表行号"

    /// What one district's return workbook contains.
    public struct Result: Sendable, Hashable {
        /// The district.
        public var district: String
        /// Where it was written.
        public var path: String
        /// The district's files (paths as given), in the order of their sheets.
        public var files: [String]
        /// Data rows received.
        public var received: Int
        /// Rows paid (and their total).
        public var accepted: PaymentTotals
        /// Rows whose person an earlier batch already pays (neither paid now nor returned).
        public var alreadyPaid: Int = 0
        /// Rows returned.
        public var returned: Int { received - accepted.count - alreadyPaid }
        /// Number of rows with at least one warning but paid.
        public var flagged: Int
    }

    /// The districts that sent rows (or files), in report order.
    public static func districts(_ checks: [FileCheck], in list: DistrictList = .kunming) -> [String] {
        var names = Set<String>()
        for c in checks {
            names.insert(c.file.district ?? DistrictList.unknownDistrict)
            let rows = c.rows
            for i in rows.indices { names.insert(Payees.district(of: rows[i], in: c.file)) }
        }
        return list.sorted(names)
    }

    /// The file name of a district's return workbook (`五华区.xlsx`), safe on every file system.
    public static func fileName(for district: String) -> String {
        var s = String(district.map { "/\\:*?\"<>|".contains($0) || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0 })
        if s.isEmpty || s.hasPrefix(".") { s = "_" + s }
        return s + ".xlsx"
    }

    /// Writes one return workbook per district into `directory` (created when missing) and
    /// returns what each holds, in district order.
    public static func writeAll(
        into directory: String, checks: [FileCheck], program: Program, runDate: SimpleDate, districts: DistrictList = .kunming,
        overwrite: Bool = false
    ) throws(SpreadsheetError) -> [Result] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SpreadsheetError(.io, file: directory, reason: "cannot create the folder", hint: "check the permissions of the output folder")
        }
        // Each district's workbook is its own file: they are written on all cores, and the
        // results (and the first error, in district order) come back in district order.
        let written: [Swift.Result<Result, SpreadsheetError>] = parallelMap(jobs(checks, districts: districts)) { job in
            Swift.Result { () throws(SpreadsheetError) in
                try write(job, into: directory, program: program, runDate: runDate, overwrite: overwrite)
            }
        }
        var results: [Result] = []
        for r in written {
            switch r {
            case .success(let x): results.append(x)
            case .failure(let e): throw e
            }
        }
        return results
    }

    /// One district's return workbook, to be written (`write(_:into:…)`): the parts of the
    /// files it sent, so the workbooks of a batch can be scheduled with its other outputs.
    public struct Job: Sendable {
        /// The district.
        public let district: String
        let parts: [Part]
        /// The data rows it holds (a measure of the work).
        public var rowCount: Int { parts.reduce(0) { $0 + $1.rows.count } }
    }

    /// The return workbooks `checks` call for, one per district that sent rows or files, in
    /// report order.
    public static func jobs(_ checks: [FileCheck], districts: DistrictList = .kunming) -> [Job] {
        let byDistrict = allParts(checks)
        return districts.sorted(byDistrict.keys).map { Job(district: $0, parts: byDistrict[$0] ?? []) }
    }

    /// Writes one district's return workbook into `directory` (which must exist).
    public static func write(
        _ job: Job, into directory: String, program: Program, runDate: SimpleDate, overwrite: Bool = false
    ) throws(SpreadsheetError) -> Result {
        try write(
            to: directory + "/" + fileName(for: job.district), district: job.district, parts: job.parts, program: program,
            runDate: runDate, overwrite: overwrite)
    }

    /// One file's part for a district: its rows of that district (as indices into the file's
    /// checked rows, so no row is copied), with their counts worked out once.
    struct Part: Sendable {
        var check: FileCheck
        /// Indices into `check.rows`, in sheet order.
        var rows: [Int]
        /// True when every row of the file is this district's (totals rows may then be shown).
        var wholeFile: Bool
        /// True when a file-level error holds back every row of the file.
        var blocked: Bool
        var sheetName = ""
        /// Rows paid (none when the file is blocked).
        var acceptedCount = 0
        /// Total of the rows paid.
        var acceptedAmount = Money.zero
        /// Rows paid with a warning.
        var flagged = 0
        /// Rows an earlier batch already pays.
        var alreadyPaidCount = 0
        /// Rows returned.
        var returnedCount: Int { rows.count - acceptedCount - alreadyPaidCount }

        init(check: FileCheck, rows: [Int], wholeFile: Bool) {
            self.check = check
            self.rows = rows
            self.wholeFile = wholeFile
            self.blocked = check.blocked
            let all = check.rows
            for i in rows {
                let disposition = check.disposition(i, blocked: blocked)
                if disposition == .alreadyPaid { alreadyPaidCount += 1 }
                guard disposition == .paid else { continue }
                acceptedCount += 1
                acceptedAmount += all[i].amount ?? .zero
                if all[i].findings.contains(where: { $0.severity == .warning }) { flagged += 1 }
            }
        }
    }

    /// Every district's parts, each district's in file path order; one pass over the rows.
    static func allParts(_ checks: [FileCheck]) -> [String: [Part]] {
        var out: [String: [Part]] = [:]
        for c in checks.sorted(by: { $0.file.path.utf8.lexicographicallyPrecedes($1.file.path.utf8) }) {
            var byDistrict: [String: [Int]] = [:]
            var order: [String] = []
            let rows = c.rows
            for i in rows.indices {
                let d = Payees.district(of: rows[i], in: c.file)
                if byDistrict[d] == nil { order.append(d) }
                byDistrict[d, default: []].append(i)
            }
            let fileDistrict = c.file.district ?? DistrictList.unknownDistrict
            if byDistrict[fileDistrict] == nil {
                order.append(fileDistrict)
                byDistrict[fileDistrict] = []
            }
            for d in order {
                let idx = byDistrict[d]!
                out[d, default: []].append(Part(check: c, rows: idx, wholeFile: idx.count == rows.count && fileDistrict == d))
            }
        }
        return out
    }

    static func parts(of district: String, in checks: [FileCheck]) -> [Part] {
        var parts: [Part] = []
        for c in checks.sorted(by: { $0.file.path.utf8.lexicographicallyPrecedes($1.file.path.utf8) }) {
            let all = c.rows
            let rows = all.indices.filter { Payees.district(of: all[$0], in: c.file) == district }
            let fileDistrict = c.file.district ?? DistrictList.unknownDistrict
            guard !rows.isEmpty || fileDistrict == district else { continue }
            parts.append(Part(check: c, rows: rows, wholeFile: rows.count == all.count && fileDistrict == district))
        }
        return parts
    }

    /// A sheet name from a file path: the base name without extension, made legal and unique.
    static func sheetName(for path: String, taken: inout Set<String>) -> String {
        var base = String(path.split(separator: "/").last ?? Substring(path))
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        base = String(
            base.map { ch in
                "[]:*?/\\".contains(ch) || ch.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }
                    ? "_" : ch
            })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty || base.lowercased() == "history" { base = "名单" }
        func fit(_ s: String, _ limit: Int) -> String {
            var out = ""
            for ch in s {
                if out.utf16.count + String(ch).utf16.count > limit { break }
                out.append(ch)
            }
            return out
        }
        var candidate = fit(base, 31)
        var n = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = "(\(n))"
            candidate = fit(base, 31 - suffix.utf16.count) + suffix
            n += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// Writes the return workbook of one district.
    @discardableResult
    public static func write(
        to path: String, district: String, checks: [FileCheck], program: Program, runDate: SimpleDate, overwrite: Bool = false
    ) throws(SpreadsheetError) -> Result {
        try write(to: path, district: district, parts: parts(of: district, in: checks), program: program, runDate: runDate, overwrite: overwrite)
    }

    static func write(
        to path: String, district: String, parts: [Part], program: Program, runDate: SimpleDate, overwrite: Bool
    ) throws(SpreadsheetError) -> Result {
        var ps = parts
        var taken: Set<String> = [summarySheetName.lowercased()]
        for i in ps.indices where !ps[i].check.file.headerRows.isEmpty {
            ps[i].sheetName = sheetName(for: ps[i].check.file.path, taken: &taken)
        }
        var result = Result(district: district, path: path, files: ps.map(\.check.file.path), received: 0, accepted: PaymentTotals(), flagged: 0)
        for p in ps {
            result.received += p.rows.count
            result.accepted.count += p.acceptedCount
            result.accepted.amount += p.acceptedAmount
            result.flagged += p.flagged
            result.alreadyPaid += p.alreadyPaidCount
        }
        try ReportLayout.write(
            to: path, title: "\(district) 名单核对退回", subject: program.title, program: program, runDate: runDate, overwrite: overwrite
        ) { (book: XLSXWriter) throws(SpreadsheetError) in
            let s = Styles(book)
            try writeSummary(book, s, district: district, parts: ps, result: result, program: program, runDate: runDate)
            for p in ps where !p.sheetName.isEmpty { try writeRows(book, s, p) }
        }
        return result
    }

    // MARK: - styles

    struct Styles {
        let book: XLSXWriter
        let title, info, section, header, cell, center, total, wrap, text: StyleID
        let thin = Borders.all(.thin)

        init(_ b: XLSXWriter) {
            book = b
            let bold = Font(name: ReportLayout.bodyFont.name, size: 11, bold: true)
            title = b.addStyle(CellFormat(font: Font(name: "黑体", size: 16, bold: true), alignment: Alignment(horizontal: .center, vertical: .center)))
            info = b.addStyle(CellFormat(alignment: Alignment(horizontal: .left, vertical: .center)))
            section = b.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, size: 12, bold: true)))
            header = b.addStyle(
                CellFormat(font: bold, fill: .headerGrey, borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center, wrap: true)))
            cell = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(vertical: .center)))
            center = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center)))
            total = b.addStyle(CellFormat(font: bold, fill: .headerGrey, borders: .all(.thin), alignment: Alignment(vertical: .center)))
            wrap = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(vertical: .top, wrap: true)))
            text = b.addStyle(CellFormat(alignment: Alignment(vertical: .top, wrap: true)))
        }

        /// Data cell styles already added, so each row does not hash a whole cell format per cell.
        let cache = DataStyleCache()

        /// A data cell's style: borders, the original number format, and the fill of its worst finding.
        func data(format: NumberFormat?, severity: Severity?, wrap: Bool = false) -> StyleID {
            let key = DataStyleCache.Key(format: format, severity: severity, wrap: wrap)
            if let id = cache.ids[key] { return id }
            let id = addData(format: format, severity: severity, wrap: wrap)
            cache.ids[key] = id
            return id
        }

        private func addData(format: NumberFormat?, severity: Severity?, wrap: Bool) -> StyleID {
            let fill: Color? =
                switch severity {
                case .error?: .errorRed
                case .warning?: .warningYellow
                case nil: nil
                }
            return book.addStyle(
                CellFormat(
                    fill: fill, borders: thin, alignment: Alignment(vertical: wrap ? .top : .center, wrap: wrap), numberFormat: format))
        }
    }

    /// The data styles of one workbook, by number format, fill and wrapping (used on one thread).
    final class DataStyleCache {
        struct Key: Hashable {
            var format: NumberFormat?
            var severity: Severity?
            var wrap: Bool
        }
        var ids: [Key: StyleID] = [:]
    }

    static func severityWord(_ s: Severity) -> String { s == .error ? "错误" : "提示" }

    /// How a finding is shown: "already paid" is not a mistake, so it is neither red nor an error.
    static func word(_ code: FindingCode) -> String { code == .dupAlreadyPaid ? "已发放" : severityWord(code.severity) }
    /// The fill a finding gives its cells: none for "already paid".
    static func shade(_ code: FindingCode) -> Severity? { code == .dupAlreadyPaid ? nil : code.severity }

    /// Rows needed to show `text` in a merged band `width` characters wide.
    static func lines(_ text: String, width: Double) -> Int {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += max(1, Int((Double(ReportLayout.displayWidth(String(line))) / max(width - 1, 1)).rounded(.up)))
        }
        return max(n, 1)
    }

    // MARK: - 说明

    static func writeSummary(
        _ book: XLSXWriter, _ s: Styles, district: String, parts: [Part], result: Result, program: Program, runDate: SimpleDate
    ) throws(SpreadsheetError) {
        let widths: [Double] = [
            ReportLayout.width(parts.map { String($0.check.file.path.split(separator: "/").last ?? "") } + ["身份证号码格式错误（示例）"], min: 26, max: 44),
            16, 10, 10, 10, 12, 44,
        ]
        let last = widths.count - 1
        let bandWidth = widths.reduce(0, +)
        let sheet = try book.addSheet(
            name: summarySheetName,
            options: SheetOptions(
                columns: SheetOptions.widths(widths), showGridlines: false,
                pageSetup: PageSetup(orientation: .landscape, paper: .a4, fitToWidth: true, footer: "&C第 &P 页，共 &N 页")))
        func band(_ text: String, style: StyleID, height: Double? = nil) throws(SpreadsheetError) {
            let r = sheet.nextRow
            let h = height ?? Double(lines(text, width: bandWidth)) * 15 + 3
            try sheet.writeRow([.string(text, style: style)], height: h)
            try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: r, lastColumn: last, lastRow: r))
        }
        /// A table's header row, its fourth to sixth columns merged (the wide 问题 column).
        func tableHeader(_ titles: [String]) throws(SpreadsheetError) {
            try sheet.writeRow(titles.map { .string($0, style: s.header) })
            try sheet.mergeCells(CellRange(firstColumn: 3, firstRow: sheet.nextRow - 1, lastColumn: 5, lastRow: sheet.nextRow - 1))
        }
        func blank() throws(SpreadsheetError) { try sheet.writeRow([], at: sheet.nextRow + 1) }

        try band("\(district) 劳模名单核对结果及退回说明", style: s.title, height: 30)
        try band("项目：\(program.title)（编号 \(program.id)，发放期间 \(program.period)）", style: s.info)
        try band("核对日期：\(ReportLayout.chineseDate(runDate))", style: s.info)
        try band(
            "本区县共报送 \(result.received) 行，通过 \(result.accepted.count) 行（金额 \(result.accepted.amount.groupedString) 元，纳入本批发放），"
                + (result.alreadyPaid > 0 ? "此前批次已发放 \(result.alreadyPaid) 行（本次不再发放，无需改正），" : "")
                + "退回 \(result.returned) 行。",
            style: s.info)

        try blank()
        try band("一、核对结果", style: s.section, height: 22)
        try sheet.writeRow(["文件", "工作表", "收到行数", "通过行数", "退回行数", "其中有提示", "通过金额(元)"].map { .string($0, style: s.header) })
        for p in parts {
            let name = String(p.check.file.path.split(separator: "/").last ?? "")
            let amount = p.acceptedAmount
            try sheet.writeRow([
                .string(name, style: s.cell), .string(p.check.file.sheet, style: s.cell), .number(Double(p.rows.count), style: s.center),
                .number(Double(p.acceptedCount), style: s.center), .number(Double(p.returnedCount), style: s.center),
                .number(Double(p.flagged), style: s.center), .decimal(amount.decimalString, style: s.data(format: .money, severity: nil)),
            ])
        }
        try sheet.writeRow([
            .string("合计", style: s.total), .empty(style: s.total), .number(Double(result.received), style: s.total),
            .number(Double(result.accepted.count), style: s.total), .number(Double(result.returned), style: s.total),
            .number(Double(result.flagged), style: s.total),
            .decimal(result.accepted.amount.decimalString, style: s.book.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, bold: true), fill: .headerGrey, borders: .all(.thin), numberFormat: .money))),
        ])

        // File-level findings: a missing column, no district, a totals row that does not add up.
        let fileFindings = parts.flatMap { p in p.check.fileFindings.map { (p, $0) } }
        try blank()
        try band("二、文件问题", style: s.section, height: 22)
        if fileFindings.isEmpty {
            try band("无。", style: s.info)
        } else {
            try tableHeader(["文件", "位置", "类别", "问题", "", "", "说明及改正方法"])
            for (p, f) in fileFindings {
                let name = String(p.check.file.path.split(separator: "/").last ?? "")
                let sev = s.data(format: nil, severity: f.severity, wrap: true)
                let explain = f.message + (f.row == nil && f.severity == .error ? "（整个文件退回）" : "") + "\n" + FindingText.fix(f.code)
                let r = sheet.nextRow
                try sheet.writeRow(
                    [
                        .string(name, style: s.wrap), .string(f.place ?? "整个文件", style: s.wrap), .string(severityWord(f.severity), style: sev),
                        .string(FindingText.label(f.code), style: s.wrap), .empty(style: s.wrap), .empty(style: s.wrap),
                        .string(explain, style: s.wrap),
                    ], height: Double(lines(explain, width: widths[last])) * 15 + 3)
                try sheet.mergeCells(CellRange(firstColumn: 3, firstRow: r, lastColumn: 5, lastRow: r))
            }
        }

        // Counts by problem (rows with each code) and how to fix each.
        var rowsByCode: [FindingCode: Int] = [:]
        for p in parts {
            let all = p.check.rows
            for i in p.rows where !all[i].findings.isEmpty {
                var seen: [FindingCode] = []
                for f in all[i].findings where !seen.contains(f.code) {
                    seen.append(f.code)
                    rowsByCode[f.code, default: 0] += 1
                }
            }
        }
        try blank()
        try band("三、问题统计及改正方法", style: s.section, height: 22)
        if rowsByCode.isEmpty {
            try band("所有行均通过核对。", style: s.info)
        } else {
            try tableHeader(["问题", "代码", "类别", "行数", "", "", "如何改正"])
            let codes = rowsByCode.keys.sorted { a, b in
                a.severity != b.severity ? a.severity > b.severity
                    : FindingCode.allCases.firstIndex(of: a)! < FindingCode.allCases.firstIndex(of: b)!
            }
            for c in codes {
                let r = sheet.nextRow
                try sheet.writeRow(
                    [
                        .string(FindingText.label(c), style: s.wrap), .string(c.rawValue, style: s.wrap),
                        .string(word(c), style: s.data(format: nil, severity: shade(c), wrap: true)),
                        .number(Double(rowsByCode[c]!), style: s.center), .empty(style: s.center), .empty(style: s.center),
                        .string(FindingText.fix(c), style: s.wrap),
                    ], height: Double(lines(FindingText.fix(c), width: widths[last])) * 15 + 3)
                try sheet.mergeCells(CellRange(firstColumn: 3, firstRow: r, lastColumn: 5, lastRow: r))
            }
        }

        try blank()
        try band("四、如何修改和重新报送", style: s.section, height: 22)
        let steps = [
            "1. 后面各工作表是本区县报送的原始名单（每个文件一张表），保持原来的列和内容；最后增加了“问题说明”“核对结果”“原表行号”三列。",
            "2. 标红的单元格有错误，该行本次不予发放；标黄的单元格为提示，该行已发放，请核对。鼠标移到单元格上可看到批注。",
            "3. “核对结果”为“退回”的行，请按“问题说明”逐项改正；“通过”的行已纳入本批发放，请勿重复报送。",
            "4. 改正后，请只把退回的行按原模板另存为新文件（文件名写明区县，如“\(district)补报.xlsx”），身份证号码和银行卡号列请先设置为“文本”格式再录入，然后重新报送。",
            "5. 如“文件问题”中注明整个文件退回，请补齐后将整个文件重新报送。",
            "6. 如对核对结果有异议，请附证明材料与市总工会联系。",
        ]
        for st in steps { try band(st, style: s.text) }
    }

    // MARK: - data sheets

    /// The cell to write for an original cell, every value as sent.
    static func originalCell(_ c: Cell, style: (NumberFormat?) -> StyleID) -> WriteCell {
        let fmt = c.numberFormat.map { NumberFormat($0) }
        switch c.value {
        case .empty: return .empty(style: style(nil))
        case .string(let t): return .text(t, style: style(fmt))
        case .number(let d):
            if TextPolicy.isPlainDecimal(c.raw) { return .decimal(c.raw, style: style(fmt)) }
            return .number(d, style: style(fmt))
        case .bool(let b): return .bool(b, style: style(fmt))
        case .error(let e): return .string(e, style: style(nil))
        case .date(let dt):
            let f = fmt ?? (dt.kind == .date ? .date : dt.kind == .time ? .time : .dateTime)
            return .date(dt, style: style(f))
        case .duration(let d):
            if TextPolicy.isPlainDecimal(c.raw) { return .decimal(c.raw, style: style(fmt ?? "[h]:mm:ss")) }
            return .number(d / 86400, style: style(fmt ?? "[h]:mm:ss"))
        }
    }

    static func writeRows(_ book: XLSXWriter, _ s: Styles, _ p: Part) throws(SpreadsheetError) {
        let file = p.check.file
        let all = p.check.rows
        let headerRows = file.headerRows
        // Data and totals rows in sheet order (totals only when the whole file is this district's).
        // Data lines refer to the file's checked rows by index, so no row is copied.
        enum Line {
            case data(Int)
            case totals(Row)
        }
        func number(_ l: Line) -> Int {
            switch l {
            case .data(let i): return all[i].number
            case .totals(let r): return r.number
            }
        }
        var lines: [Line] = p.rows.map { .data($0) }
        if p.wholeFile, !file.totalsRows.isEmpty {
            lines += file.totalsRows.map { .totals($0) }
            lines.sort { number($0) < number($1) }
        } else if !p.rows.indices.dropFirst().allSatisfy({ all[p.rows[$0 - 1]].number < all[p.rows[$0]].number }) {
            lines.sort { number($0) < number($1) }
        }
        // Each line's cells, as (column, raw text): data rows straight from their compact form,
        // so a district's rows are never all rebuilt as cells at once (they are, one at a time,
        // when written).
        func forEachRaw(_ l: Line, _ body: (_ column: Int, _ raw: String) -> Void) {
            switch l {
            case .data(let i): all[i].source.forEachRaw(body)
            case .totals(let r): for c in r.cells { body(c.column, c.raw) }
            }
        }
        // The widest text of each column the lines use (measured once, for the widths below).
        var widest: [Int] = []
        for l in lines {
            forEachRaw(l) { column, raw in
                if column >= widest.count { widest += Array(repeating: 0, count: column + 1 - widest.count) }
                widest[column] = max(widest[column], ReportLayout.lineWidth(raw))
            }
        }

        var maxCol = file.headers.map(\.column).max() ?? 0
        for h in headerRows { maxCol = max(maxCol, h.cells.map(\.column).max() ?? 0) }
        maxCol = max(maxCol, widest.count - 1)
        widest += Array(repeating: 0, count: maxCol + 1 - widest.count)
        let problemsCol = maxCol + 1
        let statusCol = maxCol + 2
        let rowCol = maxCol + 3

        // Findings per line: by row number; file-level errors are repeated on every row they hold back.
        let blockers = p.check.blockingFindings
        var totalsFindings: [Int: [Finding]] = [:]
        for f in p.check.fileFindings { if let r = f.row { totalsFindings[r, default: []].append(f) } }
        func findings(_ l: Line) -> [Finding] {
            switch l {
            case .data(let i): return all[i].findings
            case .totals(let r): return totalsFindings[r.number] ?? []
            }
        }
        func problemText(_ l: Line) -> String {
            let fs = findings(l)
            var isData = false
            if case .data = l { isData = true }
            if fs.isEmpty && (!isData || blockers.isEmpty) { return "" }
            var out: [String] = []
            for f in fs {
                let field = f.field.map { $0.label } ?? ""
                let place = f.column.map { "（\($0)列）" } ?? ""
                out.append("【\(word(f.code))】\(field)\(place)：\(f.message)")
            }
            if isData {
                for b in blockers { out.append("【错误】整个文件退回：\(b.message)") }
            }
            return out.joined(separator: "\n")
        }

        // Column widths from the original headers and values (the widest line of each column).
        for h in headerRows { for c in h.cells where c.column <= maxCol { widest[c.column] = max(widest[c.column], ReportLayout.lineWidth(c.raw)) } }
        var widths = widest.map { ReportLayout.width(widest: $0, min: 6, max: 40) }
        let problemTexts = lines.map(problemText)
        var problemWidest = ReportLayout.lineWidth(problemsHeader)
        for t in problemTexts where !t.isEmpty { problemWidest = max(problemWidest, ReportLayout.lineWidth(t)) }
        let problemWidth = ReportLayout.width(widest: problemWidest, min: 16, max: 60)
        widths += [problemWidth, 10, 9]

        let headerCount = max(headerRows.count, 1)
        let firstHeader = headerRows.first?.number ?? 1
        let sheet = try book.addSheet(
            name: p.sheetName,
            options: SheetOptions(
                columns: SheetOptions.widths(widths), freezeRows: headerCount,
                pageSetup: PageSetup(
                    orientation: .landscape, paper: .a4, fitToWidth: true, repeatRows: 1...headerCount,
                    margins: PageMargins(left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3),
                    footer: "&C第 &P 页，共 &N 页")))

        // The header row(s) as the district wrote them, plus the three added columns.
        for (i, h) in headerRows.enumerated() {
            var cells = Array(repeating: WriteCell.empty(style: s.header), count: rowCol + 1)
            for c in h.cells where c.column <= maxCol { cells[c.column] = .string(c.raw, style: s.header) }
            if i == 0 {
                cells[problemsCol] = .string(problemsHeader, style: s.header)
                cells[statusCol] = .string(statusHeader, style: s.header)
                cells[rowCol] = .string(rowNumberHeader, style: s.header)
            }
            try sheet.writeRow(cells, height: 24)
        }
        let lastHeader = firstHeader + headerCount - 1
        for m in file.mergedRanges where m.firstRow >= firstHeader && m.lastRow <= lastHeader && m.lastColumn <= maxCol {
            try sheet.mergeCells(
                CellRange(firstColumn: m.firstColumn, firstRow: m.firstRow - firstHeader + 1, lastColumn: m.lastColumn, lastRow: m.lastRow - firstHeader + 1))
        }
        if headerCount > 1 {
            for c in [problemsCol, statusCol, rowCol] {
                try sheet.mergeCells(CellRange(firstColumn: c, firstRow: 1, lastColumn: c, lastRow: headerCount))
            }
        }

        // Styles every plain row uses, looked up once.
        let plainEmpty = s.data(format: nil, severity: nil)
        let plainProblems = s.data(format: nil, severity: nil, wrap: true)
        var cells = Array(repeating: WriteCell.empty(), count: rowCol + 1)
        var worstByColumn = Array(repeating: Severity?.none, count: maxCol + 1)
        var notes = Array(repeating: [String](), count: maxCol + 1)
        for (li, l) in lines.enumerated() {
            let fs = findings(l)
            var noted: [Int] = []
            for f in fs {
                guard let c = f.columnIndex, c <= maxCol else { continue }
                if let shade = Self.shade(f.code) { worstByColumn[c] = max(worstByColumn[c] ?? shade, shade) }
                if notes[c].isEmpty { noted.append(c) }
                notes[c].append("【\(Self.word(f.code))】\(f.message)")
            }
            var status = ""
            var isData = false
            switch l {
            case .data(let i):
                isData = true
                switch p.check.disposition(i, blocked: p.blocked) {
                case .paid: status = fs.isEmpty ? "通过" : "通过（有提示）"
                case .alreadyPaid: status = "已发放"
                case .returned: status = "退回"
                }
            case .totals:
                break
            }
            var rowSeverity: Severity? = fs.compactMap { Self.shade($0.code) }.max()
            if isData, !blockers.isEmpty { rowSeverity = .error }
            if noted.isEmpty {
                for c in 0...maxCol { cells[c] = .empty(style: plainEmpty) }
            } else {
                for c in 0...maxCol { cells[c] = .empty(style: s.data(format: nil, severity: worstByColumn[c])) }
            }
            let rowNumber0 = number(l)
            switch l {
            case .data(let i): fill(&cells, all[i].source.row.cells, maxCol: maxCol, worst: worstByColumn, styles: s)
            case .totals(let r): fill(&cells, r.cells, maxCol: maxCol, worst: worstByColumn, styles: s)
            }
            let text = problemTexts[li]
            cells[problemsCol] = text.isEmpty ? .empty(style: plainProblems) : .string(text, style: s.data(format: nil, severity: rowSeverity, wrap: true))
            cells[statusCol] = status.isEmpty ? .empty(style: s.center) : .string(status, style: s.data(format: nil, severity: status == "退回" ? .error : nil))
            cells[rowCol] = .number(Double(rowNumber0), style: s.center)
            let height = text.isEmpty ? nil : Optional(Double(Self.lines(text, width: problemWidth)) * 15 + 3)
            let rowNumber = sheet.nextRow
            try sheet.writeRow(cells, height: height.flatMap { $0 > 18 ? $0 : nil })
            for c in noted.sorted() {
                try sheet.addNote(row: rowNumber, column: c, text: notes[c].joined(separator: "\n"))
                notes[c] = []
                worstByColumn[c] = nil
            }
        }
        if !lines.isEmpty {
            try sheet.setAutoFilter(CellRange(firstColumn: 0, firstRow: headerCount, lastColumn: rowCol, lastRow: headerCount + lines.count))
        }
    }

    /// Puts a row's original cells (up to `maxCol`) into `cells`, styled by their worst finding.
    static func fill(_ cells: inout [WriteCell], _ original: [Cell], maxCol: Int, worst: [Severity?], styles s: Styles) {
        for c in original where c.column <= maxCol {
            let sev = worst[c.column]
            cells[c.column] = originalCell(c) { fmt in s.data(format: fmt, severity: sev) }
        }
    }
}
