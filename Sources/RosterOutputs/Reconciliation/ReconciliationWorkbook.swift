import RosterCore
import Spreadsheet

/// The reconciliation workbook (银行结果对账表): per batch, payments issued, confirmed, failed,
/// returned and awaiting the bank; per result file, what it changed; the lines that changed
/// nothing and need a person.
public enum ReconciliationWorkbook {
    public static let fileName = "银行结果对账表.xlsx"

    public static func write(to path: String, report r: ReconciliationReport, overwrite: Bool = false) throws(SpreadsheetError) {
        try ReportLayout.write(
            to: path, title: "银行结果对账表", subject: "bank results", keywords: r.batches.map(\.id).joined(separator: " "), date: r.date,
            overwrite: overwrite
        ) { (book: XLSXWriter) throws(SpreadsheetError) in
            let s = TableStyles(book)
            let sheet = try book.addSheet(name: "对账", options: SheetOptions(columns: SheetOptions.widths([24, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12])))
            try sheet.writeRow([.string("银行结果对账表", style: s.title)], height: 28)
            try sheet.writeRow([.string("对账日期：\(ReportLayout.chineseDate(r.date))　　金额单位：元", style: s.info)])
            try sheet.writeRow([.string("一、按批次", style: s.section)], at: sheet.nextRow + 1, height: 22)
            let heads = ["批次", "发放日期", "提交笔数", "提交金额", "已到账笔数", "已到账金额", "失败笔数", "失败金额", "退回笔数", "退回金额", "待银行答复笔数", "待答复金额", "作废笔数"]
            try sheet.writeRow(heads.map { .string($0, style: s.header) }, height: 30)
            for b in r.batches {
                try sheet.writeRow([
                    .string(b.id, style: s.cell), .string(b.date, style: s.center),
                    s.count(b.issued.count), s.money(b.issued.amount), s.count(b.confirmed.count), s.money(b.confirmed.amount),
                    s.count(b.failed.count), s.money(b.failed.amount), s.count(b.returned.count), s.money(b.returned.amount),
                    s.count(b.pending.count), s.money(b.pending.amount), s.count(b.voided.count),
                ])
            }
            try sheet.writeRow([.string("二、银行结果文件", style: s.section)], at: sheet.nextRow + 1, height: 22)
            try sheet.writeRow(["文件", "格式", "日期", "明细行数", "确认到账", "失败", "退回", "无变化", "需人工核对", "说明"].map { .string($0, style: s.header) })
            for f in r.files {
                try sheet.writeRow([
                    .string(f.name, style: s.cell), .string(f.format, style: s.cell), .string(f.date, style: s.center), s.count(f.lines),
                    s.count(f.confirmed), s.count(f.failed), s.count(f.returned), s.count(f.unchanged), s.count(f.problems),
                    .string(f.note, style: s.wrap),
                ])
            }
            try sheet.writeRow([.string("三、需人工核对的行（未做任何更改）", style: s.section)], at: sheet.nextRow + 1, height: 22)
            if r.problems.isEmpty {
                try sheet.writeRow([.string("无。", style: s.info)])
            } else {
                try sheet.writeRow(["文件", "位置", "原因"].map { .string($0, style: s.header) })
                for p in r.problems {
                    try sheet.writeRow([.string(p.file, style: s.cell), .string(p.position, style: s.cell), .string(p.what, style: s.wrap)])
                }
            }
        }
    }
}

/// A district's failed payments (发放失败名单): who, why in words a clerk can act on, and what
/// to send back.
public enum FailureWorkbook {
    public static func fileName(for district: String) -> String { ReturnWorkbook.fileName(for: district) }

    public static func write(
        to path: String, district: String, failures: [ReconciliationReport.Failure], date: SimpleDate, overwrite: Bool = false
    ) throws(SpreadsheetError) {
        try ReportLayout.write(
            to: path, title: "\(district) 发放失败名单", subject: "bank failures", keywords: district, date: date, overwrite: overwrite
        ) { (book: XLSXWriter) throws(SpreadsheetError) in
            let s = TableStyles(book)
            let sheet = try book.addSheet(
                name: "发放失败", options: SheetOptions(columns: SheetOptions.widths([24, 8, 22, 12, 24, 14, 12, 12, 50]), freezeRows: 4))
            try sheet.writeRow([.string("\(district) 发放失败名单", style: s.title)], height: 28)
            try sheet.writeRow([.string("以下人员的款项银行未能发放或到账后被退回。日期：\(ReportLayout.chineseDate(date))。", style: s.info)])
            try sheet.writeRow([
                .string("请逐人核实，按“原因及处理”提供本人有效的银行卡号（本人名下、正常状态），在原名单模板中只填写这些人员，另存为“\(district)补发.xlsx”后报送；核实后将在下一批次补发。", style: s.info)
            ])
            try sheet.writeRow(["批次", "序号", "身份证号码", "户名", "原银行卡号", "金额(元)", "状态", "日期", "原因及处理"].map { .string($0, style: s.header) }, height: 24)
            for f in failures {
                try sheet.writeRow([
                    .string(f.batchId, style: s.cell), f.sequence.map { s.count($0) } ?? .empty(style: s.cell), .string(f.maskedId, style: s.cell),
                    .string(f.name ?? "", style: s.cell), .string(f.maskedAccount ?? "", style: s.cell), s.money(f.amount),
                    .string(f.state, style: s.center), .string(f.date, style: s.center), .string(f.reason, style: s.wrap),
                ])
            }
        }
    }
}

/// The styles of the reconciliation tables.
struct TableStyles {
    let title, info, section, header, cell, center, wrap, moneyStyle: StyleID

    init(_ b: XLSXWriter) {
        let bold = Font(name: ReportLayout.bodyFont.name, size: 11, bold: true)
        title = b.addStyle(CellFormat(font: Font(name: "黑体", size: 16, bold: true)))
        info = b.addStyle(CellFormat(alignment: Alignment(horizontal: .left, vertical: .center)))
        section = b.addStyle(CellFormat(font: Font(name: ReportLayout.bodyFont.name, size: 12, bold: true)))
        header = b.addStyle(
            CellFormat(font: bold, fill: .headerGrey, borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center, wrap: true)))
        cell = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(vertical: .center)))
        center = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(horizontal: .center, vertical: .center)))
        wrap = b.addStyle(CellFormat(borders: .all(.thin), alignment: Alignment(vertical: .top, wrap: true)))
        moneyStyle = b.addStyle(CellFormat(borders: .all(.thin), numberFormat: .money))
    }

    func count(_ n: Int) -> WriteCell { .number(Double(n), style: center) }
    func money(_ m: Money) -> WriteCell { .decimal(m.decimalString, style: moneyStyle) }
}
