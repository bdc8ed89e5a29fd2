import RosterCore
import Spreadsheet

/// The year-end performance workbook (年度绩效自评表), from the ledger's figures alone: the
/// indicator table in the finance bureaus' layout (printable on A4 with a sign-off block), each
/// programme's figures, and the breakdowns by honour level and by district.
public enum YearReportWorkbook {
    /// `2017年度劳模帮扶资金绩效自评表.xlsx`.
    public static func fileName(year: Int) -> String { "\(year)年度劳模帮扶资金绩效自评表.xlsx" }

    /// Writes the workbook; `date` is the figures' own date (the latest record of the year).
    public static func write(
        to path: String, figures: YearFigures, indicators: [Indicator], date: SimpleDate, signOff: SignOff = SignOff(),
        overwrite: Bool = false
    ) throws(SpreadsheetError) {
        try ReportLayout.write(
            to: path, title: "\(figures.year)年度绩效自评表", subject: "year report", keywords: figures.programmes.map(\.id).joined(separator: " "),
            date: date, overwrite: overwrite
        ) { (book: XLSXWriter) throws(SpreadsheetError) in
            let s = FinanceWorkbook.Styles(book)
            let clerk = book.addStyle(
                CellFormat(fill: Color.warningYellow, borders: .all(.thin), alignment: Alignment(vertical: .center, wrap: true)))
            let wrap = book.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(vertical: .center, wrap: true)))
            try indicatorSheet(book, s, clerk: clerk, wrap: wrap, figures: figures, indicators: indicators, date: date, signOff: signOff)
            try programmeSheet(book, s, figures: figures, date: date)
            try breakdownSheet(book, s, name: "按荣誉级别", head: "荣誉级别", figures: figures, date: date) { p in
                p.byHonour.map { (HonourLevel.label(forKey: $0.key), $0.totals) }
            }
            try breakdownSheet(book, s, name: "按区县", head: "区县", figures: figures, date: date) { p in
                DistrictList.kunming.sorted(p.byDistrict.map(\.key)).compactMap { d in
                    p.byDistrict.first { $0.key == d }.map { (d, $0.totals) }
                }
            }
        }
    }

    static func info(_ figures: YearFigures, _ date: SimpleDate) -> String {
        "数据来源：发放账本（已发放 = 已提交银行 + 已到账）　数据截至：\(ReportLayout.chineseDate(date))　金额单位：元"
    }

    /// 绩效指标: 一级/二级/三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
    static func indicatorSheet(
        _ book: XLSXWriter, _ s: FinanceWorkbook.Styles, clerk: StyleID, wrap: StyleID, figures: YearFigures, indicators: [Indicator],
        date: SimpleDate, signOff: SignOff
    ) throws(SpreadsheetError) {
        let last = 7
        let sheet = try book.addSheet(
            name: "绩效指标",
            options: SheetOptions(
                columns: SheetOptions.widths([10, 14, 30, 14, 14, 7, 8, 40]), freezeRows: 3,
                pageSetup: FinanceWorkbook.page(repeatRows: 3...3)))
        try sheet.writeRow([.string("\(figures.year)年度劳模帮扶资金绩效自评表", style: s.title)], height: 30)
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 1, lastColumn: last, lastRow: 1))
        try sheet.writeRow([.string(info(figures, date), style: s.info)])
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: 2, lastColumn: last, lastRow: 2))
        let heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
        try sheet.writeRow(heads.map { .string($0, style: s.header) }, height: 30)
        var section: String?? = .none
        var sections = 0
        for i in indicators {
            // One section per programme, then one for the year as a whole (the clerk's lines).
            if section != .some(i.programme) {
                section = .some(i.programme)
                sections += 1
                let head = "\(chineseNumber(sections))、\(i.programme ?? "整体效益与满意度（由经办人据实填写）")"
                try sheet.writeRow([.string(head, style: s.section)], height: 22)
                try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: sheet.nextRow - 1, lastColumn: last, lastRow: sheet.nextRow - 1))
            }
            let style = i.leftToClerk ? clerk : wrap
            try sheet.writeRow([
                .string(i.level1, style: s.center), .string(i.level2, style: s.center), .string(i.level3, style: wrap),
                .string(i.target, style: s.center), .string(i.actual ?? "（待填写）", style: i.leftToClerk ? clerk : s.center),
                i.score.map { .number(Double($0), style: s.center) } ?? .empty(style: style),
                i.earned.map { .decimal(Indicator.points($0), style: s.center) } ?? .empty(style: style),
                .string(i.note, style: style),
            ])
        }
        let scored = indicators.compactMap(\.score).reduce(0, +)
        let earned = indicators.compactMap(\.earned).reduce(0, +)
        try sheet.writeRow([
            .string("合计", style: s.total), .empty(style: s.total), .empty(style: s.total), .empty(style: s.total), .empty(style: s.total),
            .number(Double(scored), style: s.total), .decimal(Indicator.points(earned), style: s.total),
            .string("得分不含待填写指标", style: s.total),
        ])
        try sheet.writeRow([
            .string("说明：黄色底纹的指标（满意度、社会效益等）账本无法得知，由经办人据实填写实际完成值和得分，不得臆造；其余指标由发放账本计算。", style: s.info)
        ])
        try sheet.mergeCells(CellRange(firstColumn: 0, firstRow: sheet.nextRow - 1, lastColumn: last, lastRow: sheet.nextRow - 1))
        try FinanceWorkbook.signOffRow(sheet, s, at: sheet.nextRow + 1, lastColumn: last, signOff: signOff, runDate: date)
    }

    /// 一, 二, … 十九 (the section numbers of the indicator sheet).
    static func chineseNumber(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        return (n / 10 == 1 ? "" : digits[n / 10]) + "十" + digits[n % 10]
    }

    /// 项目汇总: one row per programme.
    static func programmeSheet(_ book: XLSXWriter, _ s: FinanceWorkbook.Styles, figures: YearFigures, date: SimpleDate) throws(SpreadsheetError) {
        let heads = [
            "项目", "期间", "已发放人数", "已发放金额", "已到账人数", "已到账金额", "待银行答复人数", "待银行答复金额", "预算", "执行率",
            "失败笔数", "补发笔数", "及时发放率", "一次受理成功率", "重复发放人数",
        ]
        let sheet = try book.addSheet(
            name: "项目汇总",
            options: SheetOptions(
                columns: SheetOptions.widths([30, 12, 10, 15, 10, 15, 10, 15, 15, 9, 9, 9, 10, 10, 9]), freezeRows: 3,
                pageSetup: FinanceWorkbook.page(repeatRows: 3...3)))
        try sheet.writeRow([.string("\(figures.year)年度各项目发放情况", style: s.title)], height: 28)
        try sheet.writeRow([.string(info(figures, date), style: s.info)])
        try sheet.writeRow(heads.map { .string($0, style: s.header) }, height: 30)
        func count(_ n: Int) -> WriteCell { .number(Double(n), style: s.center) }
        func rate(_ r: Rate?) -> WriteCell { .string(r?.description ?? "—", style: s.center) }
        for p in figures.programmes {
            try sheet.writeRow([
                .string(p.title, style: s.cell), .string(p.periods.joined(separator: "、"), style: s.center), count(p.paid.count),
                .decimal(p.paid.amount.decimalString, style: s.money), count(p.confirmed.count),
                .decimal(p.confirmed.amount.decimalString, style: s.money), count(p.unconfirmed.count),
                .decimal(p.unconfirmed.amount.decimalString, style: s.money),
                p.budget.map { .decimal($0.decimalString, style: s.money) } ?? .string("未设", style: s.center), rate(p.executionRate),
                count(p.failed.count), count(p.reissued.count), rate(p.onTimeRate), rate(p.firstTimeAcceptedRate), count(p.paidTwice),
            ])
        }
    }

    /// A breakdown of each programme's payees (issued or confirmed) by one key.
    static func breakdownSheet(
        _ book: XLSXWriter, _ s: FinanceWorkbook.Styles, name: String, head: String, figures: YearFigures, date: SimpleDate,
        lines: (YearFigures.Programme) -> [(String, PaymentTotals)]
    ) throws(SpreadsheetError) {
        let sheet = try book.addSheet(
            name: name,
            options: SheetOptions(
                columns: SheetOptions.widths([30, 16, 10, 16]), freezeRows: 3, pageSetup: FinanceWorkbook.page(repeatRows: 3...3)))
        try sheet.writeRow([.string("\(figures.year)年度发放情况（\(name)）", style: s.title)], height: 28)
        try sheet.writeRow([.string(info(figures, date), style: s.info)])
        try sheet.writeRow(["项目", head, "人数", "金额"].map { .string($0, style: s.header) })
        for p in figures.programmes {
            for (key, t) in lines(p) {
                try sheet.writeRow([
                    .string(p.title, style: s.cell), .string(key, style: s.cell), .number(Double(t.count), style: s.center),
                    .decimal(t.amount.decimalString, style: s.money),
                ])
            }
            // The lines' own sum: a payee who moved district or level in the year is in two lines.
            let sum = lines(p).reduce(PaymentTotals()) { $0 + $1.1 }
            try sheet.writeRow([
                .string(p.title, style: s.subtotal), .string("小计", style: s.subtotal), .number(Double(sum.count), style: s.subtotal),
                .decimal(sum.amount.decimalString, style: s.subtotalMoney),
            ])
        }
    }
}
