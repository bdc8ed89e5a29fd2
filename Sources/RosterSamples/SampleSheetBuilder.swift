import Spreadsheet
import RosterCore

/// Lays district roster lines out as sheets the way district clerks do: title rows, a merged
/// two-row header, a totals row, notes and signature lines, an instructions sheet.
enum SampleSheetBuilder {
    /// The laid-out sheets, the row number of every line, and the totals row if any.
    struct Laid {
        var sheets: [SampleSheet]
        var rowNumbers: [Int]
        var totalsRow: Int?
    }

    static func amountText(_ m: Money, layout: SampleLayout) -> SampleCell {
        let text = m.fen % 100 == 0 ? String(m.fen / 100) : m.decimalString
        if layout.format == .xlsx {
            return layout.amountText ? .text(m.decimalString) : .number(text)
        }
        return .text(text)
    }

    static func layout(
        district: SampleTables.District, layout: SampleLayout, lines: [SampleLine], totalsOffByFen: Int64,
        signer: String, phoneTail: Int
    ) -> Laid {
        let cols = layout.columns
        let width = cols.count
        var rows: [[SampleCell]] = []
        var merges: [CellRange] = []
        var titleRow: Int?
        if layout.title {
            titleRow = 1
            rows.append([.text(district.name + "2017年中秋国庆困难劳模帮扶申报表")])
            if layout.format == .xlsx {
                merges.append(CellRange(firstColumn: 0, firstRow: rows.count, lastColumn: width - 1, lastRow: rows.count))
            }
        }
        if layout.subtitle {
            var r = [SampleCell](repeating: .empty, count: width)
            r[0] = .text("填报单位（盖章）：" + district.name + "总工会")
            r[max(0, width - 3)] = .text("填报日期：2017年9月6日")
            rows.append(r)
        }
        let headerTop = rows.count + 1
        if layout.bankGroup, let b = cols.firstIndex(where: { $0.field == .bank }),
            b + 1 < width, cols[b + 1].field == .account
        {
            let top = rows.count + 1
            var first = [SampleCell](repeating: .empty, count: width)
            var second = [SampleCell](repeating: .empty, count: width)
            for (c, col) in cols.enumerated() {
                if c == b {
                    first[c] = .text("银行信息")
                    second[c] = .text(col.header)
                } else if c == b + 1 {
                    second[c] = .text(col.header)
                } else {
                    first[c] = .text(col.header)
                    merges.append(CellRange(firstColumn: c, firstRow: top, lastColumn: c, lastRow: top + 1))
                }
            }
            merges.append(CellRange(firstColumn: b, firstRow: top, lastColumn: b + 1, lastRow: top))
            rows.append(first)
            rows.append(second)
        } else {
            rows.append(cols.map { .text($0.header) })
        }

        let headerRows = headerTop...rows.count
        var rowNumbers: [Int] = []
        rowNumbers.reserveCapacity(lines.count)
        var sum = Money.zero
        for (i, line) in lines.enumerated() {
            var r: [SampleCell] = []
            r.reserveCapacity(width)
            for col in cols {
                switch col.field {
                case .seq: r.append(layout.format == .xlsx ? .number(String(i + 1)) : .text(String(i + 1)))
                case .district: r.append(.text(district.name))
                case .name: r.append(line.name.isEmpty ? .empty : .text(line.name))
                case .gender: r.append(.text(line.gender))
                case .id: r.append(line.id)
                case .employer: r.append(.text(line.employer))
                case .honour: r.append(.text(line.honour))
                case .hardship: r.append(.text(line.hardship))
                case .amount: r.append(line.amount)
                case .bank: r.append(.text(line.bank))
                case .account: r.append(line.account.isEmpty ? .empty : .text(line.account))
                case .phone: r.append(.text(line.phone))
                case .remarks: r.append(line.remarks.isEmpty ? .empty : .text(line.remarks))
                }
            }
            rows.append(r)
            rowNumbers.append(rows.count)
            sum += line.parsed ?? .zero
        }

        var totalsRow: Int?
        if layout.totals, let a = cols.firstIndex(where: { $0.field == .amount }) {
            var r = [SampleCell](repeating: .empty, count: width)
            r[0] = .text("合计")
            if a > 1, layout.format == .xlsx {
                merges.append(CellRange(firstColumn: 0, firstRow: rows.count + 1, lastColumn: 1, lastRow: rows.count + 1))
            }
            if let n = cols.firstIndex(where: { $0.field == .name }), n > 1, n < a {
                r[n] = .text(String(lines.count) + "人")
            }
            r[a] = amountText(Money(fen: sum.fen + totalsOffByFen), layout: layout)
            rows.append(r)
            totalsRow = rows.count
        }
        let tableRows = lines.isEmpty ? nil : (headerRows.upperBound + 1)...rows.count
        if layout.footer {
            rows.append([])
            rows.append([.text("注：1. 补助对象为生活困难的市级劳动模范，每人补助金额不超过3000元；2. 身份证号码、银行卡号请以文本格式填写。")])
            var sign = [SampleCell](repeating: .empty, count: width)
            sign[0] = .text("填报人：" + signer)
            sign[min(3, width - 1)] = .text("联系电话：0871-6" + String(phoneTail))
            sign[min(7, width - 1)] = .text("日期：2017年9月8日")
            rows.append(sign)
            rows.append([.text("单位负责人（签字）：                （盖章）")])
        }

        let widths = cols.map(\.field.width)
        var rosterSheet = SampleSheet(
            name: layout.instructions ? "困难劳模申报表" : (layout.format == .xlsx ? "Sheet1" : district.name),
            rows: rows.map(trimTrailing), merges: merges, columnWidths: widths)
        rosterSheet.titleRow = titleRow
        rosterSheet.headerRows = headerRows
        rosterSheet.tableRows = tableRows
        var sheets = [rosterSheet]
        if layout.instructions {
            let text = [
                "填表说明",
                "1. 本表由各县（市）区总工会填报，每名劳模填写一行，请勿合并单元格。",
                "2. 身份证号码须为18位，请将单元格设置为文本格式后录入，末位X请大写。",
                "3. 荣誉称号填写全国劳动模范、省部级劳动模范或市级劳动模范。",
                "4. 补助金额以元为单位，填写阿拉伯数字，每人不超过3000元。",
                "5. 银行卡号须为本人名下借记卡，请核对无误。",
                "6. 请于2017年9月10日前报送市总工会劳模办。",
            ]
            var instructions = SampleSheet(name: "填表说明", rows: text.map { [.text($0)] }, columnWidths: [90])
            instructions.titleRow = 1
            sheets.insert(instructions, at: 0)
        }
        return Laid(sheets: sheets, rowNumbers: rowNumbers, totalsRow: totalsRow)
    }

    static func trimTrailing(_ row: [SampleCell]) -> [SampleCell] {
        var r = row
        while let last = r.last, last == .empty { r.removeLast() }
        return r
    }
}
