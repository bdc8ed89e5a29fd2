import RosterCheck
import RosterCore
import Spreadsheet

/// The consolidated disbursement workbook (`汇总发放表.xlsx`) for finance: every person paid,
/// grouped by district with subtotals, the grand total in figures and capital words, a summary
/// sheet and a sign-off block; printable on A4 landscape.
public enum FinanceWorkbook {
    /// The detail sheet's name.
    public static let detailSheetName = "发放明细"
    /// The summary sheet's name.
    public static let summarySheetName = "汇总"
    /// The detail sheet's column headers.
    public static let columns = ["序号", "区县", "姓名", "性别", "身份证号码", "荣誉称号", "开户行", "银行卡号", "金额(元)", "备注"]
    /// The detail sheet's columns when the payees are organisations (studios' hosts).
    public static let organisationColumns = [
        "序号", "区县", "单位名称", "工作室名称", "统一社会信用代码", "负责人（荣誉称号）", "开户行（联行号）", "对公账号", "金额(元)", "备注",
    ]

    /// The detail sheet's columns for the programme's payees.
    static func columns(_ payee: Program.Payee) -> [String] { payee == .organisation ? organisationColumns : columns }

    /// The middle columns of one payee (姓名 to 银行卡号, or 单位名称 to 对公账号), as shown.
    static func payeeTexts(_ p: Disbursement) -> (name: String, second: String, id: String, honour: String, bank: String, account: String) {
        guard p.isOrganisation else { return (p.name, p.gender, p.idNumber, p.honour, p.bank, p.account) }
        let leader = p.leader + (p.honour.isEmpty ? "" : "（\(p.honour)）")
        return (p.name, p.studio, p.idNumber, leader, p.bank + (p.bankCode.isEmpty ? "" : "（\(p.bankCode)）"), p.account)
    }

    /// Writes the finance workbook for the accepted rows of `checks` and returns the totals
    /// written. The same inputs (in any order) give the same bytes; the run date, not the clock,
    /// is written in the sign-off block and the document properties.
    @discardableResult
    public static func write(
        to path: String, checks: [FileCheck], program: Program, runDate: SimpleDate, signOff: SignOff = SignOff(),
        overwrite: Bool = false
    ) throws(SpreadsheetError) -> PaymentTally {
        try write(to: path, tally: PaymentTally(checks, program: program), program: program, runDate: runDate, signOff: signOff, overwrite: overwrite)
    }

    /// Writes the finance workbook from a `tally` already made of the checks (see
    /// `write(to:checks:program:runDate:signOff:overwrite:)`), and returns it.
    @discardableResult
    public static func write(
        to path: String, tally result: PaymentTally, program: Program, runDate: SimpleDate, signOff: SignOff = SignOff(),
        overwrite: Bool = false
    ) throws(SpreadsheetError) -> PaymentTally {
        guard result.total.amount.fen <= RMBWords.maximumFen else {
            throw SpreadsheetError(.limit, file: path, reason: "the total \(result.total.amount.groupedString) yuan is too large for capital words")
        }
        try ReportLayout.write(
            to: path, title: program.title, subject: "汇总发放表 \(program.period)", program: program, runDate: runDate, overwrite: overwrite
        ) { (book: XLSXWriter) throws(SpreadsheetError) in
            let s = Styles(book)
            try writeDetail(book, s, result, program: program, runDate: runDate, signOff: signOff)
            try writeSummary(book, s, result, program: program, runDate: runDate, signOff: signOff)
        }
        return result
    }

    // MARK: - styles

    struct Styles {
        let title, info, header, cell, center, money, subtotal, subtotalMoney, total, totalMoney, words, section, label,
            signOff, warnLabel, warnMoney: StyleID

        init(_ b: XLSXWriter) {
            let thin = Borders.all(.thin)
            let mid = Alignment(vertical: .center)
            let ctr = Alignment(horizontal: .center, vertical: .center)
            let bold = Font(name: ReportLayout.bodyFont.name, size: 11, bold: true)
            title = b.addStyle(CellFormat(font: Font(name: "黑体", size: 18, bold: true), alignment: ctr))
            info = b.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, size: 10), alignment: Alignment(horizontal: .left, vertical: .center)))
            header = b.addStyle(
                CellFormat(font: bold, fill: .headerGrey, borders: thin, alignment: Alignment(horizontal: .center, vertical: .center, wrap: true)))
            cell = b.addStyle(CellFormat(borders: thin, alignment: mid))
            center = b.addStyle(CellFormat(borders: thin, alignment: ctr))
            money = b.addStyle(CellFormat(borders: thin, alignment: mid, numberFormat: .money))
            let light = Color(rgb: 0xF2F2F2)
            subtotal = b.addStyle(CellFormat(font: bold, fill: light, borders: thin, alignment: mid))
            subtotalMoney = b.addStyle(CellFormat(font: bold, fill: light, borders: thin, alignment: mid, numberFormat: .money))
            total = b.addStyle(CellFormat(font: bold, fill: .headerGrey, borders: thin, alignment: mid))
            totalMoney = b.addStyle(CellFormat(font: bold, fill: .headerGrey, borders: thin, alignment: mid, numberFormat: .money))
            words = b.addStyle(CellFormat(font: bold, borders: thin, alignment: Alignment(horizontal: .left, vertical: .center)))
            section = b.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, size: 12, bold: true)))
            label = b.addStyle(CellFormat(font: bold, borders: thin, alignment: mid))
            signOff = b.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, size: 11), alignment: Alignment(horizontal: .left, vertical: .bottom)))
            let red = Font(name: ReportLayout.bodyFont.name, size: 11, bold: true, color: Color(rgb: 0xC00000))
            warnLabel = b.addStyle(CellFormat(font: red, borders: thin, alignment: mid))
            warnMoney = b.addStyle(CellFormat(font: red, borders: thin, alignment: mid, numberFormat: .money))
        }
    }

    static func page(repeatRows: ClosedRange<Int>?) -> PageSetup {
        PageSetup(
            orientation: .landscape, paper: .a4, fitToWidth: true, repeatRows: repeatRows,
            margins: PageMargins(left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3),
            centerHorizontally: true, footer: "&C第 &P 页，共 &N 页")
    }

    static func signOffRow(_ sheet: SheetWriter, _ s: Styles, at row: Int, lastColumn: Int, signOff: SignOff, runDate: SimpleDate)
        throws(SpreadsheetError)
    {
        // Four blocks spread over the width: 制表人 | 审核人 | 负责人 | 日期.
        let n = lastColumn + 1
        let starts = [0, n / 4, n / 2, (3 * n) / 4]
        let texts = [
            "制表人：" + signOff.preparer, "审核人：" + signOff.reviewer, "负责人：" + signOff.approver,
            "日期：" + ReportLayout.chineseDate(runDate),
        ]
        var cells: [WriteCell] = Array(repeating: .empty(), count: n)
        for (i, st) in starts.enumerated() { cells[st] = .string(texts[i], style: s.signOff) }
        try sheet.writeRow(cells, at: row, height: 28)
        for i in 0..<4 {
            let end = i == 3 ? lastColumn : starts[i + 1] - 1
            if end > starts[i] { try sheet.mergeCells(CellRange(firstColumn: starts[i], firstRow: row, lastColumn: end, lastRow: row)) }
        }
    }

    // MARK: - detail sheet

    static func writeDetail(_ book: XLSXWriter, _ s: Styles, _ r: PaymentTally, program: Program, runDate: SimpleDate, signOff: SignOff)
        throws(SpreadsheetError)
    {
        let d = r.disbursements
        let heads = columns(program.payee)
        let unit = program.payee == .organisation ? "个" : "人"
        let last = heads.count - 1
        // The widest line of each column over every row (one pass, no copies of the texts).
        var wDistrict = 0, wName = 0, wId = 0, wHonour = 0, wBank = 0, wAccount = 0, wAmount = 0, wRemarks = 0, wSecond = 0
        if program.payee == .organisation {
            for p in d {
                let t = payeeTexts(p)
                wSecond = max(wSecond, ReportLayout.lineWidth(t.second))
                wHonour = max(wHonour, ReportLayout.lineWidth(t.honour))
                wBank = max(wBank, ReportLayout.lineWidth(t.bank))
            }
        }
        // `groupedString` grows with the magnitude, so the largest and the most negative amounts are the widest.
        var maxAmount = Money.zero, minAmount = Money.zero
        var lastDistrict = ""
        var lastHonour = ""
        for p in d {
            if p.district != lastDistrict {
                wDistrict = max(wDistrict, ReportLayout.lineWidth(p.district))
                lastDistrict = p.district
            }
            if p.honour != lastHonour {
                wHonour = max(wHonour, ReportLayout.lineWidth(p.honour))
                lastHonour = p.honour
            }
            wName = max(wName, ReportLayout.lineWidth(p.name))
            wId = max(wId, ReportLayout.lineWidth(p.idNumber))
            wBank = max(wBank, ReportLayout.lineWidth(p.bank))
            wAccount = max(wAccount, ReportLayout.lineWidth(p.account))
            if p.amount > maxAmount { maxAmount = p.amount }
            if p.amount < minAmount { minAmount = p.amount }
            if !p.remarks.isEmpty { wRemarks = max(wRemarks, ReportLayout.lineWidth(p.remarks)) }
        }
        if !d.isEmpty {
            wAmount = max(maxAmount.groupedString.utf8.count, minAmount.groupedString.utf8.count)
            if maxAmount == .zero && minAmount == .zero { wAmount = Money.zero.groupedString.utf8.count }
        }
        func w(_ widest: Int, _ texts: [String], min lo: Double, max hi: Double) -> Double {
            ReportLayout.width(widest: texts.reduce(widest) { max($0, ReportLayout.lineWidth($1)) }, min: lo, max: hi)
        }
        let widths: [Double] = [
            ReportLayout.width([String(max(d.count, 1)), "序号"], min: 6, max: 8),
            w(wDistrict, ["区县", "五华区小计", "合计（大写）"], min: 10, max: 24),
            w(wName, [heads[2]], min: 9, max: program.payee == .organisation ? 32 : 20),
            program.payee == .organisation ? w(wSecond, [heads[3]], min: 12, max: 30) : 6,
            w(wId, [heads[4]], min: 20, max: 24),
            w(wHonour, [heads[5]], min: 12, max: 30),
            w(wBank, [heads[6]], min: 12, max: 40),
            w(wAccount, [heads[7]], min: 20, max: 34),
            w(wAmount, ["金额(元)", r.total.amount.groupedString], min: 12, max: 20),
            w(wRemarks, ["备注"], min: 12, max: 36),
        ]
        let sheet = try book.addSheet(
            name: detailSheetName,
            options: SheetOptions(columns: SheetOptions.widths(widths), freezeRows: 3, pageSetup: page(repeatRows: 1...3)))
        try sheet.writeRow([.string(program.title, style: s.title)], height: 32)
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 1, lastColumn: last, lastRow: 1))
        let info = "项目编号：\(program.id)　　发放期间：\(program.period)　　制表日期：\(ReportLayout.chineseDate(runDate))　　金额单位：元"
        try sheet.writeRow([.string(info, style: s.info)], height: 20)
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 2, lastColumn: last, lastRow: 2))
        try sheet.writeRow(heads.map { .string($0, style: s.header) }, height: 24)
        var serial = 0
        var i = 0
        while i < d.count {
            let district = d[i].district
            var sub = PaymentTotals()
            while i < d.count, d[i].district == district {
                let p = d[i]
                serial += 1
                sub.add(p.amount)
                let t = payeeTexts(p)
                try sheet.writeRow([
                    .number(Double(serial), style: s.center), .string(p.district, style: s.center), .string(t.name, style: s.cell),
                    t.second.isEmpty ? .empty(style: s.center) : .string(t.second, style: p.isOrganisation ? s.cell : s.center),
                    .text(t.id, style: s.cell), .string(t.honour, style: s.cell),
                    .string(t.bank, style: s.cell), .text(t.account, style: s.cell), .decimal(p.amount.decimalString, style: s.money),
                    p.remarks.isEmpty ? .empty(style: s.cell) : .string(p.remarks, style: s.cell),
                ])
                i += 1
            }
            try sheet.writeRow([
                .empty(style: s.subtotal), .string(district + "小计", style: s.subtotal), .string("\(sub.count)\(unit)", style: s.subtotal),
                .empty(style: s.subtotal), .empty(style: s.subtotal), .empty(style: s.subtotal), .empty(style: s.subtotal),
                .empty(style: s.subtotal), .decimal(sub.amount.decimalString, style: s.subtotalMoney), .empty(style: s.subtotal),
            ])
        }
        try sheet.writeRow([
            .empty(style: s.total), .string("合计", style: s.total), .string("\(r.total.count)\(unit)", style: s.total),
            .empty(style: s.total), .empty(style: s.total), .empty(style: s.total), .empty(style: s.total), .empty(style: s.total),
            .decimal(r.total.amount.decimalString, style: s.totalMoney), .empty(style: s.total),
        ])
        let wordsRow = sheet.nextRow
        var wordsCells: [WriteCell] = [.empty(style: s.words), .string("合计（大写）", style: s.words), .string(r.totalWords, style: s.words)]
        wordsCells += Array(repeating: WriteCell.empty(style: s.words), count: last - 2)
        try sheet.writeRow(wordsCells, height: 24)
        try sheet.mergeCells(CellRange(firstColumn: 2, firstRow: wordsRow, lastColumn: last, lastRow: wordsRow))
        try signOffRow(sheet, s, at: sheet.nextRow + 1, lastColumn: last, signOff: signOff, runDate: runDate)
    }

    // MARK: - summary sheet

    static func writeSummary(_ book: XLSXWriter, _ s: Styles, _ r: PaymentTally, program: Program, runDate: SimpleDate, signOff: SignOff)
        throws(SpreadsheetError)
    {
        let widths: [Double] = [
            ReportLayout.width(r.districts.map(\.district) + ["省部级劳动模范", "此前批次已发放（元）"], min: 16, max: 28), 12, 12, 12, 18, 14,
        ]
        let last = widths.count - 1
        let sheet = try book.addSheet(
            name: summarySheetName, options: SheetOptions(columns: SheetOptions.widths(widths), pageSetup: page(repeatRows: nil)))
        try sheet.writeRow([.string(program.title + " 汇总", style: s.title)], height: 32)
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 1, lastColumn: last, lastRow: 1))
        try sheet.writeRow(
            [.string("项目编号：\(program.id)　　发放期间：\(program.period)　　金额单位：元", style: s.info)], height: 20)
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 2, lastColumn: last, lastRow: 2))

        try sheet.writeRow([.string("一、按区县", style: s.section)], at: sheet.nextRow + 1, height: 22)
        try sheet.writeRow(["区县", "收到行数", "发放人数", "退回行数", "发放金额(元)", "此前已发放行数"].map { .string($0, style: s.header) }, height: 22)
        var received = 0
        var already = 0
        for t in r.districts {
            received += t.received
            already += t.alreadyPaid
            try sheet.writeRow([
                .string(t.district, style: s.cell), .number(Double(t.received), style: s.center),
                .number(Double(t.paid.count), style: s.center), .number(Double(t.returned), style: s.center),
                .decimal(t.paid.amount.decimalString, style: s.money), .number(Double(t.alreadyPaid), style: s.center),
            ])
        }
        try sheet.writeRow([
            .string("合计", style: s.total), .number(Double(received), style: s.total), .number(Double(r.total.count), style: s.total),
            .number(Double(received - r.total.count - already), style: s.total), .decimal(r.total.amount.decimalString, style: s.totalMoney),
            .number(Double(already), style: s.total),
        ])

        try sheet.writeRow([.string("二、按荣誉称号", style: s.section)], at: sheet.nextRow + 1, height: 22)
        try sheet.writeRow(["荣誉称号", "发放人数", "发放金额(元)"].map { .string($0, style: s.header) }, height: 22)
        for h in r.honours {
            try sheet.writeRow([
                .string(h.level?.label ?? "未注明", style: s.cell), .number(Double(h.totals.count), style: s.center),
                .decimal(h.totals.amount.decimalString, style: s.money),
            ])
        }
        try sheet.writeRow([
            .string("合计", style: s.total), .number(Double(r.total.count), style: s.total),
            .decimal(r.total.amount.decimalString, style: s.totalMoney),
        ])

        try sheet.writeRow([.string("三、预算", style: s.section)], at: sheet.nextRow + 1, height: 22)
        try sheet.writeRow([.string("预算总额（元）", style: s.label), .decimal(program.budget.decimalString, style: s.money)])
        try sheet.writeRow([.string("此前批次已发放（元）", style: s.label), .decimal(r.earlierCommitted.decimalString, style: s.money)])
        try sheet.writeRow([.string("本批发放（元）", style: s.label), .decimal(r.total.amount.decimalString, style: s.money)])
        if r.budgetRemaining.fen >= 0 {
            try sheet.writeRow([.string("预算剩余（元）", style: s.label), .decimal(r.budgetRemaining.decimalString, style: s.money)])
        } else {
            try sheet.writeRow([
                .string("超出预算（元）", style: s.warnLabel),
                .decimal(Money(fen: -r.budgetRemaining.fen).decimalString, style: s.warnMoney),
            ])
        }
        try sheet.writeRow([.string("合计（大写）", style: s.label), .string(r.totalWords, style: s.words)] + Array(repeating: WriteCell.empty(style: s.words), count: last - 1))
        try sheet.mergeCells(CellRange(firstColumn: 1, firstRow: sheet.nextRow - 1, lastColumn: last, lastRow: sheet.nextRow - 1))
        try signOffRow(sheet, s, at: sheet.nextRow + 1, lastColumn: last, signOff: signOff, runDate: runDate)
    }
}
